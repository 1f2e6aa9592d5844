package report

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/store"
)

// ErrNoThread is returned by ThreadText for an ID that names no update,
// reply or digest.
var ErrNoThread = errors.New("no update, reply or digest has this ID")

// ThreadText renders the whole thread holding id as an indented tree,
// one update per line (ID, author, time in the author's zone, first
// line of text) with the state of its questions, blockers and
// decisions under it. id is an update ID, a Message-ID (angle brackets
// optional) or a digest's Message-ID. It reads db only, so it works on
// a stopped daemon's store and inside a running one.
func ThreadText(cfg *config.Config, db *store.DB, id string) (string, error) {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	var b strings.Builder
	if digest.IsMessageID(id, cfg.Domain) {
		err := writeDigestThread(&b, cfg, db, id)
		return b.String(), err
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		if n, err = db.Lookup(id); err != nil {
			return "", fmt.Errorf("%s: %w", id, ErrNoThread)
		}
	}
	u, err := db.GetUpdate(n)
	if err != nil {
		return "", fmt.Errorf("%s: %w", id, ErrNoThread)
	}
	if u = db.Root(u); u.Digest != "" {
		err = writeDigestThread(&b, cfg, db, u.Digest)
	} else {
		err = writeTree(&b, cfg, db, u, 0)
	}
	return b.String(), err
}

func writeDigestThread(b *strings.Builder, cfg *config.Config, db *store.DB, msgid string) error {
	var top []*store.Update
	err := db.ListUpdates(0, func(u *store.Update) bool {
		if u.Digest == msgid && u.Parent == 0 {
			top = append(top, u)
		}
		return true
	})
	if err != nil {
		return err
	}
	if len(top) == 0 {
		return fmt.Errorf("%s: %w", msgid, ErrNoThread)
	}
	fmt.Fprintf(b, "digest <%s>\n", msgid)
	for _, u := range top {
		if err := writeTree(b, cfg, db, u, 1); err != nil {
			return err
		}
	}
	return nil
}

func writeTree(b *strings.Builder, cfg *config.Config, db *store.DB, u *store.Update, depth int) error {
	ind := strings.Repeat("  ", depth)
	loc := time.UTC
	name := u.Author
	if m := cfg.Member(u.Author); m != nil {
		loc, name = m.Location, m.Name+" <"+m.Email+">"
	}
	line := fmt.Sprintf("%s#%d %s, %s: %s", ind, u.ID, name, u.Received.In(loc).Format("Mon 2006-01-02 15:04 MST"), describe(u))
	if u.Source != 0 {
		line += fmt.Sprintf(" (written under a quote in #%d)", u.Source)
	}
	b.WriteString(line + "\n")
	states, err := db.States(u.ID)
	if err != nil {
		return err
	}
	writeItems(b, cfg, ind+"    ", store.ItemQuestion, u.Parsed.Questions, "open", states)
	writeItems(b, cfg, ind+"    ", store.ItemBlocker, u.Parsed.Blockers, "open", states)
	decisions := make([]string, len(u.Parsed.Decisions))
	for i, d := range u.Parsed.Decisions {
		decisions[i] = d.Text
	}
	writeItems(b, cfg, ind+"    ", store.ItemDecision, decisions, "standing", states)
	if depth >= store.MaxDepth {
		return nil
	}
	kids, err := db.Children(u.ID)
	if err != nil {
		return err
	}
	for _, k := range kids {
		c, err := db.GetUpdate(k)
		if err != nil {
			continue
		}
		if err := writeTree(b, cfg, db, c, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// writeItems writes one line per item: its text and state, with who
// changed it and when, in their zone.
func writeItems(b *strings.Builder, cfg *config.Config, ind, kind string, texts []string, open string, states []store.State) {
	for i, text := range texts {
		state := open
		for _, s := range states {
			if s.Kind == kind && s.Item == i {
				loc, who := time.UTC, s.By
				if m := cfg.Member(s.By); m != nil {
					loc, who = m.Location, m.Name
				}
				state = fmt.Sprintf("%s by %s, %s", s.State, who, s.At.In(loc).Format("Mon 2006-01-02 15:04 MST"))
			}
		}
		fmt.Fprintf(b, "%s%s: %s [%s]\n", ind, kind, clip(text, 60), state)
	}
}

// describe is a one-line summary of an update for logs and the thread
// view: its body's first line, else its subject.
func describe(u *store.Update) string {
	for _, l := range strings.Split(u.Parsed.Body, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if s := u.Parsed.Sections; strings.HasSuffix(l, ":") && len(s) > 0 && len(s[0].Items) > 0 {
			l = strings.TrimSuffix(l, ":") + ": " + s[0].Items[0] // a heading: show its first item
		}
		return clip(l, 72)
	}
	return clip(u.Parsed.Subject, 72)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
