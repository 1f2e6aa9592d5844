package store

import (
	"bytes"
	"encoding/json"
	"iter"

	bolt "go.etcd.io/bbolt"
)

// Walks: the List methods decode through each, and the scans of one
// update's children or states, or of one Message-ID's waiting replies,
// go through prefixed, so a list and a prefix scan each have one shape.
// Walks of an index that fetch each record by key (RecentUpdates,
// Queued) and the schema upgrades keep their own loops.

// each decodes the JSON records of b from key from on (from the first
// when from is nil), in key order, and calls fn with each until fn
// returns false. Each record is decoded into a new T, which fn may keep.
func each[T any](b *bolt.Bucket, from []byte, fn func(*T) bool) error {
	c := b.Cursor()
	var k, v []byte
	if from == nil {
		k, v = c.First()
	} else {
		k, v = c.Seek(from)
	}
	for ; k != nil; k, v = c.Next() {
		rec := new(T)
		if err := json.Unmarshal(v, rec); err != nil {
			return err
		}
		if !fn(rec) {
			return nil
		}
	}
	return nil
}

// prefixed yields the keys of b that start with prefix, and their
// values, in key order. Like any bbolt key or value, they are valid only
// for the life of the transaction.
func prefixed(b *bolt.Bucket, prefix []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if !yield(k, v) {
				return
			}
		}
	}
}
