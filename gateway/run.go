package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/store"
)

// ShutdownTimeout bounds how long Run waits for SMTP sessions in flight.
const ShutdownTimeout = 30 * time.Second

// Run serves until ctx ends, then shuts down in order: stop accepting,
// let messages being committed finish, stop the loops. The caller
// closes the store afterwards.
func (g *Gateway) Run(ctx context.Context) error {
	cfg := g.Config()
	s, err := g.NewSMTPServer()
	if err != nil {
		return err
	}
	addr, err := s.Listen()
	if err != nil {
		return err
	}
	sub, err := g.NewSubmissionServer()
	if err != nil {
		return err
	}
	if sub != nil {
		a, err := sub.Listen()
		if err != nil {
			return err
		}
		g.submitAddr.Store(&a)
		g.log.Info("submission listening", "addr", a.String(), "accounts", len(cfg.Submission.Users))
	}
	g.m.started.Store(g.clock.Now().UnixNano())
	ctl, err := g.listenControl(cfg)
	if err != nil {
		return err
	}
	adm, err := g.listenAdmin(cfg)
	if err != nil {
		return err
	}
	g.m.smtpUp.Store(true)
	out := "maildir " + filepath.Join(cfg.DataDir, "outbox")
	if cfg.Relay != nil {
		out = "relay " + cfg.Relay.Address
	}
	g.log.Info("baton serving", "smtp", addr.String(), "domain", cfg.Domain, "data", g.db.Path(), "outbound", out, "teams", len(cfg.Teams))
	if g.ready != nil {
		g.ready(addr)
	}

	loops, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	g.forever(loops, &wg, "sender", g.RunSender)
	g.forever(loops, &wg, "scheduler", g.RunScheduler)
	if cfg.IMAP != nil {
		g.forever(loops, &wg, "imap", g.RunIMAP)
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
		g.log.Error("smtp server stopped", "err", err)
	}
	g.log.Info("shutting down")
	g.m.smtpUp.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if e := s.Shutdown(sctx); e != nil {
		g.log.Warn("smtp shutdown", "err", e)
	}
	if sub != nil {
		if e := sub.Shutdown(sctx); e != nil {
			g.log.Warn("submission shutdown", "err", e)
		}
	}
	ctl.Shutdown(sctx)
	if adm != nil {
		adm.Shutdown(sctx)
	}
	stop()
	wg.Wait()
	g.log.Info("stopped")
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
						g.log.Error("panic; restarting", "loop", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
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

// ControlSocket is the unix socket where a running daemon serves the
// admin commands (backup, ingest) that need its open database.
func ControlSocket(cfg *config.Config) string { return filepath.Join(cfg.DataDir, "baton.sock") }

func (g *Gateway) listenControl(cfg *config.Config) (*http.Server, error) {
	path := ControlSocket(cfg)
	os.Remove(path) // a stale socket: we hold the database lock, so no other daemon does
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	os.Chmod(path, 0o600)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		size := func(n int64) { w.Header().Set("Content-Length", strconv.FormatInt(n, 10)) }
		if _, err := g.db.Backup(w, size); err != nil {
			g.log.Error("backup", "err", err)
		}
	})
	mux.HandleFunc("POST /ingest", func(w http.ResponseWriter, r *http.Request) {
		raw, err := readAll(r, g.Config().SMTP.MaxMessageSize)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		res, err := g.IngestFile(raw)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, res)
	})
	mux.HandleFunc("GET /status", g.serveStatus)
	mux.HandleFunc("POST /import", func(w http.ResponseWriter, r *http.Request) {
		raw, err := readAll(r, g.Config().SMTP.MaxMessageSize)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		res, err := g.ImportMessage(raw)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		res.Parsed = nil
		writeJSON(w, res)
	})
	mux.HandleFunc("GET /export", g.serveExport)
	mux.HandleFunc("GET /decisions", g.serveExport)
	mux.HandleFunc("GET /thread", func(w http.ResponseWriter, r *http.Request) {
		text, err := ThreadText(g.Config(), g.db, r.URL.Query().Get("id"))
		switch {
		case errors.Is(err, ErrNoThread):
			http.Error(w, err.Error(), http.StatusNotFound)
		case err != nil:
			http.Error(w, err.Error(), http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, text)
		}
	})
	mux.HandleFunc("GET /preview", func(w http.ResponseWriter, r *http.Request) {
		at, err := time.Parse(time.RFC3339, r.URL.Query().Get("at"))
		if err != nil {
			http.Error(w, "at is not an RFC 3339 instant", http.StatusBadRequest)
			return
		}
		who := r.URL.Query().Get("for")
		m := g.Config().Member(strings.ToLower(who))
		if m == nil {
			http.Error(w, who+" is not a member of any team", http.StatusNotFound)
			return
		}
		kind := r.URL.Query().Get("kind")
		if kind != KindPrompt && kind != KindDigest {
			http.Error(w, "kind is prompt or digest", http.StatusBadRequest)
			return
		}
		raw, err := g.Preview(kind, m, at)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "message/rfc822")
		w.Write(raw)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			g.log.Error("control socket", "err", err)
		}
	}()
	return srv, nil
}

// IngestFile files a message given by the admin (baton ingest).
func (g *Gateway) IngestFile(raw []byte) (Result, error) {
	res, err := g.Ingest(raw, store.Envelope{Source: store.SourceFile, Received: g.clock.Now()}, nil)
	if err == nil {
		g.m.ingested(store.SourceFile, res)
		g.log.Info("received", "id", res.ID, "source", "file", "team", res.Team, "class", res.Class, "duplicate", res.Duplicate)
	}
	return res, err
}
