package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/store"
)

func runDigest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("digest", stderr)
	cfgPath := fs.String("config", "baton.toml", "config file")
	forEmail := fs.String("for", "", "member address")
	at := fs.String("at", "", "instant to build the digest for, RFC 3339 (default: now)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *forEmail == "" {
		fs.Usage()
		return errUsage
	}
	when := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			fmt.Fprintf(stderr, "baton digest: -at %q is not RFC 3339, e.g. 2026-11-24T08:30:00+01:00\n", *at)
			return errUsage
		}
		when = t
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	m := cfg.Member(strings.ToLower(*forEmail))
	if m == nil {
		return fmt.Errorf("%s is not a member of any team in %s", *forEmail, cfg.File)
	}
	raw, err := previewDigest(cfg, m, when)
	if err != nil {
		return err
	}
	_, err = stdout.Write(raw)
	return err
}

// previewDigest builds the digest from the store directly, or asks the
// running daemon when serve holds it.
func previewDigest(cfg *config.Config, m *config.Member, at time.Time) ([]byte, error) {
	db, err := openStore(cfg)
	if errors.Is(err, store.ErrLocked) {
		q := url.Values{"for": {m.Email}, "at": {at.Format(time.RFC3339)}}
		resp, err := controlClient(cfg).Get("http://baton/digest?" + q.Encode())
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("daemon answered %s: %s", resp.Status, bytes.TrimSpace(body))
		}
		return body, err
	}
	if err != nil {
		return nil, err
	}
	defer db.Close()
	g, err := gateway.New(cfg, db, slog.New(slog.DiscardHandler), gateway.Options{})
	if err != nil {
		return nil, err
	}
	return g.PreviewDigest(m, at)
}
