package smtpd

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/certs"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/limit"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// testServer is the SMTP listener, and the submission listener when
// the config has one, on a temp store and a fake clock.
type testServer struct {
	smtp    *Deps
	cfg     *config.Config
	db      *store.DB
	clock   *clocktest.Fake
	addr    string   // the SMTP listener, once started
	subAddr net.Addr // the submission listener, once started
}

// newTestServer builds the listeners' shared state; set its fields
// (LookupTXT) before start.
func newTestServer(t testing.TB, cfg *config.Config, now time.Time) *testServer {
	t.Helper()
	e, c := testenv.Env(t, cfg, now)
	d := &Deps{Env: e, Filer: ingest.New(e, nil), Mem: limit.NewBudget(cfg.SMTP.MemoryBudget), Auth: limit.NewAuthThrottle(), Certs: &certs.Reloader{Log: e.Log}}
	return &testServer{smtp: d, cfg: cfg, db: e.DB, clock: c}
}

// startServer is newTestServer started.
func startServer(t testing.TB, cfg *config.Config) *testServer {
	t.Helper()
	ts := newTestServer(t, cfg, testenv.Quiet)
	ts.start(t)
	return ts
}

// start serves until the test ends.
func (ts *testServer) start(t testing.TB) {
	t.Helper()
	serve := func(s *Server, err error) net.Addr {
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Listen()
		if err != nil {
			t.Fatal(err)
		}
		go s.Serve()
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s.Shutdown(ctx)
		})
		return a
	}
	ts.addr = serve(ts.smtp.NewSMTP()).String()
	if ts.cfg.Submission != nil {
		ts.subAddr = serve(ts.smtp.NewSubmission())
	}
}

// SubmissionAddr is the submission listener's address.
func (ts *testServer) SubmissionAddr() net.Addr { return ts.subAddr }

// replyAddr is the reply address of item (kind, id) of team t as sent
// to member.
func (ts *testServer) replyAddr(cfg *config.Config, t *config.Team, kind byte, id uint64, member string) string {
	return ts.smtp.Tokens.Signer(member).Addr(t.Address, cfg.Domain, kind, id)
}
