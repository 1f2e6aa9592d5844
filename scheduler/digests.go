package scheduler

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/items"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// A first digest (no watermark yet) covers the last day.
const (
	firstDigest  = 24 * time.Hour
	digestPrefix = "digest/"
)

// window is the updates of the recent past, loaded once and shared by
// every digest built at one instant. It holds whole only the updates a
// digest could show as new (received since from, or after the update
// fromID); of the older ones, the roots with questions or blockers,
// which digests list while they are open. An older update a digest
// needs after all, the root of a new reply, is read from the store with
// the replies under it (fetch, completeThread).
type window struct {
	until    time.Time
	built    time.Time // when it was last read in full
	from     time.Time
	fromID   uint64
	lastID   uint64 // the highest update ID read; newer ones are read next
	firstID  uint64 // the lowest update ID held
	db       *store.DB
	updates  []*store.Update // oldest first
	byTeam   map[string][]*store.Update
	byID     map[uint64]*store.Update
	children map[uint64][]*store.Update
	complete map[uint64]bool          // roots whose replies were all read
	states   map[uint64][]store.State // item states by update ID (states.go)
	// replacedBy are the superseded decisions' states by the reply
	// that superseded them.
	replacedBy map[uint64][]store.State
	away       []store.Away                // members away by an out-of-office reply
	to         map[itemRef][]digest.Person // whom each question or blocker names
	render     *digest.Renderer            // shares each item's rendering across recipients
}

// adoptedOlder reports whether one of fresh arrived after replies to
// it, which the store then moved under it.
func (sc *Scheduler) adoptedOlder(fresh []*store.Update) bool {
	for _, u := range fresh {
		kids, err := sc.DB.Children(u.ID)
		if err != nil || len(kids) > 0 && kids[0] < u.ID {
			return true
		}
	}
	return false
}

// loadWindow reads the updates of the items.Lookback period before until.
func (sc *Scheduler) loadWindow(until time.Time) (*window, error) {
	w := &window{until: until, db: sc.DB, byTeam: map[string][]*store.Update{}, byID: map[uint64]*store.Update{},
		children: map[uint64][]*store.Update{}, complete: map[uint64]bool{}, render: digest.NewRenderer()}
	if err := sc.freshFrom(w); err != nil {
		return nil, err
	}
	// The last ID first: an update stored while the window is read is
	// then read again by the next call, and add skips it.
	var err error
	if w.lastID, err = sc.DB.LastUpdateID(); err != nil {
		return nil, err
	}
	var recent []*store.Update
	err = sc.DB.RecentUpdates(until.Add(-items.Lookback), func(u *store.Update) bool {
		if !u.Received.After(until) && w.keeps(u) {
			recent = append(recent, u)
		}
		return true
	})
	slices.Reverse(recent)
	w.add(recent...)
	if err == nil {
		err = sc.loadStates(w)
	}
	return w, err
}

// freshFrom sets where w's whole updates start: the earliest instant and
// update ID after which a member's next digest shows updates as new.
// Members added later start a day back, within it.
func (sc *Scheduler) freshFrom(w *window) error {
	w.from, w.fromID = w.until.Add(-firstDigest), math.MaxUint64
	for _, m := range sc.Config().Members() {
		mark, err := sc.DB.GetWatermark(m.Email)
		if err != nil {
			return err
		}
		if !mark.At.IsZero() && mark.At.Before(w.from) {
			w.from = mark.At
		}
		if mark.UntilID != 0 {
			w.fromID = min(w.fromID, mark.UntilID)
		}
	}
	if start := w.until.Add(-items.Lookback); w.from.Before(start) {
		w.from = start
	}
	return nil
}

// recent reports whether u is one of the window's whole updates.
func (w *window) recent(u *store.Update) bool {
	return !u.Received.Before(w.from) || u.ID > w.fromID
}

// keeps reports whether the window holds u: whole, or as an older
// update with questions or blockers, which digests list while they are
// open, wherever in a thread they were written.
func (w *window) keeps(u *store.Update) bool {
	return w.recent(u) || len(u.Parsed.Questions)+len(u.Parsed.Blockers) > 0
}

