// Package items holds the rules for the items an update carries
// (questions, blockers, decisions): whom a question names, and what a
// reply changes in the items above it in its thread. Ingest applies
// them inside the store's transaction; the digest shows their result.
// A new kind of item gets its rule here.
package items

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// Lookback is how long an item stays in view: how far back a digest
// looks for open questions and blockers, and a reply without threading
// headers for the update it answers.
const Lookback = 14 * 24 * time.Hour

// States is the store's Effects.States, with named saying which members
// a question names (Addressees): what a reply changes in the items of
// the updates above it in its thread (chain, nearest first).
//
//   - a question is answered by a reply from anyone but its author; one
//     that names members ("@bo", "Dana, ...") only by one of them;
//   - a blocker is resolved by a reply from its author saying so
//     ("resolved", "unblocked", "fixed", "done", not negated), or by a
//     reply from anyone with an explicit "Resolved:" line;
//   - a decision is superseded by a reply that makes a decision.
//
// A reply written to one item's own reply address (reply.Answers)
// changes that item only. The store keeps the first change of each
// item.
func States(reply *store.Update, chain []*store.Update, named func(team, question string) []string) []store.State {
	var out []store.State
	add := func(u *store.Update, kind string, i int, state string) {
		if a := reply.Answers; a != nil && (u.ID != reply.Parent || a.Kind != kind || a.Item != i) {
			return
		}
		out = append(out, store.State{Update: u.ID, Kind: kind, Item: i, State: state, By: reply.Author, At: reply.Received, Reply: reply.ID})
	}
	// The body is read only when a blocker above could be resolved by it:
	// this runs inside the store's transaction, one message at a time.
	var explicit, says, read bool
	decides := len(reply.Parsed.Decisions) > 0
	for _, u := range chain {
		if u.Team != reply.Team {
			continue
		}
		// The asker's own reply answers nothing; the names a question
		// holds are looked for only when someone else replies.
		for i, q := range u.Parsed.Questions {
			if reply.Author == u.Author {
				break
			}
			if to := named(u.Team, q); len(to) == 0 || slices.Contains(to, reply.Author) {
				add(u, store.ItemQuestion, i, store.StateAnswered)
			}
		}
		for i := range u.Parsed.Blockers {
			if !read {
				read = true
				explicit = hasResolvedLine(reply.Parsed.Body)
				says = explicit || saysResolved(reply.Parsed.Body)
			}
			if explicit || says && reply.Author == u.Author {
				add(u, store.ItemBlocker, i, store.StateResolved)
			}
		}
		for i := range u.Parsed.Decisions {
			if decides {
				add(u, store.ItemDecision, i, store.StateSuperseded)
			}
		}
	}
	return out
}

// Addressees returns, for a question in team, the members it names: by
// @local-part or @first-name in any case, by full name in any case, or
// by first name written as the config writes it ("Dana, who owns the
// rota?"). None named: the question is for anyone.
func Addressees(cfg *config.Config) func(team, question string) []string {
	return func(team, q string) []string {
		t := cfg.Team(team)
		if t == nil {
			return nil
		}
		lq := strings.ToLower(q)
		var to []string
		for _, m := range t.Members {
			local := m.Email[:strings.IndexByte(m.Email, '@')]
			first, _, full := strings.Cut(m.Name, " ")
			if parser.HasWord(lq, "@"+local) || first != "" && (parser.HasWord(lq, "@"+strings.ToLower(first)) || parser.HasWord(q, first)) ||
				full && strings.Contains(lq, strings.ToLower(m.Name)) {
				to = append(to, m.Email)
			}
		}
		return to
	}
}

// negations are words that turn "resolved" into its opposite.
var negations = map[string]bool{"not": true, "isn't": true, "isnt": true, "never": true, "no": true, "nothing": true, "hasn't": true, "hasnt": true, "wasn't": true, "wasnt": true}

// saysResolved reports whether body says a blocker is gone: one of
// "resolved", "unblocked", "fixed", "done", not right after a negation
// ("not fixed").
func saysResolved(body string) bool {
	words := strings.FieldsFunc(strings.ToLower(body), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	neg := func(j int) bool { return j >= 0 && negations[words[j]] }
	for i, word := range words {
		switch word {
		case "resolved", "unblocked", "fixed", "done":
			if !neg(i-1) && !(i > 0 && words[i-1] == "yet" && neg(i-2)) {
				return true
			}
		}
	}
	return false
}

// hasResolvedLine reports whether body has a line starting "Resolved:".
func hasResolvedLine(body string) bool {
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimLeft(strings.TrimSpace(l), "-*• "); len(l) >= 9 && strings.EqualFold(l[:9], "resolved:") {
			return true
		}
	}
	return false
}
