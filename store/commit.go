package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// maxBatch bounds how many writes share one transaction.
const maxBatch = 256

type commitReq struct {
	fn   func(*bolt.Tx) error
	done chan error
}

// update runs fn in a read-write transaction shared with other writers
// and returns once that transaction is durable. fn may run more than
// once (when another write in its batch fails), so it must be
// idempotent and reset anything it reports.
func (db *DB) update(fn func(*bolt.Tx) error) error {
	r := &commitReq{fn: fn, done: make(chan error, 1)}
	select {
	case db.reqs <- r:
		return <-r.done
	case <-db.quit:
		return ErrClosed
	}
}

// committer is the group commit: it takes whatever writes are waiting,
// commits them in one transaction (one fsync), and repeats. A lone
// writer pays one fsync; while a commit is in flight the next batch
// gathers, so throughput grows with concurrency and adds no delay.
func (db *DB) committer() {
	defer db.done.Done()
	for {
		var first *commitReq
		select {
		case first = <-db.reqs:
		case <-db.quit:
			return
		}
		batch := []*commitReq{first}
	gather:
		for len(batch) < maxBatch {
			select {
			case r := <-db.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		db.commit(batch)
	}
}

func (db *DB) commit(batch []*commitReq) {
	start := time.Now()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, r := range batch {
			if err := r.fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	// Observed before any writer hears back, so a writer that returned
	// is always counted.
	db.observe(time.Since(start), len(batch))
	if err == nil || len(batch) == 1 {
		for _, r := range batch {
			r.done <- err
		}
		return
	}
	// One write failed and took the batch down: run each alone so only
	// the failing one sees its error.
	for _, r := range batch {
		r.done <- db.bolt.Update(r.fn)
	}
}
