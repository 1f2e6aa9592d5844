package gateway

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	g.Metrics.AdminAddr.Store(&addr)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", g.serveHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(g.Metrics.Reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(g.Log.Handler(), slog.LevelWarn)}))
	srv := adminServer(mux) // adminlimits.go
	capped := &capListener{Listener: ln, log: g.Log, m: g.Metrics, max: adminMaxConns}
	go func() {
		if err := srv.Serve(capped); err != nil && !errors.Is(err, http.ErrServerClosed) {
			g.Log.Error("admin listener", "err", err)
		}
	}()
	g.Log.Info("admin listening", "addr", addr)
	return srv, nil
}

// AdminAddr returns the admin listener's address once Run serves it
// (tests listen on port 0); "" without one.
func (g *Gateway) AdminAddr() string {
	if a := g.Metrics.AdminAddr.Load(); a != nil {
		return *a
	}
	return ""
}

// serveHealth answers 200 when a write through the store commits, the
// SMTP listener is serving and, with [imap], the mailbox was polled
// lately; else 503 with what is wrong.
func (g *Gateway) serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := g.DB.Ping(g.Clock.Now()); err != nil {
		g.Log.Error("health check: store not writable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "store not writable: %v\n", err)
		return
	}
	if !g.Metrics.SMTPUp.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "smtp listener not serving\n")
		return
	}
	if lag, stale := g.imap.Stale(time.Unix(0, g.Metrics.Started.Load())); stale {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "imap mailbox %s not polled for %s; the log says why (server, credentials)\n", g.Config().IMAP.Mailbox, lag.Round(time.Second))
		return
	}
	io.WriteString(w, "ok\n")
}
