package scheduler

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// TestDigestRetriedWhileStoreFails: a digest due while the store cannot
// queue it is tried again until it is queued, not dropped for the day.
func TestDigestRetriedWhileStoreFails(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday
	ts := newTestScheduler(t, cfg, start)
	var failing atomic.Bool
	failing.Store(true)
	ts.enqueue = func(qs ...*store.Queueing) error {
		if failing.Load() {
			return errors.New("write baton.db: input/output error")
		}
		return ts.db.Enqueue(qs...)
	}
	ts.start(t)
	clock := ts.clock
	clock.WaitIdle(t, 1)
	if _, err := ts.filer.File([]byte(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "u1@example.com", "Done:\r\n- moved billing"))); err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Minute) // Bo's 08:30 in Singapore: the store fails
	clock.WaitIdle(t, 1)
	if got := clock.NextAt(); !got.Equal(clock.Now().Add(retryDue)) {
		t.Errorf("scheduler sleeps until %v, want a retry at %v", got, clock.Now().Add(retryDue))
	}
	clock.Advance(retryDue) // still failing
	clock.WaitIdle(t, 1)
	if keys := testenv.Queued(t, ts.db, config.KindDigest, "bo@example.com"); len(keys) != 0 {
		t.Fatalf("queued while the store fails: %v", keys)
	}
	failing.Store(false)
	clock.Advance(retryDue)
	testenv.WaitFor(t, "Bo's digest queued once the store works", func() bool {
		return len(testenv.Queued(t, ts.db, config.KindDigest, "bo@example.com")) == 1
	})
	if keys := testenv.Queued(t, ts.db, config.KindDigest, "bo@example.com"); keys[0] != "digest/bo@example.com/2026-11-23" {
		t.Errorf("queued under %v, want the day it was due", keys)
	}
}
