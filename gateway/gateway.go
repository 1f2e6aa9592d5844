// Package gateway is the Baton daemon: it builds the parts (package
// smtpd and imappoll take mail in, ingest files it, scheduler queues
// prompts and digests, sender delivers them) over one store and one
// config, runs them, reloads the config and certificate without a
// restart, and serves /healthz and /metrics.
package gateway

import (
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/imappoll"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/certs"
	"github.com/baton-mail/baton/internal/clock"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/internal/limit"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/scheduler"
	"github.com/baton-mail/baton/sender"
	"github.com/baton-mail/baton/smtpd"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// Gateway is the daemon: its parts and what they share.
type Gateway struct {
	*env.Env
	filer  *ingest.Filer
	smtp   *smtpd.Deps
	imap   *imappoll.Poller
	sched  *scheduler.Scheduler
	sender *sender.Sender
	certs  certs.Reloader // the STARTTLS certificate (certs.go)

	retention  chan struct{}            // tells the retention loop the config changed
	ready      func(smtp net.Addr)      // called once the SMTP listener is up
	submitAddr atomic.Pointer[net.Addr] // the submission listener, once up
}

// Options tune a Gateway; the zero value is what the daemon uses.
type Options struct {
	Clock clock.Clock // nil: the real clock
	// Ready is called with the SMTP listener's address once Run is
	// serving (tests listen on port 0).
	Ready func(smtp net.Addr)
	// LookupTXT answers DNS TXT queries for SPF and DKIM; nil: the
	// resolver.
	LookupTXT func(name string) ([]string, error)
}

// New returns a gateway over an open store.
func New(cfg *config.Config, db *store.DB, log *slog.Logger, o Options) (*Gateway, error) {
	key, err := db.TokenKey()
	if err != nil {
		return nil, err
	}
	e := &env.Env{DB: db, Log: log, Clock: o.Clock, Tokens: token.NewKeys(key), Metrics: metrics.New()}
	if e.Clock == nil {
		e.Clock = clock.Real{}
	}
	e.SetConfig(cfg)
	db.SetCommitObserver(e.Metrics.Commit)
	g := &Gateway{Env: e, retention: make(chan struct{}, 1), ready: o.Ready}
	g.certs.Log = log
	g.sender = sender.New(e)
	g.filer = ingest.New(e, g.sender.Poke)
	g.sched = scheduler.New(e, g.sender.Poke)
	g.imap = imappoll.New(e, g.filer)
	g.smtp = &smtpd.Deps{Env: e, Filer: g.filer, Mem: limit.NewBudget(cfg.SMTP.MemoryBudget), Auth: limit.NewAuthThrottle(),
		Certs: &g.certs, LookupTXT: o.LookupTXT}
	g.gauges()
	return g, nil
}

// SetConfig puts a new, valid configuration in force.
func (g *Gateway) SetConfig(cfg *config.Config) {
	g.Env.SetConfig(cfg)
	g.sched.Reload()
	select {
	case g.retention <- struct{}{}:
	default:
	}
}

// SubmissionAddr returns the submission listener's address once Run
// listens on it; nil without one.
func (g *Gateway) SubmissionAddr() net.Addr {
	if a := g.submitAddr.Load(); a != nil {
		return *a
	}
	return nil
}

// Filer returns the ingest path, for the admin's own mail (baton
// ingest and import).
func (g *Gateway) Filer() *ingest.Filer { return g.filer }

// Scheduler returns the scheduler, for previews.
func (g *Gateway) Scheduler() *scheduler.Scheduler { return g.sched }

// Store returns the gateway's store.
func (g *Gateway) Store() *store.DB { return g.DB }

// Now is the gateway's clock's time.
func (g *Gateway) Now() time.Time { return g.Clock.Now() }
