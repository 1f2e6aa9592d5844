package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// testScheduler is a scheduler on a temp store and a fake clock, with
// the ingest path that files the mail it reads.
type testScheduler struct {
	*Scheduler
	filer *ingest.Filer
	db    *store.DB
	clock *clocktest.Fake
}

func newTestScheduler(t testing.TB, cfg *config.Config, now time.Time) *testScheduler {
	t.Helper()
	e, c := testenv.Env(t, cfg, now)
	return &testScheduler{Scheduler: New(e, nil), filer: ingest.New(e, nil), db: e.DB, clock: c}
}

// start runs the scheduler until the test ends.
func (ts *testScheduler) start(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); ts.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}
