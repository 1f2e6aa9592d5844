package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"strings"
)

// Token kinds: what a reply address points at.
const (
	TokenUpdate = 'u' // an update, decision or question (by update ID)
	TokenDigest = 'd' // a digest (by its local date, YYYYMMDD; see digestToken)
	TokenPrompt = 'p' // a check-in prompt (ID unused)
)

// ErrBadToken is returned for a reply token that Baton did not sign.
var ErrBadToken = errors.New("reply token is not one this gateway issued")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Tokens signs and checks the tokens of reply addresses,
// <team>+<token>@<domain>. A token names the item and the member it was
// sent to, and carries an HMAC so nobody can forge one.
type Tokens struct{ key []byte }

// Token is a verified reply token.
type Token struct {
	Kind   byte
	ID     uint64
	member [4]byte
}

// Sign returns the token for item (kind, id) sent to member.
func (t Tokens) Sign(kind byte, id uint64, member string) string {
	p := binary.AppendUvarint([]byte{kind}, id)
	h := memberHash(member)
	p = append(p, h[:]...)
	return strings.ToLower(b32.EncodeToString(append(p, t.mac(p)...)))
}

// Verify checks a token and decodes it.
func (t Tokens) Verify(s string) (Token, error) {
	up := strings.ToUpper(s)
	b, err := b32.DecodeString(up)
	// Only the canonical spelling (any case): base32's last character
	// has spare bits, and a second spelling of one token would be a
	// second address for it.
	if err != nil || len(b) < 1+1+4+10 || b32.EncodeToString(b) != up {
		return Token{}, ErrBadToken
	}
	p, mac := b[:len(b)-10], b[len(b)-10:]
	if !hmac.Equal(mac, t.mac(p)) {
		return Token{}, ErrBadToken
	}
	tok := Token{Kind: p[0]}
	id, n := binary.Uvarint(p[1:])
	if n <= 0 || 1+n+4 != len(p) {
		return Token{}, ErrBadToken
	}
	tok.ID = id
	copy(tok.member[:], p[1+n:])
	return tok, nil
}

// For reports whether the token was sent to member.
func (tok Token) For(member string) bool { return tok.member == memberHash(member) }

func (t Tokens) mac(p []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write(p)
	return m.Sum(nil)[:10]
}

func memberHash(email string) [4]byte {
	s := sha256.Sum256([]byte(strings.ToLower(email)))
	return [4]byte(s[:4])
}
