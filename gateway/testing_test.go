package gateway

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/store"
)

// testConfig is a two-team config; tests append to it or replace keys.
const testConfig = `
domain = "baton.test"
data_dir = "data"

[smtp]
listen = "127.0.0.1:0"

[[team]]
name = "Platform"
address = "platform"
checkin = "16:30"
digest = "08:30"

[[team.member]]
name = "Ana Souza"
email = "ana@example.com"
timezone = "Europe/Lisbon"

[[team.member]]
name = "Bo Chen"
email = "bo@example.com"
timezone = "Asia/Singapore"

[[team.member]]
name = "Dana Kim"
email = "dana@example.com"
timezone = "America/New_York"

[[team]]
name = "Data"
address = "data"

[[team.member]]
name = "Chidi Okafor"
email = "chidi@example.com"
timezone = "Africa/Lagos"
`

// mustConfig writes src to a temp dir and loads it.
func mustConfig(t testing.TB, src string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baton.toml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testGateway is a gateway on a temp store, optionally running.
type testGateway struct {
	*Gateway
	cfg   *config.Config
	db    *store.DB
	clock *fakeClock
	addr  string // SMTP address once started
	ready chan net.Addr
	stop  func()
}

// newTestGateway opens a store in cfg's data dir and builds a gateway
// with a fake clock at now (zero: the real clock).
func newTestGateway(t testing.TB, cfg *config.Config, now time.Time) *testGateway {
	t.Helper()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(cfg.DataDir, "baton.db"))
	if err != nil {
		t.Fatal(err)
	}
	tg := &testGateway{cfg: cfg, db: db, stop: func() {}, ready: make(chan net.Addr, 1)}
	opts := Options{}
	if !now.IsZero() {
		tg.clock = newFakeClock(now)
		opts.Clock = tg.clock
	}
	opts.Ready = func(a net.Addr) { tg.ready <- a }
	tg.Gateway, err = New(cfg, db, slog.New(slog.NewTextHandler(t.Output(), nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.stop(); db.Close() })
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

// waitFor polls cond every 10 ms until it holds or 10 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	nextID  int
}

type waiter struct {
	at time.Time
	ch chan time.Time
	id int
}

func newFakeClock(now time.Time) *fakeClock { return &fakeClock{now: now} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	return ch
}

func (c *fakeClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch, func() {}
	}
	c.nextID++
	id := c.nextID
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch, id: id})
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, w := range c.waiters {
			if w.id == id {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				return
			}
		}
	}
}

// WaitIdle waits until n timers are pending: the loops under test have
// done their work and gone back to sleep.
func (c *fakeClock) WaitIdle(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Waiters() != n {
		if time.Now().After(deadline) {
			c.mu.Lock()
			defer c.mu.Unlock()
			var at []string
			for _, w := range c.waiters {
				at = append(at, w.at.Format(time.RFC3339))
			}
			t.Fatalf("timed out waiting for %d sleeping timers; now %s, timers at %v", n, c.now.Format(time.RFC3339), at)
		}
		time.Sleep(time.Millisecond)
	}
}

// Advance moves the clock to now+d, firing every timer due by then in
// order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	sort.Slice(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	var keep []waiter
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	c.mu.Unlock()
}

// NextAt returns when the earliest pending timer fires.
func (c *fakeClock) NextAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var next time.Time
	for _, w := range c.waiters {
		if next.IsZero() || w.at.Before(next) {
			next = w.at
		}
	}
	return next
}

// Waiters reports how many timers are pending.
func (c *fakeClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// quiet is a Sunday noon in every test zone: no prompt or digest is due
// then or within the grace period before it.
var quiet = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func bufioReader(c net.Conn) *bufio.Reader { return bufio.NewReader(c) }
