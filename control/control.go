// Package control serves, on a unix socket in the data directory, the
// admin commands that need a running daemon's open database: backup,
// ingest, import, status, export, decisions, thread and the previews.
// While baton serve holds the database lock, the commands ask it here
// instead of opening the file (cmd/baton readStore). The socket is mode
// 0600: whoever may read the data directory may ask.
package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/report"
)

// Socket is the path of the control socket for cfg.
func Socket(cfg *config.Config) string { return filepath.Join(cfg.DataDir, "baton.sock") }

// Listen opens the control socket of g's config and serves it until the
// returned server is shut down.
func Listen(g *gateway.Gateway, log *slog.Logger) (*http.Server, error) {
	path := Socket(g.Config())
	os.Remove(path) // a stale socket: the caller holds the database lock, so no other daemon does
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	os.Chmod(path, 0o600)
	srv := &http.Server{Handler: handler(g, log), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("control socket", "err", err)
		}
	}()
	return srv, nil
}

func handler(g *gateway.Gateway, log *slog.Logger) http.Handler {
	db := g.Store()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		size := func(n int64) { w.Header().Set("Content-Length", strconv.FormatInt(n, 10)) }
		if _, err := db.Backup(w, size); err != nil {
			log.Error("backup", "err", err)
		}
	})
	file := func(name string, fn func([]byte) (ingest.Result, error)) {
		mux.HandleFunc("POST /"+name, func(w http.ResponseWriter, r *http.Request) {
			raw, err := readAll(r, g.Config().SMTP.MaxMessageSize)
			if err != nil {
				http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
				return
			}
			res, err := fn(raw)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			if name == "import" {
				res.Parsed = nil
			}
			writeJSON(w, res)
		})
	}
	file("ingest", g.Filer().File)
	file("import", g.Filer().ImportMessage)
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
		s, err := report.BuildStatus(g.Config(), db, g.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, s)
	})
	export := func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		since, err := report.ParseSince(q.Get("since"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		o := report.ExportOptions{Team: q.Get("team"), Since: since, Format: q.Get("format")}
		var buf bytes.Buffer
		if r.URL.Path == "/decisions" {
			err = report.DecisionLog(g.Config(), db, &buf, o)
		} else {
			err = report.Export(g.Config(), db, &buf, o)
		}
		writeResult(w, buf.Bytes(), err, report.ErrNoTeam)
	}
	mux.HandleFunc("GET /export", export)
	mux.HandleFunc("GET /decisions", export)
	mux.HandleFunc("GET /thread", func(w http.ResponseWriter, r *http.Request) {
		text, err := report.ThreadText(g.Config(), db, r.URL.Query().Get("id"))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		writeResult(w, []byte(text), err, report.ErrNoThread)
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
		if kind != config.KindPrompt && kind != config.KindDigest {
			http.Error(w, "kind is prompt or digest", http.StatusBadRequest)
			return
		}
		raw, err := g.Scheduler().Preview(kind, m, at)
		w.Header().Set("Content-Type", "message/rfc822")
		writeResult(w, raw, err, nil)
	})
	return mux
}

// writeResult writes body, or err as 404 when it is notFound, else 500.
func writeResult(w http.ResponseWriter, body []byte, err, notFound error) {
	switch {
	case notFound != nil && errors.Is(err, notFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	default:
		w.Write(body)
	}
}

func readAll(r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("message larger than %d bytes", limit)
	}
	return b, err
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
