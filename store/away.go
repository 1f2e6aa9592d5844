package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// Away is a member away by their own out-of-office reply, from when it
// arrived until Until, their first day back. An update from the member
// ends it early (Deliver).
type Away struct {
	Member  string    `json:"member"`
	Until   string    `json:"until"` // YYYY-MM-DD, the member's local date
	Since   time.Time `json:"since"`
	Message uint64    `json:"message"` // the out-of-office reply
}

var bAway = []byte("away")

// fileAway records d's out-of-office (message id), or ends the author's
// away on an update from them.
func fileAway(tx *bolt.Tx, id uint64, d *Delivery) error {
	b := tx.Bucket(bAway)
	if a := d.Away; a != nil {
		a.Message = id
		return putJSON(b, []byte(a.Member), a)
	}
	if d.Update != nil && b.Get([]byte(d.Update.Author)) != nil {
		return b.Delete([]byte(d.Update.Author))
	}
	return nil
}

// ListAway returns every member away by an out-of-office reply, by
// address.
func (db *DB) ListAway() ([]Away, error) {
	var out []Away
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx.Bucket(bAway), nil, func(a *Away) bool {
			out = append(out, *a)
			return true
		})
	})
	return out, err
}
