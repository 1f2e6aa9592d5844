package digest

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// Renderer renders digests. It remembers each item it has rendered, by
// ID and content, so the digests of a team's members render each item
// once: what differs per recipient (the times phrased in their zone, the
// reply address signed for them) is a hole in the rendering, filled per
// digest. An item whose content changed under the same ID, such as an
// update with a new reply, renders anew. Its memory only grows: use one
// for as long as its items stay, such as the scheduler's day. It is
// safe for concurrent use.
type Renderer struct {
	seed  maphash.Seed
	mu    sync.Mutex
	items map[itemKey]*pair
}

// itemKey names a rendered item: its kind, ID and a hash of everything
// of it that shows, but its reply address. Two contents meet under one
// key with the odds of a 64-bit hash collision.
type itemKey struct {
	kind byte
	id   string
	sum  uint64
}

// pair is one item rendered as text and as HTML.
type pair struct{ text, html piece }

// NewRenderer returns a Renderer with an empty memory.
func NewRenderer() *Renderer {
	return &Renderer{seed: maphash.MakeSeed(), items: map[itemKey]*pair{}}
}

// get returns the remembered rendering under k, or nil. An empty ID is
// never remembered.
func (r *Renderer) get(k itemKey) *pair {
	if k.id == "" {
		return nil
	}
	r.mu.Lock()
	p := r.items[k]
	r.mu.Unlock()
	return p
}

// put remembers the item rendered as text and html with holes h.
func (r *Renderer) put(k itemKey, text, html string, h holes) *pair {
	p := &pair{newPiece(text, h), newPiece(html, h)}
	if k.id != "" {
		r.mu.Lock()
		r.items[k] = p
		r.mu.Unlock()
	}
	return p
}