func (w *window) add(us ...*store.Update) {
	for _, u := range us {
		if w.byID[u.ID] != nil {
			continue // already read
		}
		if len(w.updates) == 0 || u.ID < w.firstID {
			w.firstID = u.ID
		}
		w.updates = append(w.updates, u)
		w.byTeam[u.Team] = append(w.byTeam[u.Team], u)
		w.byID[u.ID] = u
		if u.Parent != 0 {
			w.children[u.Parent] = append(w.children[u.Parent], u)
		}
	}
}

// window returns the scheduler's window as of now, reading only the
// updates stored since the last call; it is rebuilt from scratch once
// a day so the items.Lookback period slides.
func (sc *Scheduler) window(now time.Time) (*window, error) {
	w := sc.win
	if w == nil || now.Sub(w.built) > 24*time.Hour || now.Before(w.until) {
		var err error
		if w, err = sc.loadWindow(now); err != nil {
			return nil, err
		}
		w.built = now
	} else {
		var fresh []*store.Update
		err := sc.DB.ListUpdates(w.lastID, func(u *store.Update) bool {
			w.lastID = u.ID
			if w.keeps(u) {
				fresh = append(fresh, u)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		if sc.adoptedOlder(fresh) {
			sc.win = nil // a late parent re-linked replies already cached
			return sc.window(now)
		}
		w.add(fresh...)
		if err := sc.loadStates(w); err != nil {
			return nil, err
		}
		w.until = now
	}
	sc.win = w
	return w, nil
}

// buildDigest renders member's digest as of until, and the watermark it
// would leave. It sends nothing and moves nothing.
func (sc *Scheduler) buildDigest(cfg *config.Config, m *config.Member, until time.Time, day schedule.Date, w *window) (digest.Rendered, store.Watermark, error) {
	mark, err := sc.DB.GetWatermark(m.Email)
	if err != nil {
		return digest.Rendered{}, mark, err
	}
	since := mark.At
	if since.IsZero() {
		since = until.Add(-firstDigest)
	}
	in := digest.Digest{
		Recipient: person(m),
		Since:     since, Until: until, Day: day,
		Domain: cfg.Domain,
	}
	next := store.Watermark{Recipient: m.Email, UntilID: mark.UntilID, At: until, LocalDate: day.String()}
	sign := sc.Tokens.Signer(m.Email)
	for _, t := range m.Teams {
		dt, maxID := sc.digestTeam(cfg, t, sign, mark, since, w)
		next.UntilID = max(next.UntilID, maxID)
		in.Teams = append(in.Teams, dt)
	}
	if len(m.Teams) > 0 {
		if day.IsZero() {
			day = schedule.DateOf(until.In(m.Location))
		}
		in.ReplyTo = sign.Addr(m.Teams[0].Address, cfg.Domain, token.Digest, token.DayID(day))
	}
	return w.render.Render(in, until), next, nil
}

// isNew reports whether u is after the recipient's last digest.
func isNew(u *store.Update, mark store.Watermark, since time.Time) bool {
	if mark.UntilID != 0 {
		return u.ID > mark.UntilID
	}
	return u.Received.After(since)
}

func (sc *Scheduler) digestTeam(cfg *config.Config, t *config.Team, sign token.Signer, mark store.Watermark, since time.Time, w *window) (digest.Team, uint64) {
	dt := digest.Team{Name: t.Name, ListID: t.ListID(cfg.Domain), Address: t.Address + "@" + cfg.Domain, ResponseWindow: t.ResponseWindow}
	posted := map[string]bool{}
	var maxID uint64
	shown := map[uint64]bool{}
	var replaced []string // item IDs of decisions whose successors are shown
	for _, u := range w.byTeam[t.Address] {
		fresh := isNew(u, mark, since)
		if fresh {
			maxID = max(maxID, u.ID)
			posted[u.Author] = true
		}
		addQuestions(cfg, t, sign, u, w, &dt)
		addBlockers(cfg, t, sign, u, w, &dt)
		if !fresh {
			continue
		}
		replaced = addDecisions(cfg, t, sign, u, w, &dt, replaced)
		if u.Parent == 0 && u.Digest != "" && len(u.Parsed.Sections) == 0 {
			continue // a reply to the digest with nothing to show above its quotes
		}
		root := u
		if u.Parent != 0 {
			root = w.root(u)
			if root == nil || shown[root.ID] || isNew(root, mark, since) {
				continue // shown under its (new) root, or its root is gone
			}
		}
		if shown[root.ID] {
			continue
		}
		shown[root.ID] = true
		w.completeThread(root)
		ru := digest.Update{
			ID: strconv.FormatUint(root.ID, 10), Author: personOf(cfg, root.Author), At: root.Received,
			Subject: root.Parsed.Subject, Sections: root.Parsed.Sections, Urgent: root.Parsed.Urgent,
			ReplyTo: sign.Addr(t.Address, cfg.Domain, token.Update, root.ID),
			Replies: w.replies(cfg, root.ID),
		}
		dt.Updates = append(dt.Updates, ru)
	}
	// A superseded decision is shown as what its successor replaces.
	dt.Decisions = slices.DeleteFunc(dt.Decisions, func(d digest.Decision) bool {
		return d.State == store.StateSuperseded && slices.Contains(replaced, d.ID)
	})
	awayNow := awayUntil(cfg, w.away, w.until)
	for _, m := range t.Members {
		_, ooo := awayNow[m.Email]
		if !posted[m.Email] && !away(m, w.until) && !ooo {
			dt.Silent = append(dt.Silent, person(m))
		}
	}
	for _, a := range w.away {
		if until, ok := awayNow[a.Member]; ok && a.Since.After(since) && slices.ContainsFunc(t.Members, func(m *config.Member) bool { return m.Email == a.Member }) {
			dt.Away = append(dt.Away, digest.Away{Person: personOf(cfg, a.Member), Until: until})
		}
	}
	return dt, maxID
}

// addQuestions lists u's questions, each answered once its stored state
// says so (states.go), with the members it names; digest drops those
// younger than the response window unless put to the reader.
func addQuestions(cfg *config.Config, t *config.Team, sign token.Signer, u *store.Update, w *window, dt *digest.Team) {
	for i, q := range u.Parsed.Questions {
		dq := digest.Question{
			ID: itemID(u, i), Text: q, Author: personOf(cfg, u.Author), Asked: u.Received, To: w.named(cfg, u, store.ItemQuestion, i, q),
			ReplyTo: itemAddr(cfg, t, sign, store.ItemQuestion, u.ID, i),
		}
		if s := w.state(u.ID, store.ItemQuestion, i); s != nil {
			dq.Answered, dq.AnsweredBy, dq.AnsweredAt = true, personOf(cfg, s.By), s.At
		}
		dt.Questions = append(dt.Questions, dq)
	}
}

// itemRef names item i of kind in update id.
type itemRef struct {
	id   uint64
	kind string
	i    int
}

// named returns the members text, item i of kind in u, names ("@bo",
// "Dana, ..."): worked out once per window, not once per reader.
func (w *window) named(cfg *config.Config, u *store.Update, kind string, i int, text string) []digest.Person {
	k := itemRef{u.ID, kind, i}
	if to, ok := w.to[k]; ok {
		return to
	}
	var to []digest.Person
	for _, email := range items.Addressees(cfg)(u.Team, text) {
		to = append(to, personOf(cfg, email))
	}
	if w.to == nil {
		w.to = map[itemRef][]digest.Person{}
	}
	w.to[k] = to
	return to
}

// addBlockers lists u's blockers, open until their stored state says
// resolved (states.go).
func addBlockers(cfg *config.Config, t *config.Team, sign token.Signer, u *store.Update, w *window, dt *digest.Team) {
	for i, b := range u.Parsed.Blockers {
		dt.Blockers = append(dt.Blockers, digest.Blocker{
			ID: itemID(u, i), Text: b, Author: personOf(cfg, u.Author), Since: u.Received, To: w.named(cfg, u, store.ItemBlocker, i, b),
			Resolved: w.state(u.ID, store.ItemBlocker, i) != nil, ReplyTo: itemAddr(cfg, t, sign, store.ItemBlocker, u.ID, i),
		})
	}
}

// addDecisions lists u's decisions with their states; the first says
// which earlier decisions it replaces, whose item IDs are added to
// replaced.
func addDecisions(cfg *config.Config, t *config.Team, sign token.Signer, u *store.Update, w *window, dt *digest.Team, replaced []string) []string {
	for i, d := range u.Parsed.Decisions {
		dd := digest.Decision{ID: itemID(u, i), Decision: d, Author: personOf(cfg, u.Author), At: u.Received,
			ReplyTo: itemAddr(cfg, t, sign, store.ItemDecision, u.ID, i)}
		if s := w.state(u.ID, store.ItemDecision, i); s != nil {
			dd.State = s.State
		}
		if i == 0 {
			var old []string
			for _, s := range w.replacedBy[u.ID] {
				if p := w.fetch(s.Update); p != nil && s.Item < len(p.Parsed.Decisions) {
					old = append(old, p.Parsed.Decisions[s.Item].Text)
					replaced = append(replaced, itemID(p, s.Item))
				}
			}
			dd.Replaces = strings.Join(old, "; ")
		}
		dt.Decisions = append(dt.Decisions, dd)
	}
	return replaced
}

// itemID names item i of u for the renderer, which renders each ID once.
func itemID(u *store.Update, i int) string {
	return strconv.FormatUint(u.ID, 10) + "." + strconv.Itoa(i)
}

// itemAddr is the reply address of item i of kind in update id.
func itemAddr(cfg *config.Config, t *config.Team, s token.Signer, kind string, id uint64, i int) string {
	k, tid := token.ForItem(kind, id, i)
	return s.Addr(t.Address, cfg.Domain, k, tid)
}

// root follows parents up to the thread's first update.
func (w *window) root(u *store.Update) *store.Update {
	for depth := 0; u != nil && u.Parent != 0 && depth < store.MaxDepth; depth++ {
		u = w.fetch(u.Parent)
	}
	return u
}

// fetch returns update id from the window, reading it from the store
// when the window left it out; nil when it is gone.
func (w *window) fetch(id uint64) *store.Update {
	if u, ok := w.byID[id]; ok {
		return u
	}
	u, err := w.db.GetUpdate(id)
	if err != nil || u.Received.After(w.until) {
		u = nil
	}
	w.byID[id] = u
	return u
}

// completeThread makes sure every reply under root is in the window,
// which keeps only the recent ones: an older root's earlier replies, and
// replies that arrived before their root and were adopted by it. Once
// per root per window.
func (w *window) completeThread(root *store.Update) {
	if w.complete[root.ID] {
		return
	}
	w.complete[root.ID] = true
	var walk func(id uint64, depth int)
	walk = func(id uint64, depth int) {
		ids, err := w.db.Children(id)
		if err != nil || depth > store.MaxDepth {
			return
		}
		var kids []*store.Update
		for _, k := range ids {
			if c := w.fetch(k); c != nil {
				kids = append(kids, c)
				walk(k, depth+1)
			}
		}
		w.children[id] = kids
	}
	walk(root.ID, 0)
}

func (w *window) replies(cfg *config.Config, id uint64) []digest.Reply {
	var out []digest.Reply
	for _, c := range w.children[id] {
		out = append(out, digest.Reply{Author: personOf(cfg, c.Author), At: c.Received, Text: c.Parsed.Body, Replies: w.replies(cfg, c.ID)})
	}
	return out
}

// away reports whether m is away on the local date of t.
func away(m *config.Member, t time.Time) bool {
	d := schedule.DateOf(t.In(m.Location))
	return slices.Contains(m.Away, d)
}

func person(m *config.Member) digest.Person {
	return digest.Person{Name: m.Name, Email: m.Email, Loc: m.Location}
}

func personOf(cfg *config.Config, email string) digest.Person {
	if m := cfg.Member(email); m != nil {
		return person(m)
	}
	return digest.Person{Name: email, Email: email}
}

// PreviewDigest returns the exact message member m's digest would be at
// instant at, whatever the schedule says, without queueing it or moving
// the watermark; empty reports that it shows nothing new.
func (sc *Scheduler) PreviewDigest(m *config.Member, at time.Time) (raw []byte, empty bool, err error) {
	cfg := sc.Config()
	w, err := sc.loadWindow(at)
	if err != nil {
		return nil, false, err
	}
	r, _, err := sc.buildDigest(cfg, m, at, schedule.DateOf(at.In(m.Location)), w)
	if err != nil {
		return nil, false, err
	}
	o, err := sc.outbound(cfg, m, config.KindDigest, "preview", r, at)
	if err != nil {
		return nil, false, err
	}
	return o.Raw, r.Empty, nil
}
