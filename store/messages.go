package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/thread"
	bolt "go.etcd.io/bbolt"
)

// Classes of stored messages.
const (
	ClassUpdate  = "update"  // a new update
	ClassReply   = "reply"   // a reply threaded under an earlier item
	ClassAuto    = "auto"    // auto-reply, bounce or list mail: recorded, never answered
	ClassRefused = "refused" // from a non-member (IMAP or file input): recorded, not filed
)

// Source is the way a message reached Baton; it decides who may be
// taken as its author (README, Trust model).
type Source string

// Sources.
const (
	SourceSMTP       Source = "smtp"       // the inbound SMTP listener: the envelope sender
	SourceSubmission Source = "submission" // the submission listener: the signed-in member
	SourceIMAP       Source = "imap"       // the polled mailbox: the header From, checked
	SourceFile       Source = "file"       // baton ingest, by the admin
	SourceImport     Source = "import"     // baton import of historic mail, by the admin
)

// Live reports whether the message is still in an SMTP session, so a
// refusal is answered in it rather than recorded.
func (s Source) Live() bool { return s == SourceSMTP || s == SourceSubmission }

// Envelope is how a message arrived.
type Envelope struct {
	Source   Source    `json:"source"`
	Remote   string    `json:"remote,omitempty"`
	MailFrom string    `json:"mail_from,omitempty"`
	Rcpt     []string  `json:"rcpt,omitempty"`
	Received time.Time `json:"received"`
	Auth     string    `json:"auth,omitempty"` // e.g. "dkim=pass header.d=example.com"
}

