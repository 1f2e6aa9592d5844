package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// States of an outbound message.
const (
	OutQueued = "queued"
	OutSent   = "sent"
	OutFailed = "failed" // permanent failure; kept for the admin
)

// Outbound is a composed message waiting for, or done with, delivery.
// Its bytes, Message-ID included, are fixed when it is queued, so a
// retry sends exactly the same message.
type Outbound struct {
	ID        uint64   `json:"id"`
	Key       string   `json:"key"`  // at most one message per key, e.g. "digest/ana@example.com/2026-11-24"
	Kind      string   `json:"kind"` // "digest", "prompt", "urgent"
	MessageID string   `json:"message_id"`
	From      string   `json:"from"` // envelope sender
	To        []string `json:"to"`
	// Raw is the message's bytes, kept apart in the outraw bucket: the
	// queue is read often, the bytes only to send. Records read back
	// from the store leave it nil; see OutboundRaw.
	Raw     []byte    `json:"-"`
	Created time.Time `json:"created"`
	// NotBefore holds the message until the recipient's working hours;
	// its retry period starts then.
	NotBefore   time.Time `json:"not_before,omitzero"`
	State       string    `json:"state"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	Done        time.Time `json:"done,omitzero"` // when sent or failed
}

// Start is when delivery may begin: Created, or NotBefore if later.
func (o *Outbound) Start() time.Time {
	if o.NotBefore.After(o.Created) {
		return o.NotBefore
	}
	return o.Created
}

// Watermark is where a recipient's last digest ended.
type Watermark struct {
	Recipient string    `json:"recipient"`
	UntilID   uint64    `json:"until_id"` // last update included
	At        time.Time `json:"at"`       // when that digest was cut
	LocalDate string    `json:"local_date"`
}

// Queueing is one message to queue and, optionally, the watermark it
// moves.
type Queueing struct {
	Out  *Outbound
	Mark *Watermark
	// Existed is set by Enqueue when a message with the same Key was
	// queued before; then neither it nor Mark was written.
	Existed bool
}

// Enqueue queues each message unless one with the same Key was queued
// before, moving its watermark in the same transaction, so a digest and
// its watermark are recorded together before any sending. All of qs
// commit at once.
func (db *DB) Enqueue(qs ...*Queueing) error {
	err := db.update(func(tx *bolt.Tx) error {
		for _, q := range qs {
			q.Existed = tx.Bucket(bOutkeys).Get([]byte(q.Out.Key)) != nil
			if q.Existed {
				continue
			}
			id, err := enqueue(tx, q.Out)
			if err != nil {
				return err
			}
			q.Out.ID = id
			if q.Mark != nil {
				if err := putJSON(tx.Bucket(bMarks), []byte(q.Mark.Recipient), q.Mark); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("queue outbound mail: %w", err)
	}
	return nil
}

// enqueue writes o as a new queued message; a Key already queued is
// left alone.
func enqueue(tx *bolt.Tx, o *Outbound) (uint64, error) {
	keys := tx.Bucket(bOutkeys)
	if v := keys.Get([]byte(o.Key)); v != nil {
		return binary.BigEndian.Uint64(v), nil
	}
	out := tx.Bucket(bOutbox)
	id, err := out.NextSequence()
	if err != nil {
		return 0, err
	}
	rec := *o
	rec.ID, rec.State = id, OutQueued
	if rec.NextAttempt.IsZero() {
		rec.NextAttempt = rec.Start()
	}
	if err := putJSON(out, u64(id), &rec); err != nil {
		return 0, err
	}
	if err := tx.Bucket(bOutraw).Put(u64(id), o.Raw); err != nil {
		return 0, err
	}
	if err := tx.Bucket(bPending).Put(u64(id), nil); err != nil {
		return 0, err
	}
	return id, keys.Put([]byte(o.Key), u64(id))
}

// OutboundRaw returns the bytes of outbound message id.
func (db *DB) OutboundRaw(id uint64) ([]byte, error) { return db.getBytes(bOutraw, id) }

// Queued returns every queued message, oldest first, without its bytes.
// It reads only the pending index, not the history of sent mail.
func (db *DB) Queued() ([]*Outbound, error) {
	var list []*Outbound
	err := db.bolt.View(func(tx *bolt.Tx) error {
		out := tx.Bucket(bOutbox)
		c := tx.Bucket(bPending).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			var o Outbound
			if err := getJSON(out, k, &o); err != nil {
				return fmt.Errorf("pending outbound %d: %w", binary.BigEndian.Uint64(k), err)
			}
			list = append(list, &o)
		}
		return nil
	})
	return list, err
}

// ListOutbound calls fn for every outbound message, oldest first,
// without its bytes.
func (db *DB) ListOutbound(fn func(*Outbound) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx.Bucket(bOutbox), u64(1), fn)
	})
}

// PutOutbound records the outcome of a delivery attempt on o; a message
// no longer queued leaves the pending index.
func (db *DB) PutOutbound(o *Outbound) error {
	return db.update(func(tx *bolt.Tx) error {
		if o.State != OutQueued {
			if err := tx.Bucket(bPending).Delete(u64(o.ID)); err != nil {
				return err
			}
		}
		return putJSON(tx.Bucket(bOutbox), u64(o.ID), o)
	})
}

// GetWatermark returns recipient's watermark; the zero Watermark when
// no digest was sent yet.
func (db *DB) GetWatermark(recipient string) (Watermark, error) {
	w := Watermark{Recipient: recipient}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		err := getJSON(tx.Bucket(bMarks), []byte(recipient), &w)
		if err == ErrNotFound {
			return nil
		}
		return err
	})
	return w, err
}
