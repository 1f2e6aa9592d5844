// Package token signs and checks the tokens of Baton's reply addresses,
// <team>+<token>@<domain>. A token names what a reply answers (an
// update, one of its items, a digest, a check-in prompt) and the member
// it was sent to, with an HMAC so nobody can forge one.
package token

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"hash"
	"strings"
	"sync"
	"time"

	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
)

// Kinds: what a reply address points at.
const (
	Update   = 'u' // an update (by update ID)
	Question = 'q' // one question of an update (ForItem)
	Blocker  = 'b' // one blocker of an update (ForItem)
	Decision = 'c' // one decision of an update (ForItem)
	Digest   = 'd' // a digest (by its local date, YYYYMMDD; see gateway digestToken)
	Prompt   = 'p' // a check-in prompt (ID unused)
)

// itemKinds maps item token kinds to the store's item kinds.
var itemKinds = map[byte]string{Question: store.ItemQuestion, Blocker: store.ItemBlocker, Decision: store.ItemDecision}

// maxItems is how many items of one kind in one update get reply
// addresses of their own; later ones share their update's.
const maxItems = 256

// ForItem returns the kind and ID of the reply token for item i of
// kind (a store.Item* kind) in update id: the item's own, or the
// update's past maxItems.
func ForItem(kind string, id uint64, i int) (byte, uint64) {
	var k byte
	switch kind {
	case store.ItemQuestion:
		k = Question
	case store.ItemBlocker:
		k = Blocker
	case store.ItemDecision:
		k = Decision
	}
	if k == 0 || i >= maxItems {
		return Update, id
	}
	return k, id*maxItems + uint64(i)
}

// Update returns the update a token of kind Update or an item kind
// points at, and the item (nil for the update as a whole); ok is false
// for other kinds.
func (tok Claim) Update() (id uint64, item *store.ItemRef, ok bool) {
	if tok.Kind == Update {
		return tok.ID, nil, true
	}
	kind, isItem := itemKinds[tok.Kind]
	if !isItem {
		return 0, nil, false
	}
	return tok.ID / maxItems, &store.ItemRef{Kind: kind, Item: int(tok.ID % maxItems)}, true
}

// ErrBad is returned for a reply token that Baton did not sign.
var ErrBad = errors.New("reply token is not one this gateway issued")

// b32 spells tokens in lower case, as mail software tends to fold local
// parts that way.
var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Keys signs and checks the tokens of reply addresses,
// <team>+<token>@<domain>. A token names the item and the member it was
// sent to, and carries an HMAC so nobody can forge one. A day's digests
// sign millions of tokens, so the keyed hashes are pooled. It is safe
// for concurrent use.
type Keys struct{ macs *sync.Pool }

// NewKeys returns Keys signing with key.
func NewKeys(key []byte) Keys {
	key = bytes.Clone(key)
	return Keys{&sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}}
}

// Claim is a verified reply token.
type Claim struct {
	Kind   byte
	ID     uint64
	member [4]byte
}

// Sign returns the token for item (kind, id) sent to member.
func (t Keys) Sign(kind byte, id uint64, member string) string {
	return t.Signer(member).Sign(kind, id)
}

// Signer signs the tokens of one member's reply addresses. A digest
// signs hundreds, so the member's part is worked out once.
type Signer struct {
	t      Keys
	member [4]byte
}

// Signer returns the Signer for member.
func (t Keys) Signer(member string) Signer { return Signer{t, memberHash(member)} }

// Sign returns the token for item (kind, id).
func (s Signer) Sign(kind byte, id uint64) string {
	var buf [1 + binary.MaxVarintLen64 + 4 + macLen]byte
	p := binary.AppendUvarint(append(buf[:0], kind), id)
	p = append(p, s.member[:]...)
	return b32.EncodeToString(s.t.mac(p))
}

// Addr returns the reply address of item (kind, id) at a team's
// address: "<team>+<token>@<domain>".
func (s Signer) Addr(team, domain string, kind byte, id uint64) string {
	return team + "+" + s.Sign(kind, id) + "@" + domain
}

// DayID is the ID a digest's reply token carries: the digest's local
// date as YYYYMMDD.
func DayID(day schedule.Date) uint64 {
	return uint64(day.Year*10000 + int(day.Month)*100 + day.Day)
}

// IDDay is the date DayID encoded.
func IDDay(id uint64) schedule.Date {
	return schedule.Date{Year: int(id / 10000), Month: time.Month(id / 100 % 100), Day: int(id % 100)}
}

// Verify checks a token and decodes it.
func (t Keys) Verify(s string) (Claim, error) {
	low := strings.ToLower(s)
	b, err := b32.DecodeString(low)
	// Only the canonical spelling (any case): base32's last character
	// has spare bits, and a second spelling of one token would be a
	// second address for it.
	if err != nil || len(b) < 1+1+4+macLen || b32.EncodeToString(b) != low {
		return Claim{}, ErrBad
	}
	p := b[:len(b)-macLen]
	if !hmac.Equal(b[len(p):], t.mac(bytes.Clone(p))[len(p):]) {
		return Claim{}, ErrBad
	}
	tok := Claim{Kind: p[0]}
	id, n := binary.Uvarint(p[1:])
	if n <= 0 || 1+n+4 != len(p) {
		return Claim{}, ErrBad
	}
	tok.ID = id
	copy(tok.member[:], p[1+n:])
	return tok, nil
}

// For reports whether the token was sent to member.
func (tok Claim) For(member string) bool { return tok.member == memberHash(member) }

// macLen is how much of the HMAC a token carries: 80 bits.
const macLen = 10

// mac appends the MAC of p to p.
func (t Keys) mac(p []byte) []byte {
	m := t.macs.Get().(hash.Hash)
	m.Reset()
	m.Write(p)
	var sum [sha256.Size]byte
	p = append(p, m.Sum(sum[:0])[:macLen]...)
	t.macs.Put(m)
	return p
}

func memberHash(email string) [4]byte {
	s := sha256.Sum256([]byte(strings.ToLower(email)))
	return [4]byte(s[:4])
}
