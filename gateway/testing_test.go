package gateway

import (
	"bufio"
	"context"
	"net"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// testGateway is a gateway on a temp store, optionally running.
type testGateway struct {
	*Gateway
	cfg   *config.Config
	db    *store.DB
	clock *clocktest.Fake
	addr  string // SMTP address once started
	ready chan net.Addr
	stop  func()
}

// newTestGateway opens a store in cfg's data dir and builds a gateway
// with a fake clock at now (zero: the real clock).
func newTestGateway(t testing.TB, cfg *config.Config, now time.Time) *testGateway {
	t.Helper()
	tg := &testGateway{cfg: cfg, db: testenv.Store(t, cfg), stop: func() {}, ready: make(chan net.Addr, 1)}
	opts := Options{}
	if !now.IsZero() {
		tg.clock = clocktest.New(now)
		opts.Clock = tg.clock
	}
	opts.Ready = func(a net.Addr) { tg.ready <- a }
	var err error
	tg.Gateway, err = New(cfg, tg.db, testenv.Log(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.stop() })
	return tg
}

// Start runs the gateway until the test ends (or Stop).
func (tg *testGateway) Start(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tg.Run(ctx) }()
	select {
	case a := <-tg.ready:
		tg.addr = a.String()
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("gateway did not start")
	}
	tg.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		tg.stop = func() {}
	}
}

// Stop shuts a started gateway down and waits for it.
func (tg *testGateway) Stop() { tg.stop() }

// replyAddr is the reply address of item (kind, id) of team t as sent
// to member.
func (tg *testGateway) replyAddr(cfg *config.Config, t *config.Team, kind byte, id uint64, member string) string {
	return tg.Tokens.Signer(member).Addr(t.Address, cfg.Domain, kind, id)
}

func bufioReader(c net.Conn) *bufio.Reader { return bufio.NewReader(c) }