// Message is what the store knows of one raw message besides its bytes.
type Message struct {
	ID        uint64   `json:"id"`
	MessageID string   `json:"message_id,omitempty"`
	Hash      string   `json:"hash"` // hex SHA-256 of the raw bytes with CRLF line ends (contentHash)
	Size      int      `json:"size"`
	Envelope  Envelope `json:"envelope"`
	Class     string   `json:"class"`
	Reason    string   `json:"reason,omitempty"` // why auto or refused
	Team      string   `json:"team,omitempty"`   // team address local part
	Author    string   `json:"author,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
	// Pruned is set once retention removed the raw bytes (ops.go).
	Pruned bool `json:"pruned,omitempty"`
}

// Update is a filed update or reply: the parse result plus where it
// belongs. Its ID is its message's ID.
type Update struct {
	ID       uint64         `json:"id"`
	Team     string         `json:"team"`
	Author   string         `json:"author"`
	Received time.Time      `json:"received"`
	Parent   uint64         `json:"parent,omitempty"` // update replied to; 0 for a new update
	Parsed   parser.Message `json:"parsed"`
	// Digest is the Message-ID of the digest a reply answers when it
	// answers the digest as a whole: class reply, Parent 0.
	Digest string `json:"digest,omitempty"`
	// Source is the message a derived update was cut from (a piece of
	// a reply written under a quoted item); 0 for a whole message.
	Source uint64 `json:"source,omitempty"`
	// Wants are Message-IDs the update named as parents, nearer than
	// Parent, not yet received; the first to arrive becomes Parent.
	Wants []string `json:"wants,omitempty"`
	// Answers is the item of Parent the reply was written to, through
	// that item's own reply address; nil for the update as a whole.
	Answers *ItemRef `json:"answers,omitempty"`
}

// Delivery is everything one arriving message changes, written in one
// transaction.
type Delivery struct {
	Raw     []byte
	Message Message    // ID, Hash and Size are filled in by Deliver
	Update  *Update    // nil unless Class is update or reply
	IMAP    *IMAPState // the poller's watermark after this message
	// Pieces are updates derived from this message (its parts written
	// under quoted items), each filed with an ID of its own and Source
	// set to the message's ID. A resend files nothing again.
	Pieces []*Update
	// Effects, when set, derives the item states and the outbound mail
	// the message changes; nil means it changes none.
	Effects Effects
	// Away, when set, records its member as away (an out-of-office
	// reply); an Update from a member away ends it (away.go).
	Away *Away
}

// Effects derives what a delivery changes beyond the records it
// carries. Deliver calls it inside the write transaction, so its methods
// must be pure: they read only their arguments and what the Effects was
// made with, and may be called again if the commit is retried.
type Effects interface {
	// States says which item states reply changes, given the updates
	// above it, nearest first. It is asked for the delivery's Update, each
	// of its Pieces and each update moved under it (threads.go).
	States(reply *Update, chain []*Update) []State
	// Outbound makes the mail the message triggers (e.g. an urgent
	// update relayed to the team) once its ID is known.
	Outbound(id uint64) ([]*Outbound, error)
}

// Deliver stores d durably: raw bytes, message record, update, thread
// link, outbound mail and IMAP watermark commit together or not at all.
// A message seen before (same Message-ID, or the same bytes, whatever
// their line endings, when it has none) is not stored again: Deliver returns the earlier ID and
// duplicate true, and still advances the IMAP watermark.
func (db *DB) Deliver(d *Delivery) (id uint64, duplicate bool, err error) {
	sum := contentHash(d.Raw)
	hash := hex.EncodeToString(sum[:])
	key := dedupeKey(d.Message.MessageID, hash)
	// Encode before the transaction: the committer runs one at a time,
	// so work done here runs in parallel instead. Only the ID, known in
	// the transaction, is patched in there.
	m := d.Message
	m.ID, m.Hash, m.Size = 0, hash, len(d.Raw)
	mJSON, err := encodeRecord(&m)
	if err != nil {
		return 0, false, fmt.Errorf("store message: %w", err)
	}
	var uJSON []byte
	if d.Update != nil {
		d.Update.ID = 0
		if uJSON, err = encodeRecord(d.Update); err != nil {
			return 0, false, fmt.Errorf("store message: %w", err)
		}
	}
	err = db.update(func(tx *bolt.Tx) error {
		id, duplicate = 0, false
		if d.IMAP != nil {
			if err := putJSON(tx.Bucket(bIMAP), []byte(d.IMAP.Mailbox), d.IMAP); err != nil {
				return err
			}
		}
		idx := tx.Bucket(bIndex)
		if v := idx.Get(key); v != nil {
			id, duplicate = binary.BigEndian.Uint64(v), true
			return nil
		}
		msgs := tx.Bucket(bMessages)
		n, err := msgs.NextSequence()
		if err != nil {
			return err
		}
		id = n
		if err := msgs.Put(u64(id), withID(mJSON, id)); err != nil {
			return err
		}
		if err := tx.Bucket(bRaw).Put(u64(id), d.Raw); err != nil {
			return err
		}
		if err := idx.Put(key, u64(id)); err != nil {
			return err
		}
		if u := d.Update; u != nil {
			u.ID = id
			if err := putUpdate(tx, u, withID(uJSON, id)); err != nil {
				return err
			}
			if err := fileThread(tx, id, d); err != nil {
				return err
			}
		}
		if err := fileAway(tx, id, d); err != nil {
			return err
		}
		if d.Effects == nil {
			return nil
		}
		out, err := d.Effects.Outbound(id)
		if err != nil {
			return err
		}
		for _, o := range out {
			if _, err := enqueue(tx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("store message: %w", err)
	}
	return id, duplicate, nil
}

// putUpdate writes update u, encoded as rec, with the indexes that find
// it: the received index (whose value is u's subject tag) and, for a
// reply, the link under its parent. Deliver files a message's own
// update through it, fileThread each piece.
func putUpdate(tx *bolt.Tx, u *Update, rec []byte) error {
	if err := tx.Bucket(bUpdates).Put(u64(u.ID), rec); err != nil {
		return err
	}
	if err := tx.Bucket(bReceived).Put(recvKey(u.Received, u.ID), subjectTag(u)); err != nil {
		return err
	}
	if u.Parent == 0 {
		return nil
	}
	return tx.Bucket(bChildren).Put(append(u64(u.Parent), u64(u.ID)...), nil)
}

// subjectTag is what the received index keeps of an update a reply
// could join by subject alone (one of its own, not a piece or a digest
// reply, whose subject is no reply): the first 8 bytes of the SHA-256 of
// its team and base subject (thread.BaseSubject). Other updates get
// none. It lets SubjectUpdates pass over the rest of two weeks of
// updates without decoding them, and costs no page of its own: the
// index's last leaf is written anyway.
func subjectTag(u *Update) []byte {
	if u.Source != 0 || u.Digest != "" {
		return nil
	}
	base, re := thread.BaseSubject(u.Parsed.Subject)
	if base == "" || re {
		return nil
	}
	return teamSubject(u.Team, base)
}

func teamSubject(team, base string) []byte {
	h := sha256.Sum256([]byte(team + "\x00" + base))
	return h[:8]
}

// SubjectUpdates calls fn with team's updates received since since whose
// subject tag is base's (see subjectTag), newest first, until fn returns
// false. fn checks the subject itself.
func (db *DB) SubjectUpdates(team, base string, since time.Time, fn func(*Update) bool) error {
	return db.received(since, teamSubject(team, base), fn)
}

// idRoom is the room left before a record encoded with ID 0 for the
// digits of its real ID, so that withID needs no copy.
const idRoom = 20

// encodeRecord encodes v, whose JSON starts with {"id":0, (an ID field
// first, left zero), after idRoom spare bytes.
func encodeRecord(v any) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, idRoom, 64)) // grown once, to fit
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if !bytes.HasPrefix(b[idRoom:], []byte(`{"id":0,`)) {
		return nil, errors.New("record does not start with its id")
	}
	return b, nil
}

// withID returns the record made by encodeRecord with id in place of
// the 0, written into the room before it. It may be called again with
// another id (a commit retried alone).
func withID(rec []byte, id uint64) []byte {
	const head = `{"id":`
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], id, 10)
	start := idRoom + 1 - len(d) // so the digits end where the 0 did
	copy(rec[start:], head)
	copy(rec[start+len(head):], d)
	return rec[start:]
}

// contentHash is the SHA-256 of raw with every line ending CRLF, as
// on the wire: a message read back from an mbox (LF) is the one that
// came by SMTP.
func contentHash(raw []byte) [sha256.Size]byte {
	if bytes.Count(raw, []byte("\n")) == bytes.Count(raw, []byte("\r\n")) {
		return sha256.Sum256(raw)
	}
	h := sha256.New()
	for len(raw) > 0 {
		line, rest, found := bytes.Cut(raw, []byte("\n"))
		h.Write(bytes.TrimSuffix(line, []byte("\r")))
		if found {
			h.Write([]byte("\r\n"))
		}
		raw = rest
	}
	return [sha256.Size]byte(h.Sum(nil))
}

func dedupeKey(messageID, hash string) []byte {
	if messageID != "" {
		return []byte("id:" + messageID)
	}
	return []byte("sha:" + hash)
}

// Lookup returns the ID of the message with the given Message-ID.
func (db *DB) Lookup(messageID string) (uint64, error) {
	var id uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bIndex).Get([]byte("id:" + messageID))
		if v == nil {
			return ErrNotFound
		}
		id = binary.BigEndian.Uint64(v)
		return nil
	})
	return id, err
}

// GetMessage returns the record of message id.
func (db *DB) GetMessage(id uint64) (*Message, error) {
	var m Message
	err := db.bolt.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bMessages), u64(id), &m) })
	return &m, err
}

// GetRaw returns the exact bytes of message id.
func (db *DB) GetRaw(id uint64) ([]byte, error) { return db.getBytes(bRaw, id) }

// getBytes returns a copy of the value under id in bucket b.
func (db *DB) getBytes(b []byte, id uint64) ([]byte, error) {
	var out []byte
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(b).Get(u64(id))
		if v == nil {
			return ErrNotFound
		}
		out = bytes.Clone(v)
		return nil
	})
	return out, err
}

// GetUpdate returns update id.
func (db *DB) GetUpdate(id uint64) (*Update, error) {
	var u Update
	err := db.bolt.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bUpdates), u64(id), &u) })
	return &u, err
}

// ListMessages calls fn for each message record after id after, in the
// order they were stored, until fn returns false.
func (db *DB) ListMessages(after uint64, fn func(*Message) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx.Bucket(bMessages), u64(after+1), fn)
	})
}

// ListUpdates calls fn for each update after id after, in the order they
// were stored, until fn returns false.
func (db *DB) ListUpdates(after uint64, fn func(*Update) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx.Bucket(bUpdates), u64(after+1), fn)
	})
}

// LastUpdateID returns the highest update ID stored, 0 when none is.
func (db *DB) LastUpdateID() (uint64, error) {
	var id uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bUpdates).Cursor().Last(); k != nil {
			id = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return id, err
}

// Children returns the IDs of the updates replying to id, oldest first.
func (db *DB) Children(id uint64) ([]uint64, error) {
	var ids []uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for k := range prefixed(tx.Bucket(bChildren), u64(id)) {
			ids = append(ids, binary.BigEndian.Uint64(k[8:]))
		}
		return nil
	})
	return ids, err
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

func getJSON(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return ErrNotFound
	}
	return json.Unmarshal(data, v)
}

// RecentUpdates calls fn for each update received at or after since,
// newest first, until fn returns false. It reads the received index, so
// mail filed late with an older date (an import) is where its date puts
// it.
func (db *DB) RecentUpdates(since time.Time, fn func(*Update) bool) error {
	return db.received(since, nil, fn)
}

// received walks the received index back from the newest update to
// since, calling fn with each update whose subject tag is tag (nil: with
// every update) until fn returns false; only those are decoded.
func (db *DB) received(since time.Time, tag []byte, fn func(*Update) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		updates, c := tx.Bucket(bUpdates), tx.Bucket(bReceived).Cursor()
		stop := recvKey(since, 0)
		for k, v := c.Last(); k != nil && bytes.Compare(k, stop) >= 0; k, v = c.Prev() {
			if tag != nil && !bytes.Equal(v, tag) {
				continue
			}
			var u Update
			if err := getJSON(updates, k[8:], &u); err != nil {
				return fmt.Errorf("update %d: %w", binary.BigEndian.Uint64(k[8:]), err)
			}
			if !u.Received.Before(since) && !fn(&u) { // the index keeps whole seconds
				return nil
			}
		}
		return nil
	})
}

// recvKey orders updates by the second they were received, then by ID:
// the seconds since 1970 with the sign bit flipped, so earlier dates
// sort first, then the ID.
func recvKey(t time.Time, id uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(t.Unix())^1<<63)
	binary.BigEndian.PutUint64(k[8:], id)
	return k
}
