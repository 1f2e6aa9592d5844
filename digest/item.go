package digest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/baton-mail/baton/parser"
)

// maxDepth bounds reply indentation; deeper replies show at this depth.
const maxDepth = 5

// The views hold cleaned user text and hole marks, ready for both the
// text and the HTML writers. They hold nothing of the recipient's: the
// reply address is a hole the writers mark.
type (
	updateView struct {
		Author, When, Subject string
		Summary               string // a folded update's one line
		Own                   bool   // the recipient's own, folded or its replies
		Urgent                bool
		Sections              []sectionView
		Replies               []replyView
	}
	sectionView struct {
		Title string
		Items []string
		rank  int
	}
	replyView struct {
		Author, When string
		Lines        []string
		Depth        int
	}
	// itemView is a blocker, decision or question.
	itemView struct {
		Text, Rationale, State string
		Replaces               string // a decision's predecessor
		To                     string // whom a question names: "you", names
		Author, When           string
		Kind                   string // "blocker", "decision" or "question"
	}
)

func name(p Person) string {
	if n := clean(p.Name); n != "" {
		return n
	}
	return clean(p.Email)
}

// sectionRank orders an update's sections: done, next, then the rest.
func sectionRank(k parser.Kind) int {
	switch k {
	case parser.Done:
		return 0
	case parser.Next:
		return 1
	case parser.Notes:
		return 3
	}
	return 2
}

func newUpdateView(u *Update, h *holes) updateView {
	v := updateView{Author: name(u.Author), When: h.clock(u.At),
		Subject: clean(u.Subject), Urgent: u.Urgent}
	for _, s := range u.Sections {
		switch s.Kind {
		case parser.Blockers, parser.Decisions:
			continue // shown with the team while open or new
		}
		// Questions stay where they were asked: the team's list shows
		// only those left waiting past the response window.
		sv := sectionView{Title: clean(s.Title), rank: sectionRank(s.Kind)}
		if sv.Title == "" {
			sv.Title = strings.ToUpper(string(s.Kind[:1])) + string(s.Kind[1:])
		}
		for _, it := range s.Items {
			if it = clean(it); it != "" {
				sv.Items = append(sv.Items, it)
			}
		}
		if len(sv.Items) > 0 {
			v.Sections = append(v.Sections, sv)
		}
	}
	slices.SortStableFunc(v.Sections, func(a, b sectionView) int { return a.rank - b.rank })
	v.Sections = mergeSections(v.Sections)
	v.Replies = flatten(u.Replies, 1, h, v.Replies)
	return v
}

// mergeSections joins sections that sorting made neighbours and that
// carry one title, as the notes written before and after a heading do,
// so a heading is not shown twice in a row.
func mergeSections(ss []sectionView) []sectionView {
	out := ss[:0]
	for _, s := range ss {
		if n := len(out); n > 0 && out[n-1].rank == s.rank && strings.EqualFold(out[n-1].Title, s.Title) {
			out[n-1].Items = append(out[n-1].Items, s.Items...)
			continue
		}
		out = append(out, s)
	}
	return out
}

// flatten lists a reply tree depth first, each reply with its depth.
func flatten(rs []Reply, depth int, h *holes, out []replyView) []replyView {
	for i := range rs {
		r := &rs[i]
		out = append(out, replyView{Author: name(r.Author), When: h.clock(r.At),
			Lines: lines(r.Text), Depth: min(depth, maxDepth)})
		out = flatten(r.Replies, depth+1, h, out)
	}
	return out
}

// lines splits a reply into its lines, with runs of blank lines
// collapsed into one.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(clean(s), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func newBlockerView(b *Blocker, h *holes) itemView {
	return itemView{Kind: "blocker", Text: clean(b.Text), Author: name(b.Author),
		When: h.age(b.Since)}
}

func newDecisionView(d *Decision, h *holes) itemView {
	return itemView{Kind: "decision", Text: clean(d.Text), Rationale: clean(d.Rationale),
		State: clean(d.State), Replaces: clean(d.Replaces), Author: name(d.Author), When: h.clock(d.At)}
}

func newQuestionView(q *Question, to string, h *holes) itemView {
	return itemView{Kind: "question", Text: clean(q.Text), To: to, Author: name(q.Author),
		When: h.age(q.Asked)}
}

// addressed says whom q names as the recipient reads it: "you" when it
// names them, else the names, else "" for a question to anyone.
func addressed(q *Question, recipient string) string {
	var names []string
	for _, p := range q.To {
		if recipient != "" && strings.EqualFold(p.Email, recipient) {
			return "you"
		}
		names = append(names, name(p))
	}
	return strings.Join(names, ", ")
}

// summary folds an update's sections and replies to one line: "Done
// 2, Next 1, 3 replies".
func summary(v *updateView) string {
	var parts []string
	for _, s := range v.Sections {
		parts = append(parts, s.Title+" "+strconv.Itoa(len(s.Items)))
	}
	if n := len(v.Replies); n > 0 {
		parts = append(parts, plural(n, "reply", "replies"))
	}
	if len(parts) == 0 {
		return "posted"
	}
	return strings.Join(parts, ", ")
}

// Indent is the HTML left margin of the reply, in pixels.
func (r replyView) Indent() int { return (r.Depth - 1) * 16 }
