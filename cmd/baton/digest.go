package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/store"
)

func runDigest(args []string, stdout, stderr io.Writer) error {
	return preview(config.KindDigest, args, stdout, stderr)
}

func runPrompt(args []string, stdout, stderr io.Writer) error {
	return preview(config.KindPrompt, args, stdout, stderr)
}

// preview prints the digest or check-in prompt (kind) a member would get
// at an instant, exactly as the scheduler would build it, or why nothing
// would be sent; it sends nothing and moves nothing, also while serve
// runs (through the control socket).
func preview(kind string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags(kind, stderr)
	loadConfig := configFlag(fs)
	forEmail := fs.String("for", "", "member address")
	at := fs.String("at", "", "instant to build the "+kind+" for, RFC 3339 (default: now)")
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
			fmt.Fprintf(stderr, "baton %s: -at %q is not RFC 3339, e.g. 2026-11-24T08:30:00+01:00\n", kind, *at)
			return errUsage
		}
		when = t
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	m := cfg.Member(strings.ToLower(*forEmail))
	if m == nil {
		return fmt.Errorf("%s is not a member of any team in %s", *forEmail, cfg.File)
	}
	q := url.Values{"kind": {kind}, "for": {m.Email}, "at": {when.Format(time.RFC3339)}}
	return readStore(cfg, stdout, "/preview?"+q.Encode(), func(db *store.DB) error {
		g, err := gateway.New(cfg, db, slog.New(slog.DiscardHandler), gateway.Options{})
		if err != nil {
			return err
		}
		raw, err := g.Scheduler().Preview(kind, m, when)
		if err == nil {
			_, err = stdout.Write(raw)
		}
		return err
	})
}
