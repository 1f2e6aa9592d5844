package store

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestPruneRawKeepsUpdates prunes the older half of the raw mail: its
// bytes go, its records, updates and dedupe entries stay, and a resend
// of a pruned message is still a duplicate.
func TestPruneRawKeepsUpdates(t *testing.T) {
	db, _ := newTestDB(t)
	var commits, writes atomic.Int64
	db.SetCommitObserver(func(d time.Duration, n int) { commits.Add(1); writes.Add(int64(n)) })
	for i := 1; i <= 10; i++ {
		if _, _, err := db.Deliver(testDelivery(i, fmt.Sprintf("p%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	if commits.Load() == 0 || writes.Load() < 10 {
		t.Errorf("observer saw %d commits, %d writes; want at least 10 writes", commits.Load(), writes.Load())
	}
	cut := time.Unix(1790000000+6, 0) // messages 1..5 are older
	for i, done := range []time.Time{cut.Add(-time.Hour), cut.Add(time.Hour), {}} {
		o := &Outbound{Key: fmt.Sprint("o", i), Raw: []byte("bytes"), Created: cut.Add(-2 * time.Hour)}
		if err := db.Enqueue(&Queueing{Out: o}); err != nil {
			t.Fatal(err)
		}
		if !done.IsZero() {
			o.State, o.Done = OutSent, done
			db.PutOutbound(o)
		}
	}
	n, err := db.PruneRaw(cut)
	if err != nil || n != 5 {
		t.Fatalf("PruneRaw = %d, %v; want 5", n, err)
	}
	if n, _ := db.PruneRaw(cut); n != 0 {
		t.Errorf("second PruneRaw pruned %d, want 0", n)
	}
	for i := uint64(1); i <= 10; i++ {
		_, rerr := db.GetRaw(i)
		m, _ := db.GetMessage(i)
		if _, err := db.GetUpdate(i); err != nil {
			t.Errorf("update %d gone: %v", i, err)
		}
		if pruned := i <= 5; pruned != errors.Is(rerr, ErrNotFound) || pruned != m.Pruned {
			t.Errorf("message %d: raw err %v, Pruned %v", i, rerr, m.Pruned)
		}
	}
	for id, kept := range map[uint64]bool{1: false, 2: true, 3: true} { // sent before, sent after, still queued
		if _, err := db.OutboundRaw(id); (err == nil) != kept {
			t.Errorf("outbound %d: bytes kept %v, want %v", id, err == nil, kept)
		}
	}
	if _, dup, err := db.Deliver(testDelivery(1, "p1@example.com")); err != nil || !dup {
		t.Errorf("resend of a pruned message: dup %v, %v", dup, err)
	}
}

func TestPing(t *testing.T) {
	db, _ := newTestDB(t)
	if err := db.Ping(time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(time.Now()); !errors.Is(err, ErrClosed) {
		t.Errorf("Ping after Close: %v, want ErrClosed", err)
	}
}

// TestCompact compacts a store after pruning: the data survives, the
// file shrinks, and an open store refuses compaction.
func TestCompact(t *testing.T) {
	db, path := newTestDB(t)
	for i := 1; i <= 200; i++ {
		d := testDelivery(i, fmt.Sprintf("c%d@example.com", i))
		d.Raw = append(d.Raw, make([]byte, 4096)...)
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := Compact(path); !errors.Is(err, ErrInUse) {
		t.Fatalf("Compact on an open store: %v, want ErrInUse", err)
	}
	if _, err := db.PruneRaw(time.Unix(1790000000+190, 0)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, after, err := Compact(path)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("compacted %d -> %d bytes; want smaller", before, after)
	}
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.GetUpdate(1); err != nil {
		t.Error(err)
	}
	if raw, err := db2.GetRaw(200); err != nil || len(raw) < 4096 {
		t.Errorf("raw 200 after compaction: %d bytes, %v", len(raw), err)
	}
}
