// Package store keeps Baton's state in one bbolt file: the exact bytes
// of every message received, what was parsed from them, threads, digest
// watermarks, IMAP sync state and the outbound queue.
//
// Every write goes through a group commit (commit.go): concurrent
// writers share one transaction and one fsync, and a write returns only
// once it is on disk.
//
// Buckets:
//
//	meta      "schema" -> version; "token_key" -> HMAC key for reply tokens
//	messages  id -> Message (JSON): envelope, Message-ID, hash, class
//	raw       id -> the message's exact bytes
//	index     "id:"+Message-ID / "sha:"+hex(SHA-256) -> id
//	updates   id -> Update (JSON): the parsed update
//	received  received time (recvKey) | id -> subject tag, updates by arrival
//	children  parent id | child id -> nothing (thread tree)
//	marks     recipient email -> Watermark (JSON)
//	imap      mailbox -> IMAPState (JSON)
//	outbox    id -> Outbound (JSON), without its bytes
//	outraw    id -> the outbound message's bytes
//	outkeys   dedupe key -> outbound id
//	pending   outbound id -> nothing, for each message still queued
//	awaited   wanted Message-ID | 0 | child id -> nothing (threads.go)
//	states    update id | kind | item -> State (JSON) (threads.go)
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this code writes. A file with a newer
// version is refused rather than misread.
const SchemaVersion = 4

var (
	// ErrLocked means another process holds the database.
	ErrLocked = errors.New("database is in use by another process (is baton serve running?)")
	// ErrClosed is returned by writes after Close.
	ErrClosed = errors.New("store is closed")
	// ErrNotFound is returned by Get methods for a missing record.
	ErrNotFound = errors.New("not found")
)

var (
	bMeta     = []byte("meta")
	bMessages = []byte("messages")
	bRaw      = []byte("raw")
	bIndex    = []byte("index")
	bUpdates  = []byte("updates")
	bReceived = []byte("received")
	bChildren = []byte("children")
	bMarks    = []byte("marks")
	bIMAP     = []byte("imap")
	bOutbox   = []byte("outbox")
	bOutraw   = []byte("outraw")
	bOutkeys  = []byte("outkeys")
	bPending  = []byte("pending")
	bAwaited  = []byte("awaited")
	bStates   = []byte("states")
	buckets   = [][]byte{bMeta, bMessages, bRaw, bIndex, bUpdates, bReceived, bChildren, bMarks, bIMAP, bOutbox, bOutraw, bOutkeys, bPending, bAwaited, bStates, bAway}
)

// DB is an open store.
type DB struct {
	bolt *bolt.DB
	reqs chan *commitReq
	quit chan struct{}
	done sync.WaitGroup
	once sync.Once
	// observer, when set, hears about every group commit (ops.go).
	observer atomic.Pointer[CommitObserver]
}

// Open opens or creates the database file at path. It fails fast with
// ErrLocked when another process has it open.
func Open(path string) (*DB, error) {
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := b.Update(initSchema); err != nil {
		b.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{bolt: b, reqs: make(chan *commitReq), quit: make(chan struct{})}
	db.done.Add(1)
	go db.committer()
	return db, nil
}

func initSchema(tx *bolt.Tx) error {
	for _, name := range buckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bMeta)
	v := meta.Get([]byte("schema"))
	switch {
	case v == nil:
		return meta.Put([]byte("schema"), u64(SchemaVersion))
	case len(v) != 8:
		return errors.New("not a baton database: bad schema record")
	case binary.BigEndian.Uint64(v) > SchemaVersion:
		return fmt.Errorf("database schema version %d is newer than this baton understands (%d); run a newer baton, or restore a backup made by this one", binary.BigEndian.Uint64(v), SchemaVersion)
	}
	// Upgrade an older file in place, one step per version.
	version := binary.BigEndian.Uint64(v)
	for _, step := range []struct {
		from uint64
		fn   func(*bolt.Tx) error
	}{{1, splitOutboundRaw}, {2, indexReceived}, {3, indexSubjects}} {
		if version <= step.from {
			if err := step.fn(tx); err != nil {
				return fmt.Errorf("upgrade schema %d to %d: %w", step.from, step.from+1, err)
			}
		}
	}
	if version < SchemaVersion {
		return meta.Put([]byte("schema"), u64(SchemaVersion))
	}
	return nil
}

// indexSubjects upgrades schema 3 to 4: it writes each update's
// subject tag into the received index.
func indexSubjects(tx *bolt.Tx) error {
	idx := tx.Bucket(bReceived)
	return tx.Bucket(bUpdates).ForEach(func(k, v []byte) error {
		var u Update
		if err := json.Unmarshal(v, &u); err != nil {
			return err
		}
		return idx.Put(recvKey(u.Received, binary.BigEndian.Uint64(k)), subjectTag(&u))
	})
}

// indexReceived upgrades schema 2 to 3: it indexes every update by the
// time it was received.
func indexReceived(tx *bolt.Tx) error {
	idx := tx.Bucket(bReceived)
	return tx.Bucket(bUpdates).ForEach(func(k, v []byte) error {
		var u Update
		if err := json.Unmarshal(v, &u); err != nil {
			return err
		}
		return idx.Put(recvKey(u.Received, binary.BigEndian.Uint64(k)), nil)
	})
}

// splitOutboundRaw upgrades schema 1, which kept each outbound
// message's bytes inside its JSON record, to 2, which keeps them in
// outraw.
func splitOutboundRaw(tx *bolt.Tx) error {
	out, raws := tx.Bucket(bOutbox), tx.Bucket(bOutraw)
	type v1 struct {
		Raw []byte `json:"raw"`
	}
	var ids [][]byte
	if err := out.ForEach(func(k, _ []byte) error { ids = append(ids, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, k := range ids {
		var o Outbound
		var old v1
		data := out.Get(k)
		if err := json.Unmarshal(data, &o); err != nil {
			return err
		}
		if err := json.Unmarshal(data, &old); err != nil {
			return err
		}
		if err := raws.Put(k, old.Raw); err != nil {
			return err
		}
		if err := putJSON(out, k, &o); err != nil {
			return err
		}
	}
	return nil
}

// Close waits for writes in flight to commit, then closes the file.
func (db *DB) Close() error {
	db.once.Do(func() { close(db.quit) })
	db.done.Wait()
	return db.bolt.Close()
}

// Backup writes a consistent copy of the whole database to w while
// writers go on. size, when set, hears the copy's length before it is
// written, so a reader elsewhere can tell a copy cut short.
func (db *DB) Backup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}
