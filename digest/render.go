package digest

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// Renderer renders digests. It remembers each item it has rendered, by
// ID and reply address, so the digests of a team's members render each
// update once; only the times phrased for each recipient are filled per
// digest. It assumes an ID names the same content for its lifetime: use
// one Renderer per snapshot of the store, such as one scheduler tick.
// It is safe for concurrent use.
type Renderer struct {
	mu    sync.Mutex
	items map[itemKey]*pair
}

// itemKey names a rendered item: its kind, ID and reply address (which
// may differ per recipient).
type itemKey struct{ kind, id, variant, replyTo string }

// pair is one item rendered as text and as HTML.
type pair struct{ text, html piece }

// NewRenderer returns a Renderer with an empty memory.
func NewRenderer() *Renderer { return &Renderer{items: map[itemKey]*pair{}} }

// Render renders in with a new Renderer; see Renderer.Render.
func Render(in Digest, now time.Time) Rendered { return NewRenderer().Render(in, now) }

// item returns the rendered item under key, rendering it with render on
// first use. An empty id is never remembered.
func (r *Renderer) item(kind, id, variant, replyTo string, render func(*holes) (text, html string)) *pair {
	key := itemKey{kind, id, variant, replyTo}
	if id != "" {
		r.mu.Lock()
		p := r.items[key]
		r.mu.Unlock()
		if p != nil {
			return p
		}
	}
	var h holes
	text, html := render(&h)
	p := &pair{newPiece(text, h), newPiece(html, h)}
	if id != "" {
		r.mu.Lock()
		r.items[key] = p
		r.mu.Unlock()
	}
	return p
}

func (r *Renderer) update(u *Update) *pair {
	return r.item("u", u.ID, "", u.ReplyTo, func(h *holes) (string, string) {
		v := newUpdateView(u, h)
		return textUpdate(&v), execHTML("update", &v)
	})
}

func (r *Renderer) blocker(b *Blocker) *pair {
	return r.item("b", b.ID, "", b.ReplyTo, func(h *holes) (string, string) {
		v := newBlockerView(b, h)
		return textItem(&v), execHTML("item", &v)
	})
}

func (r *Renderer) decision(d *Decision) *pair {
	return r.item("d", d.ID, d.State, d.ReplyTo, func(h *holes) (string, string) {
		v := newDecisionView(d, h)
		return textItem(&v), execHTML("item", &v)
	})
}

func (r *Renderer) question(q *Question) *pair {
	return r.item("q", q.ID, "", q.ReplyTo, func(h *holes) (string, string) {
		v := newQuestionView(q, h)
		return textItem(&v), execHTML("item", &v)
	})
}

// teamOut is one team's part of a digest, in display order.
type teamOut struct {
	name                                    string
	blockers, decisions, questions, updates []*pair
	silent                                  []string
}

// team picks, orders and renders what t shows in a digest at now.
func (r *Renderer) team(t *Team, now time.Time) teamOut {
	out := teamOut{name: clean(t.Name), updates: make([]*pair, 0, len(t.Updates))}
	for _, b := range sortedBy(t.Blockers, func(b *Blocker) time.Time { return b.Since }) {
		if !b.Resolved {
			out.blockers = append(out.blockers, r.blocker(b))
		}
	}
	for _, d := range sortedBy(t.Decisions, func(d *Decision) time.Time { return d.At }) {
		out.decisions = append(out.decisions, r.decision(d))
	}
	for _, q := range sortedBy(t.Questions, func(q *Question) time.Time { return q.Asked }) {
		if !q.Answered && now.Sub(q.Asked) >= t.ResponseWindow {
			out.questions = append(out.questions, r.question(q))
		}
	}
	for _, u := range sortedBy(t.Updates, func(u *Update) time.Time { return u.At }) {
		out.updates = append(out.updates, r.update(u))
	}
	for _, p := range t.Silent {
		out.silent = append(out.silent, name(p))
	}
	return out
}

// sortedBy returns pointers to xs ordered by time, oldest first, leaving
// xs, which other recipients' digests share, untouched.
func sortedBy[T any](xs []T, at func(*T) time.Time) []*T {
	ps := make([]*T, len(xs))
	for i := range xs {
		ps[i] = &xs[i]
	}
	by := func(a, b *T) int { return at(a).Compare(at(b)) }
	if !slices.IsSortedFunc(ps, by) {
		slices.SortStableFunc(ps, by)
	}
	return ps
}

