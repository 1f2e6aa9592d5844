package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// CommitObserver is told how long each group commit took, fsync
// included, and how many writes it carried.
type CommitObserver func(d time.Duration, writes int)

// SetCommitObserver installs fn (nil removes it). The gateway uses it
// for its commit latency metric; the store itself knows nothing of
// metrics.
func (db *DB) SetCommitObserver(fn CommitObserver) {
	if fn == nil {
		db.observer.Store(nil)
		return
	}
	db.observer.Store(&fn)
}

func (db *DB) observe(d time.Duration, writes int) {
	if fn := db.observer.Load(); fn != nil {
		(*fn)(d, writes)
	}
}

// Ping writes the time to the meta bucket through the group commit:
// it proves the file is writable and fsyncs complete.
func (db *DB) Ping(now time.Time) error {
	return db.update(func(tx *bolt.Tx) error {
		b, _ := now.MarshalText()
		return tx.Bucket(bMeta).Put([]byte("ping"), b)
	})
}

// pruneChunk bounds how many messages one pruning transaction touches,
// so writers from SMTP never wait long behind it.
const pruneChunk = 500

// PruneRaw deletes the raw bytes of every message received before
// before, marking its record Pruned. Message records, the dedupe index,
// updates, threads and item states stay, so a pruned message sent again
// is still recognised as a duplicate. The bytes of outbound mail sent
// or failed before before go too; their records stay for status. It
// returns how many received messages it pruned.
func (db *DB) PruneRaw(before time.Time) (int, error) {
	_, err := db.pruneBytes(bOutraw, bOutbox, func(rec []byte) (bool, error) {
		var o Outbound
		err := json.Unmarshal(rec, &o)
		return err == nil && o.State != OutQueued && o.Done.Before(before), err
	}, nil)
	if err != nil {
		return 0, fmt.Errorf("prune sent mail: %w", err)
	}
	n, err := db.pruneBytes(bRaw, bMessages, func(rec []byte) (bool, error) {
		var m Message
		err := json.Unmarshal(rec, &m)
		return err == nil && m.Envelope.Received.Before(before), err
	}, func(tx *bolt.Tx, k []byte) error {
		msgs := tx.Bucket(bMessages)
		var m Message
		if err := getJSON(msgs, k, &m); err != nil {
			return err
		}
		m.Pruned = true
		return putJSON(msgs, k, &m)
	})
	if err != nil {
		return 0, fmt.Errorf("prune raw mail: %w", err)
	}
	return n, nil
}

// pruneBytes deletes the values in bucket bytesOf whose record, under
// the same key in records, old says are old, calling mark on each
// first; pruneChunk at a time. It walks bytesOf, which pruning keeps
// small, not every record ever stored. It returns how many it deleted.
func (db *DB) pruneBytes(bytesOf, records []byte, old func(rec []byte) (bool, error), mark func(*bolt.Tx, []byte) error) (int, error) {
	var keys [][]byte
	err := db.bolt.View(func(tx *bolt.Tx) error {
		recs := tx.Bucket(records)
		return tx.Bucket(bytesOf).ForEach(func(k, _ []byte) error {
			rec := recs.Get(k)
			if rec == nil {
				return nil // no record to date it by: kept
			}
			ok, err := old(rec)
			if ok {
				keys = append(keys, bytes.Clone(k))
			}
			return err
		})
	})
	total := len(keys)
	for err == nil && len(keys) > 0 {
		chunk := keys[:min(pruneChunk, len(keys))]
		keys = keys[len(chunk):]
		err = db.update(func(tx *bolt.Tx) error {
			for _, k := range chunk {
				if mark != nil {
					if err := mark(tx, k); err != nil {
						return err
					}
				}
				if err := tx.Bucket(bytesOf).Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return total, err
}

// ErrInUse is returned by Compact while another process (baton serve)
// has the database open.
var ErrInUse = errors.New("the database is in use; stop baton serve first, then compact")

// Compact rewrites the database at path into a fresh file with bbolt's
// compaction, which leaves out the free pages that deletes and pruning
// left behind, then renames it over the original. It needs the file to
// itself. It returns the sizes before and after.
func Compact(path string) (before, after int64, err error) {
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return 0, 0, ErrInUse
	}
	if err != nil {
		return 0, 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer src.Close()
	tmp := filepath.Join(filepath.Dir(path), ".baton-compact.db")
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("create %s: %w", tmp, err)
	}
	err = bolt.Compact(dst, src, 64<<20)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		before = fi.Size()
	}
	if fi, err := os.Stat(tmp); err == nil {
		after = fi.Size()
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return before, after, nil
}
