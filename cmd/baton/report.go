package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
)

// readStore runs direct on the store when it can open it, or fetches
// path from the running daemon's control socket into w when serve
// holds it: the read-only commands work either way.
func readStore(cfg *config.Config, w io.Writer, path string, direct func(db *store.DB) error) error {
	db, err := openStore(cfg)
	if err == nil {
		defer db.Close()
		return direct(db)
	}
	if !errors.Is(err, store.ErrLocked) {
		return err
	}
	resp, err := controlClient(cfg).Get("http://baton" + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("daemon answered %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

func runStatus(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("status", stderr)
	loadConfig := configFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	var raw strings.Builder
	var s *report.Status
	err = readStore(cfg, &raw, "/status", func(db *store.DB) error {
		var err error
		s, err = report.BuildStatus(cfg, db, time.Now())
		return err
	})
	if err != nil {
		return err
	}
	if s == nil { // from the daemon
		s = new(report.Status)
		if err := json.Unmarshal([]byte(raw.String()), s); err != nil {
			return fmt.Errorf("daemon status: %w", err)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return s.WriteText(stdout)
}

// exportFlags are the selection flags export and decisions share.
func exportFlags(name string, stderr io.Writer, args []string, format string) (*config.Config, report.ExportOptions, url.Values, error) {
	fs := newFlags(name, stderr)
	loadConfig := configFlag(fs)
	team := fs.String("team", "", "team name or address (default: every team)")
	since := fs.String("since", "", "only what arrived from this date (2006-01-02) or RFC 3339 time on")
	var fmtFlag *string
	var asJSON *bool
	if format == "" {
		fmtFlag = fs.String("format", report.FormatMarkdown, "markdown, json or mbox")
	} else {
		asJSON = fs.Bool("json", false, "print JSON instead of Markdown")
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, report.ExportOptions{}, nil, err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return nil, report.ExportOptions{}, nil, errUsage
	}
	o := report.ExportOptions{Team: *team, Format: format}
	if fmtFlag != nil {
		o.Format = *fmtFlag
	} else if *asJSON {
		o.Format = report.FormatJSON
	}
	switch o.Format {
	case report.FormatMarkdown, report.FormatJSON, report.FormatMbox:
	default:
		fmt.Fprintf(stderr, "baton %s: -format %q: use markdown, json or mbox\n", name, o.Format)
		return nil, o, nil, errUsage
	}
	var err error
	if o.Since, err = report.ParseSince(*since); err != nil {
		fmt.Fprintf(stderr, "baton %s: %v\n", name, err)
		return nil, o, nil, errUsage
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return nil, o, nil, err
	}
	q := url.Values{"team": {*team}, "since": {*since}, "format": {o.Format}}
	return cfg, o, q, nil
}

func runExport(args []string, stdout, stderr io.Writer) error {
	cfg, o, q, err := exportFlags("export", stderr, args, "")
	if err != nil {
		return err
	}
	return readStore(cfg, stdout, "/export?"+q.Encode(), func(db *store.DB) error {
		return report.Export(cfg, db, stdout, o)
	})
}

func runDecisions(args []string, stdout, stderr io.Writer) error {
	cfg, o, q, err := exportFlags("decisions", stderr, args, report.FormatMarkdown)
	if err != nil {
		return err
	}
	return readStore(cfg, stdout, "/decisions?"+q.Encode(), func(db *store.DB) error {
		return report.DecisionLog(cfg, db, stdout, o)
	})
}

func runCompact(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compact", stderr)
	loadConfig := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	before, after, err := store.Compact(dbPath(cfg))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %d -> %d bytes\n", dbPath(cfg), before, after)
	return nil
}
