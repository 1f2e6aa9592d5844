// Package gateway runs Baton: the SMTP server and IMAP poller that take
// mail in, the ingest path that files it, the scheduler that sends
// prompts and digests, and the sender that delivers outbound mail.
package gateway

import (
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/certs"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// Clock tells the time and waits; tests use a fake one.
type Clock interface {
	Now() time.Time
	// After waits for d, like time.After.
	After(d time.Duration) <-chan time.Time
	// Timer is After with a stop function that releases the timer when
	// the wait ends early.
	Timer(d time.Duration) (c <-chan time.Time, stop func())
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// forever is a wait long enough to mean "until woken".
const forever = time.Duration(1 << 62)

// Gateway holds what every part of the daemon shares.
type Gateway struct {
	db     *store.DB
	log    *slog.Logger
	clock  Clock
	tokens token.Keys
	m      *metrics // metrics.go
	limits *limits  // limits.go

	mu   sync.RWMutex
	cfg  *config.Config
	opts parser.Options // built from cfg

	win *window // the scheduler's updates window; only it uses this
	// enqueue is db.Enqueue; a test makes it fail as a failing disk would.
	enqueue func(...*store.Queueing) error

	wake      chan struct{}       // pokes the sender when mail is queued
	reload    chan struct{}       // tells the scheduler the config changed
	retention chan struct{}       // tells the retention loop the config changed
	ready     func(smtp net.Addr) // called once the SMTP listener is up
	lookupTXT func(string) ([]string, error)

	submitAddr atomic.Pointer[net.Addr] // the submission listener, once up
	certs      certs.Reloader           // the STARTTLS certificate (certs.go)
}

// SubmissionAddr returns the submission listener's address once Run
// listens on it; nil without one.
func (g *Gateway) SubmissionAddr() net.Addr {
	if a := g.submitAddr.Load(); a != nil {
		return *a
	}
	return nil
}

// Options tune a Gateway; the zero value is what the daemon uses.
type Options struct {
	Clock Clock // nil: the real clock
	// Ready is called with the SMTP listener's address once Run is
	// serving (tests listen on port 0).
	Ready func(smtp net.Addr)
	// LookupTXT answers DNS TXT queries for DKIM; nil: the resolver.
	LookupTXT func(name string) ([]string, error)
}

// New returns a gateway over an open store.
func New(cfg *config.Config, db *store.DB, log *slog.Logger, o Options) (*Gateway, error) {
	key, err := db.TokenKey()
	if err != nil {
		return nil, err
	}
	g := &Gateway{db: db, log: log, clock: o.Clock, tokens: token.NewKeys(key), wake: make(chan struct{}, 1), reload: make(chan struct{}, 1), retention: make(chan struct{}, 1), ready: o.Ready, lookupTXT: lookupTXTOr(o.LookupTXT)}
	g.certs.Log = log
	if g.clock == nil {
		g.clock = realClock{}
	}
	g.enqueue = db.Enqueue
	g.m = newMetrics(g)
	g.SetConfig(cfg)
	g.initLimits()
	return g, nil
}

// SetConfig puts a new, valid configuration in force.
func (g *Gateway) SetConfig(cfg *config.Config) {
	opts := parserOptions(cfg)
	g.mu.Lock()
	g.cfg, g.opts = cfg, opts
	g.mu.Unlock()
	for _, c := range []chan struct{}{g.reload, g.retention} {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Config returns the configuration in force.
func (g *Gateway) Config() *config.Config {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.cfg
}

// Tokens returns the reply-token signer.
func (g *Gateway) Tokens() token.Keys { return g.tokens }

// parserOptions merges every team's headings and member names: one parse
// serves whichever team a message turns out to be for.
func parserOptions(cfg *config.Config) parser.Options {
	o := parser.Options{Sections: map[parser.Kind][]string{}}
	seen := map[string]bool{}
	for _, t := range cfg.Teams {
		for kind, names := range t.Sections {
			o.Sections[parser.Kind(kind)] = append(o.Sections[parser.Kind(kind)], names...)
		}
		for _, m := range t.Members {
			if !seen[m.Email] {
				seen[m.Email] = true
				o.Members = append(o.Members, m.Name, m.Email[:strings.IndexByte(m.Email, '@')])
			}
		}
	}
	return o
}

// poke wakes the sender without blocking.
func (g *Gateway) poke() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// Store returns the gateway's store.
func (g *Gateway) Store() *store.DB { return g.db }

// Now is the gateway's clock's time.
func (g *Gateway) Now() time.Time { return g.clock.Now() }
