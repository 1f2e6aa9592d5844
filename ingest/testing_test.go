package ingest

import (
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// testFiler is a Filer on a temp store and a fake clock.
type testFiler struct {
	filer *Filer
	db    *store.DB
}

func newTestFiler(t testing.TB, cfg *config.Config, now time.Time) *testFiler {
	t.Helper()
	e, _ := testenv.Env(t, cfg, now)
	return &testFiler{filer: New(e, nil), db: e.DB}
}
