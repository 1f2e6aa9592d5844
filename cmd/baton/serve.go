package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/control"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/store"
)

func runServe(args []string, _, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfgPath := fs.String("config", "baton.toml", "config file")
	format := fs.String("log-format", "text", "log format: text or json")
	verbose := fs.Bool("v", false, "log protocol detail (debug level)")
	listen := fs.String("listen", "", "SMTP `address` to listen on instead of [smtp] listen, e.g. 127.0.0.1:2526")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "baton serve: -log-format %q: use text or json\n", *format)
		return errUsage
	}
	load := func() (*config.Config, error) { return loadServe(*cfgPath, *listen) }
	cfg, err := load()
	if err != nil {
		return err
	}
	log := newLogger(stderr, *format, *verbose)
	db, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sd := newNotifier(log) // notify.go: systemd Type=notify
	defer sd.close()
	g, err := gateway.New(cfg, db, log, gateway.Options{Ready: sd.ready})
	if err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gateway.SoftMemoryLimit(cfg))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Catch SIGHUP before Run logs that it serves: from then on a
	// SIGHUP reloads, and never ends the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go reloadOnHUP(ctx, g, hup, load, cfg, log, sd)
	go func() { <-ctx.Done(); sd.stopping() }()
	ctl, err := control.Listen(g, log)
	if err != nil {
		return err
	}
	defer func() { // after Run: a command in flight may finish
		sctx, cancel := context.WithTimeout(context.Background(), gateway.ShutdownTimeout)
		defer cancel()
		ctl.Shutdown(sctx)
	}()
	return g.Run(ctx)
}

// reloadOnHUP rereads the config and the TLS certificate on SIGHUP. A
// bad file is refused, with its errors logged, and the old config stays
// in force; so does the old certificate when the new pair does not
// load. Settings fixed at start are compared with running, the config
// serve started with, so one put back to its running value is no
// longer reported.
func reloadOnHUP(ctx context.Context, g *gateway.Gateway, hup <-chan os.Signal, load func() (*config.Config, error), running *config.Config, log *slog.Logger, sd *notifier) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			sd.reloading()
			sd.reloaded(reload(g, load, running, log))
		}
	}
}

// reload puts the config load reads and the certificate it names in
// force and returns a one-line status for systemd.
func reload(g *gateway.Gateway, load func() (*config.Config, error), running *config.Config, log *slog.Logger) string {
	cfg, err := load()
	if err != nil {
		log.Error("config reload refused; the old config stays in force", "err", err)
		return "config reload refused, see the log; the old config stays in force"
	}
	g.SetConfig(cfg)
	log.Info("config reloaded", "teams", len(cfg.Teams))
	if keys := restartOnly(running, cfg); len(keys) > 0 {
		log.Warn("changed settings that take effect only after a restart; the old ones stay in force until then", "settings", strings.Join(keys, ", "))
	}
	if err := g.ReloadTLS(); err != nil { // logged there
		return "config reloaded; the new TLS certificate was refused, see the log"
	}
	return "config reloaded"
}

// restartOnly lists the settings that differ between old and cfg but
// are fixed when serve starts: the data directory and the listeners.
// Everything else (teams, members, schedules, relay, retention, DKIM
// and SPF policies, submission passwords, the TLS certificate and key
// files, the IMAP account at its next connection) follows a reload.
func restartOnly(old, cfg *config.Config) []string {
	var keys []string
	addr := func(a *config.Admin) string {
		if a == nil {
			return ""
		}
		return a.Listen
	}
	sub := func(s *config.Submission) string {
		if s == nil {
			return ""
		}
		return s.Listen
	}
	oldSMTP, newSMTP := old.SMTP, cfg.SMTP
	oldSMTP.DKIM, newSMTP.DKIM = "", "" // read for every message
	oldSMTP.SPF, newSMTP.SPF = "", ""
	if old.SMTP.TLSCert != "" && cfg.SMTP.TLSCert != "" { // reloaded; turning STARTTLS on or off waits
		oldSMTP.TLSCert, oldSMTP.TLSKey, newSMTP.TLSCert, newSMTP.TLSKey = "", "", "", ""
	}
	for _, c := range []struct {
		key     string
		changed bool
	}{
		{"data_dir", old.DataDir != cfg.DataDir},
		{"[smtp]", oldSMTP != newSMTP},
		{"[admin] listen", addr(old.Admin) != addr(cfg.Admin)},
		{"[submission] listen", sub(old.Submission) != sub(cfg.Submission)},
		{"[imap] (turned on)", old.IMAP == nil && cfg.IMAP != nil},
	} {
		if c.changed {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// loadServe loads the config with its secrets, and with the -listen
// flag's address, when given, in place of [smtp] listen.
func loadServe(path, listen string) (*config.Config, error) {
	if listen == "" {
		return config.Load(path)
	}
	return config.Load(path, config.Listen(listen))
}

func newLogger(w io.Writer, format string, verbose bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if verbose {
		opts.Level = slog.LevelDebug
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the database in the config's data directory.
func openStore(cfg *config.Config) (*store.DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return store.Open(dbPath(cfg))
}

// dbPath is the database file in the config's data directory.
func dbPath(cfg *config.Config) string { return filepath.Join(cfg.DataDir, "baton.db") }
