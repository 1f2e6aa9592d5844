package gateway

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
)

// ShutdownTimeout bounds how long Run waits for SMTP sessions in flight.
const ShutdownTimeout = 30 * time.Second

// Run serves until ctx ends, then shuts down in order: stop accepting,
// let messages being committed finish, stop the loops. The caller
// closes the store afterwards.
func (g *Gateway) Run(ctx context.Context) error {
	cfg := g.Config()
	s, err := g.smtp.NewSMTP()
	if err != nil {
		return err
	}
	addr, err := s.Listen()
	if err != nil {
		return err
	}
	sub, err := g.smtp.NewSubmission()
	if err != nil {
		return err
	}
	if sub != nil {
		a, err := sub.Listen()
		if err != nil {
			return err
		}
		g.submitAddr.Store(&a)
		g.Log.Info("submission listening", "addr", a.String(), "accounts", len(cfg.Submission.Users))
	}
	g.Metrics.Started.Store(g.Clock.Now().UnixNano())
	adm, err := g.listenAdmin(cfg)
	if err != nil {
		return err
	}
	g.Metrics.SMTPUp.Store(true)
	out := "maildir " + filepath.Join(cfg.DataDir, "outbox")
	if cfg.Relay != nil {
		out = "relay " + cfg.Relay.Address
	}
	g.Log.Info("baton serving", "smtp", addr.String(), "domain", cfg.Domain, "data", g.DB.Path(), "outbound", out, "teams", len(cfg.Teams))
	if g.ready != nil {
		g.ready(addr)
	}

	loops, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	g.forever(loops, &wg, "sender", g.sender.Run)
	g.forever(loops, &wg, "scheduler", g.sched.Run)
	if cfg.IMAP != nil {
		g.forever(loops, &wg, "imap", g.imap.Run)
	}
	g.forever(loops, &wg, "retention", g.RunRetention)
	if cfg.SMTP.TLSCert != "" {
		g.forever(loops, &wg, "tls", g.RunTLSWatch)
	}
	serveErr := make(chan error, 2)
	go func() { serveErr <- s.Serve() }()
	if sub != nil {
		go func() { serveErr <- sub.Serve() }()
	}

	select {
	case <-ctx.Done():
	case err = <-serveErr:
		g.Log.Error("smtp server stopped", "err", err)
	}
	g.Log.Info("shutting down")
	g.Metrics.SMTPUp.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if e := s.Shutdown(sctx); e != nil {
		g.Log.Warn("smtp shutdown", "err", e)
	}
	if sub != nil {
		if e := sub.Shutdown(sctx); e != nil {
			g.Log.Warn("submission shutdown", "err", e)
		}
	}
	if adm != nil {
		adm.Shutdown(sctx)
	}
	stop()
	wg.Wait()
	g.Log.Info("stopped")
	return err
}

// forever runs loop in a goroutine, restarting it after a panic (logged
// with its stack) until ctx ends.
func (g *Gateway) forever(ctx context.Context, wg *sync.WaitGroup, name string, loop func(context.Context)) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			func() {
				defer func() {
					if r := recover(); r != nil {
						g.Log.Error("panic; restarting", "loop", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					}
				}()
				loop(ctx)
			}()
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
}