func (r *Renderer) update(u *Update) *pair {
	k := itemKey{'u', u.ID, r.sumUpdate(u)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := newUpdateView(u, &h)
	return r.put(k, textUpdate(&v, &h), htmlUpdate(&v, &h), h)
}

func (r *Renderer) blocker(b *Blocker) *pair {
	k := itemKey{'b', b.ID, r.sumBlocker(b)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := newBlockerView(b, &h)
	return r.put(k, textItem(&v, &h), htmlItem(&v, &h), h)
}

func (r *Renderer) decision(d *Decision) *pair {
	k := itemKey{'d', d.ID, r.sumDecision(d)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := newDecisionView(d, &h)
	return r.put(k, textItem(&v, &h), htmlItem(&v, &h), h)
}

// ownUpdate renders the recipient's own update folded to one line.
func (r *Renderer) ownUpdate(u *Update) *pair {
	k := itemKey{'o', u.ID, r.sumUpdate(u)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := newUpdateView(u, &h)
	v.Author, v.Summary, v.Sections, v.Replies, v.Own = "You", summary(&v), nil, nil, true
	return r.put(k, textUpdate(&v, &h), htmlUpdate(&v, &h), h)
}

// repliesToYou renders the replies to the recipient's own update that
// came since their last digest.
func (r *Renderer) repliesToYou(u *Update, since time.Time) *pair {
	fresh := newReplies(u.Replies, since)
	if len(fresh) == 0 {
		return nil
	}
	k := itemKey{'y', u.ID, r.sumRepliesToYou(u, fresh)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := updateView{Author: "New replies to your update", When: h.clock(u.At), Replies: flatten(fresh, 1, &h, nil), Own: true}
	return r.put(k, textUpdate(&v, &h), htmlUpdate(&v, &h), h)
}

// newReplies keeps the replies posted after since, each with the
// earlier replies above it that lead to it.
func newReplies(rs []Reply, since time.Time) []Reply {
	var out []Reply
	for _, rp := range rs {
		kids := newReplies(rp.Replies, since)
		if rp.At.After(since) || len(kids) > 0 {
			rp.Replies = kids
			out = append(out, rp)
		}
	}
	return out
}

// answered renders, for its author, a question answered since their
// last digest.
func (r *Renderer) answered(q *Question) *pair {
	k := itemKey{'a', q.ID, r.sumAnswered(q)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := itemView{Kind: "answered", Text: clean(q.Text), Author: name(q.AnsweredBy), When: h.clock(q.AnsweredAt)}
	return r.put(k, textItem(&v, &h), htmlItem(&v, &h), h)
}

func (r *Renderer) question(q *Question, to string) *pair {
	k := itemKey{'q', q.ID, r.sumQuestion(q, to)}
	if p := r.get(k); p != nil {
		return p
	}
	var h holes
	v := newQuestionView(q, to, &h)
	return r.put(k, textItem(&v, &h), htmlItem(&v, &h), h)
}

// ref is an item in one recipient's digest: its shared rendering and
// the recipient's reply address for it.
type ref struct {
	p     *pair
	reply string
}

// teamOut is one team's part of a digest, in display order.
type teamOut struct {
	name                                            string
	forYou, blockers, decisions, questions, updates []ref
	away                                            []awayOut
	silent                                          []string
}

type awayOut struct{ name, until string }

// team picks, orders and renders what t shows in the digest of
// recipient (an address) at now, whose last digest was at since.
func (r *Renderer) team(t *Team, recipient string, since, now time.Time) teamOut {
	out := teamOut{name: clean(t.Name), updates: make([]ref, 0, len(t.Updates))}
	mine := func(p Person) bool { return recipient != "" && strings.EqualFold(p.Email, recipient) }
	for _, b := range sortedBy(t.Blockers, func(b *Blocker) time.Time { return b.Since }) {
		switch {
		case b.Resolved:
		case slices.ContainsFunc(b.To, mine):
			out.forYou = append(out.forYou, ref{r.blocker(b), clean(b.ReplyTo)})
		default:
			out.blockers = append(out.blockers, ref{r.blocker(b), clean(b.ReplyTo)})
		}
	}
	for _, d := range sortedBy(t.Decisions, func(d *Decision) time.Time { return d.At }) {
		out.decisions = append(out.decisions, ref{r.decision(d), clean(d.ReplyTo)})
	}
	for _, q := range sortedBy(t.Questions, func(q *Question) time.Time { return q.Asked }) {
		to := addressed(q, recipient)
		switch {
		case q.Answered:
			if mine(q.Author) && q.AnsweredAt.After(since) {
				out.forYou = append(out.forYou, ref{r.answered(q), clean(q.ReplyTo)})
			}
		case to == "you":
			out.forYou = append(out.forYou, ref{r.question(q, to), clean(q.ReplyTo)})
		case now.Sub(q.Asked) >= t.ResponseWindow:
			out.questions = append(out.questions, ref{r.question(q, to), clean(q.ReplyTo)})
		}
	}
	for _, u := range sortedBy(t.Updates, func(u *Update) time.Time { return u.At }) {
		if !mine(u.Author) {
			out.updates = append(out.updates, ref{r.update(u), clean(u.ReplyTo)})
			continue
		}
		if p := r.repliesToYou(u, since); p != nil {
			out.forYou = append(out.forYou, ref{p, clean(u.ReplyTo)})
		}
		out.updates = append(out.updates, ref{r.ownUpdate(u), clean(u.ReplyTo)})
	}
	for _, a := range t.Away {
		if !mine(a.Person) {
			out.away = append(out.away, awayOut{name(a.Person), dayName(a.Until)})
		}
	}
	for _, p := range t.Silent {
		// The reader is "you", first: a nudge, not a name in a list.
		if recipient != "" && strings.EqualFold(p.Email, recipient) {
			out.silent = slices.Insert(out.silent, 0, "you")
			continue
		}
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
	var c counts
	for i := range in.Teams {
		teams[i] = r.team(&in.Teams[i], in.Recipient.Email, in.Since, now)
		names = append(names, teams[i].name)
		c.ForYou += len(teams[i].forYou)
		c.Updates += len(teams[i].updates)
		c.Decisions += len(teams[i].decisions)
		c.Blockers += len(teams[i].blockers)
		c.Questions += len(teams[i].questions)
	}
	d := &doc{in: &in, loc: loc, now: now, teams: teams,
		since: sincePhrase(in.Since, in.Until, loc), subject: subject(names, day, c)}
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
		return ListID(clean(in.Teams[0].Name), in.Teams[0].ListID)
	}
	return ListID("Baton digest", "digest."+in.Domain)
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
func (t *teamOut) sections() [5]struct {
	title string
	items []ref
} {
	return [5]struct {
		title string
		items []ref
	}{{"For you", t.forYou}, {"Blockers", t.blockers}, {"Decisions", t.decisions},
		{"Unanswered questions", t.questions}, {"Updates", t.updates}}
}

func (d *doc) size(html bool) int {
	n := 1024
	for i := range d.teams {
		for _, s := range d.teams[i].sections() {
			for _, it := range s.items {
				if html {
					n += it.p.html.size(len(it.reply))
				} else {
					n += it.p.text.size(len(it.reply))
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
			for j, it := range s.items {
				if j > 0 && s.title == "Updates" {
					b.WriteByte('\n')
				}
				it.p.text.write(&b, d.loc, d.now, it.reply)
			}
		}
		if len(t.away) > 0 {
			b.WriteString("\n" + textAway(t.away))
		}
		if len(t.silent) > 0 {
			b.WriteString("\n" + textSilent(t.silent, d.since))
		}
	}
	b.WriteString("\n-- \n")
	b.WriteString(footerText)
	return b.String()
}

// footer tells the reader how replies find their way.
const footer = "Reply to this email to write to the whole digest; use an item's own reply address to answer that item."

// footerText is the footer wrapped for the text part.
var footerText = func() string {
	var b strings.Builder
	wrap(&b, footer, "", "", textWidth)
	return b.String()
}()

func (d *doc) html() string {
	var b strings.Builder
	b.Grow(d.size(true))
	writeHead(&b, d.subject, d.lead())
	for i := range d.teams {
		t := &d.teams[i]
		writeHeading(&b, htmlTeam, t.name, "</h2>\n")
		for _, s := range t.sections() {
			if len(s.items) == 0 {
				continue
			}
			writeHeading(&b, htmlKind, s.title, "</h3>\n")
			for _, it := range s.items {
				it.p.html.write(&b, d.loc, d.now, it.reply)
			}
		}
		if len(t.away) > 0 {
			writeAway(&b, t.away)
		}
		if len(t.silent) > 0 {
			writeSilent(&b, d.since, t.silent)
		}
	}
	writeFoot(&b, footer)
	return b.String()
}