// Render builds the digest in for its recipient at now (normally equal
// to in.Until).
func (r *Renderer) Render(in Digest, now time.Time) Rendered {
	loc := in.Recipient.Loc
	if loc == nil {
		loc = time.UTC
	}
	day := in.Day
	if day.IsZero() {
		day = schedule.DateOf(in.Until.In(loc))
	}
	teams := make([]teamOut, len(in.Teams))
	var names []string
	var c Counts
	for i := range in.Teams {
		teams[i] = r.team(&in.Teams[i], now)
		names = append(names, teams[i].name)
		c.Updates += len(teams[i].updates)
		c.Decisions += len(teams[i].decisions)
		c.Blockers += len(teams[i].blockers)
		c.Questions += len(teams[i].questions)
	}
	d := &doc{in: &in, loc: loc, now: now, teams: teams,
		since: Since(in.Since, in.Until, loc), subject: subject(names, day, c)}
	id := messageID("digest", day, in.Recipient.Email, in.Domain)
	out := Rendered{Subject: d.subject, Text: d.text(), HTML: d.html(), MessageID: id,
		Header: baseHeader("digest", id, in.Until.In(loc), day), Empty: c.Empty()}
	out.Header["List-Id"] = digestListID(&in)
	if reply := digestReplyTo(&in); reply != "" {
		out.Header["Reply-To"] = reply
	}
	for k, v := range out.Header {
		if v == "" {
			delete(out.Header, k)
		}
	}
	return out
}

// digestListID is the single team's List-Id, or Baton's digest list for
// a recipient of several teams.
func digestListID(in *Digest) string {
	if len(in.Teams) == 1 {
		return listID(clean(in.Teams[0].Name), in.Teams[0].ListID)
	}
	return listID("Baton digest", "digest."+in.Domain)
}

func digestReplyTo(in *Digest) string {
	if in.ReplyTo != "" || len(in.Teams) != 1 {
		return in.ReplyTo
	}
	return in.Teams[0].Address
}

// lead is the digest's first line.
func (d *doc) lead() string {
	return "Baton digest for " + name(d.in.Recipient) + ", " + d.since + "."
}

// doc is one digest being written.
type doc struct {
	in             *Digest
	loc            *time.Location
	now            time.Time
	teams          []teamOut
	since, subject string
}

// sections pairs each kind of team item with its heading.
func (t *teamOut) sections() [4]struct {
	title string
	items []*pair
} {
	return [4]struct {
		title string
		items []*pair
	}{{"Blockers", t.blockers}, {"Decisions", t.decisions},
		{"Unanswered questions", t.questions}, {"Updates", t.updates}}
}

func (d *doc) size(html bool) int {
	n := 1024
	for i := range d.teams {
		for _, s := range d.teams[i].sections() {
			for _, p := range s.items {
				if html {
					n += p.html.size()
				} else {
					n += p.text.size()
				}
			}
		}
	}
	return n
}

func (d *doc) text() string {
	var b strings.Builder
	b.Grow(d.size(false))
	wrap(&b, d.lead(), "", "", textWidth)
	for i := range d.teams {
		t := &d.teams[i]
		b.WriteString("\n")
		b.WriteString(textHeading(t.name))
		for _, s := range t.sections() {
			if len(s.items) == 0 {
				continue
			}
			b.WriteString("\n" + s.title + "\n\n")
			for j, p := range s.items {
				if j > 0 && s.title == "Updates" {
					b.WriteByte('\n')
				}
				p.text.write(&b, d.loc, d.now)
			}
		}
		if len(t.silent) > 0 {
			b.WriteString("\n" + textSilent(t.silent, d.since))
		}
	}
	b.WriteString("\n-- \n")
	wrap(&b, footer, "", "", textWidth)
	return b.String()
}

// kindHTML holds the rendered section headings, which never change.
var kindHTML = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"Blockers", "Decisions", "Unanswered questions", "Updates"} {
		m[k] = execHTML("kind", k)
	}
	return m
}()

// footer tells the reader how replies find their way.
const footer = "Reply to this email to write to the whole digest; use an item's own reply address to answer that item."

func (d *doc) html() string {
	var b strings.Builder
	b.Grow(d.size(true))
	b.WriteString(execHTML("head", struct{ Subject, Lead string }{d.subject, d.lead()}))
	for i := range d.teams {
		t := &d.teams[i]
		b.WriteString(execHTML("team", t.name))
		for _, s := range t.sections() {
			if len(s.items) == 0 {
				continue
			}
			b.WriteString(kindHTML[s.title])
			for _, p := range s.items {
				p.html.write(&b, d.loc, d.now)
			}
		}
		if len(t.silent) > 0 {
			b.WriteString(execHTML("silent", struct {
				Since string
				Names []string
			}{d.since, t.silent}))
		}
	}
	b.WriteString(execHTML("foot", footer))
	return b.String()
}
