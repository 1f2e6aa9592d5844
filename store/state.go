package store

import (
	"bytes"
	"crypto/rand"
	"time"

	bolt "go.etcd.io/bbolt"
)

// IMAPState is the poller's position in one mailbox.
type IMAPState struct {
	Mailbox     string    `json:"mailbox"`
	UIDValidity uint32    `json:"uid_validity"`
	LastUID     uint32    `json:"last_uid"`
	LastPoll    time.Time `json:"last_poll"`
}

// GetIMAPState returns the state of mailbox; zero when never polled.
func (db *DB) GetIMAPState(mailbox string) (IMAPState, error) {
	s := IMAPState{Mailbox: mailbox}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := getJSON(tx.Bucket(bIMAP), []byte(mailbox), &s); err != nil && err != ErrNotFound {
			return err
		}
		return nil
	})
	return s, err
}

// PutIMAPState records the poller's position without a message, e.g.
// after a UIDVALIDITY change or an empty poll.
func (db *DB) PutIMAPState(s IMAPState) error {
	return db.update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bIMAP), []byte(s.Mailbox), &s) })
}

// TokenKey returns the secret that signs reply tokens, creating it on
// first use. It lives only in the database.
func (db *DB) TokenKey() ([]byte, error) {
	var key []byte
	err := db.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if v := meta.Get([]byte("token_key")); v != nil {
			key = bytes.Clone(v)
			return nil
		}
		key = make([]byte, 32)
		rand.Read(key)
		return meta.Put([]byte("token_key"), key)
	})
	return key, err
}
