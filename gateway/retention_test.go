package gateway

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
)

// TestRetentionPrunesRawMail runs the daemon with retention = "30d" on
// a fake clock: raw bytes older than 30 days go on start and on the
// daily round, updates stay, and a resend is still a duplicate.
func TestRetentionPrunesRawMail(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, "data_dir = \"data\"", "data_dir = \"data\"\nretention = \"30d\"", 1))
	tg := newTestGateway(t, cfg, testenv.Quiet)
	old := testenv.Message("ana@example.com", "platform@baton.test", "old@example.com", "Decisions:\r\n- Keep it because it works")
	if _, err := tg.filer.Ingest([]byte(old), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-40 * 24 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	recent := testenv.Message("ana@example.com", "platform@baton.test", "new@example.com", "Done:\r\n- fresh")
	if _, err := tg.filer.Ingest([]byte(recent), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-20 * 24 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	tg.Start(t)
	testenv.WaitFor(t, "the start-up prune", func() bool { _, err := tg.db.GetRaw(1); return errors.Is(err, store.ErrNotFound) })
	if _, err := tg.db.GetRaw(2); err != nil {
		t.Errorf("recent raw mail pruned: %v", err)
	}
	if u, err := tg.db.GetUpdate(1); err != nil || len(u.Parsed.Decisions) != 1 {
		t.Errorf("pruned message's update: %+v, %v", u, err)
	}
	tg.clock.WaitIdle(t, 3)               // scheduler, sender and retention asleep: the daily timer is set
	tg.clock.Advance(11 * 24 * time.Hour) // the recent one is 31 days old now; daily rounds ran
	testenv.WaitFor(t, "the daily prune", func() bool { _, err := tg.db.GetRaw(2); return errors.Is(err, store.ErrNotFound) })
	if res, err := tg.filer.File([]byte(old)); err != nil || !res.Duplicate {
		t.Errorf("resend of pruned mail: %+v, %v", res, err)
	}
	s, err := report.BuildStatus(tg.Config(), tg.db, tg.clock.Now())
	if err != nil || s.Pruned != 2 || s.Retention != "720h0m0s" {
		t.Errorf("status after pruning: %+v, %v", s, err)
	}
}

// TestRetentionStartsOnReload: a daemon started without retention
// starts pruning when a reloaded config sets it, without a restart.
func TestRetentionStartsOnReload(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	old := testenv.Message("ana@example.com", "platform@baton.test", "old@example.com", "Done:\r\n- an old thing")
	if _, err := tg.filer.Ingest([]byte(old), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-40 * 24 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	tg.Start(t)
	tg.clock.WaitIdle(t, 2) // scheduler and sender asleep; retention waits for a reload
	if _, err := tg.db.GetRaw(1); err != nil {
		t.Fatalf("pruned without retention: %v", err)
	}
	tg.SetConfig(testenv.Config(t, strings.Replace(testenv.TwoTeams, "data_dir = \"data\"", "data_dir = \"data\"\nretention = \"30d\"", 1)))
	testenv.WaitFor(t, "the prune after reload", func() bool { _, err := tg.db.GetRaw(1); return errors.Is(err, store.ErrNotFound) })
}
