package gateway

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/baton-mail/baton/config"
)

// listenAdmin starts the admin HTTP listener when the config has
// [admin]: /healthz and /metrics. It returns nil when there is none.
func (g *Gateway) listenAdmin(cfg *config.Config) (*http.Server, error) {
	if cfg.Admin == nil {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.Admin.Listen)
	if err != nil {
		return nil, fmt.Errorf("admin listen: %w", err)
	}
	addr := ln.Addr().String()
	g.m.adminAddr.Store(&addr)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", g.serveHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(g.m.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{g.log}}))
	srv := adminServer(mux) // adminlimits.go
	capped := &capListener{Listener: ln, log: g.log, m: g.m, max: adminMaxConns}
	go func() {
		if err := srv.Serve(capped); err != nil && !errors.Is(err, http.ErrServerClosed) {
			g.log.Error("admin listener", "err", err)
		}
	}()
	g.log.Info("admin listening", "addr", addr)
	return srv, nil
}

// AdminAddr returns the admin listener's address once Run serves it
// (tests listen on port 0); "" without one.
func (g *Gateway) AdminAddr() string {
	if a := g.m.adminAddr.Load(); a != nil {
		return *a
	}
	return ""
}

// serveHealth answers 200 when a write through the store commits, the
// SMTP listener is serving and, with [imap], the mailbox was polled
// lately; else 503 with what is wrong.
func (g *Gateway) serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := g.db.Ping(g.clock.Now()); err != nil {
		g.log.Error("health check: store not writable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "store not writable: %v\n", err)
		return
	}
	if !g.m.smtpUp.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "smtp listener not serving\n")
		return
	}
	if lag, stale := g.imapStale(); stale {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "imap mailbox %s not polled for %s; the log says why (server, credentials)\n", g.Config().IMAP.Mailbox, lag.Round(time.Second))
		return
	}
	io.WriteString(w, "ok\n")
}
