// Package ingest files a message, whichever way it came (SMTP,
// submission, IMAP, a file, an import): parse it once, decide what it
// is (auto-mail, who wrote it, for which team, in reply to what), and
// commit the raw bytes, the update and everything it changes in one
// store transaction. The listeners answer only after that commit.
package ingest

import (
	"strings"
	"sync"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// Filer files messages into the store.
type Filer struct {
	*env.Env
	poke func() // wakes the sender when an urgent relay is queued

	mu      sync.Mutex
	optsFor *config.Config // the config opts was built from
	opts    parser.Options
}

// New returns a Filer; poke, if not nil, is called after a commit that
// queued mail to send at once.
func New(e *env.Env, poke func()) *Filer {
	if poke == nil {
		poke = func() {}
	}
	return &Filer{Env: e, poke: poke}
}

// current returns the config in force and the parser options built
// from it, built again only after a reload.
func (f *Filer) current() (*config.Config, parser.Options) {
	cfg := f.Config()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.optsFor != cfg {
		f.optsFor, f.opts = cfg, parserOptions(cfg)
	}
	return cfg, f.opts
}

// parserOptions merges every team's headings and member names: one parse
// serves whichever team a message turns out to be for.
func parserOptions(cfg *config.Config) parser.Options {
	o := parser.Options{Sections: map[parser.Kind][]string{}}
	seen := map[string]bool{}
	for _, t := range cfg.Teams {
		for kind, names := range t.Sections {
			o.Sections[parser.Kind(kind)] = append(o.Sections[parser.Kind(kind)], names...)
		}
		for _, m := range t.Members {
			if !seen[m.Email] {
				seen[m.Email] = true
				o.Members = append(o.Members, m.Name, m.Email[:strings.IndexByte(m.Email, '@')])
			}
		}
	}
	return o
}

// Count counts a message Ingest committed from source.
func (f *Filer) Count(source store.Source, res Result) {
	warnings := 0
	if res.Parsed != nil {
		warnings = len(res.Parsed.Warnings)
	}
	f.Metrics.Accepted(source, res.Class, res.Label, warnings)
}

// File files a message given by the admin (baton ingest).
func (f *Filer) File(raw []byte) (Result, error) {
	res, err := f.Ingest(raw, store.Envelope{Source: store.SourceFile, Received: f.Clock.Now()}, nil)
	if err == nil {
		f.Count(store.SourceFile, res)
		f.Log.Info("received", "id", res.ID, "source", "file", "team", res.Team, "class", res.Class, "duplicate", res.Duplicate)
	}
	return res, err
}
