package ingest

import (
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// A member on several teams gets one check-in prompt a day, with each
// other team under its own name (scheduler.go). teamPieces cuts a reply
// written that way: the text under another team's name becomes that
// team's update, filed as a piece of the message; the message keeps the
// text before any team's name and under its own team's.
func teamPieces(cfg *config.Config, m *config.Member, u *store.Update, opts parser.Options) []*store.Update {
	if len(m.Teams) < 2 {
		return nil
	}
	parts := map[string][]string{} // team address -> lines
	order := []string{u.Team}
	cur := u.Team
	found := false
	for _, l := range strings.Split(u.Parsed.Body, "\n") {
		if t := teamHeading(m, l); t != nil {
			cur, found = t.Address, true
			if _, seen := parts[cur]; !seen && cur != u.Team {
				order = append(order, cur)
			}
			parts[cur] = append(parts[cur], "")
			continue
		}
		if isUnderline(l) && found && len(parts[cur]) == 1 {
			continue // "Data\n===="
		}
		parts[cur] = append(parts[cur], l)
	}
	if !found {
		return nil
	}
	var pieces []*store.Update
	for _, team := range order[1:] {
		text := strings.TrimSpace(strings.Join(parts[team], "\n"))
		p := parser.Piece(&u.Parsed, text, opts)
		if len(p.Sections) == 0 {
			continue // the prompt's empty skeleton
		}
		pieces = append(pieces, &store.Update{Team: team, Author: u.Author, Received: u.Received, Parsed: p})
	}
	keepOnly(u, strings.TrimSpace(strings.Join(parts[u.Team], "\n")), opts)
	return pieces
}

// teamHeading returns the team of m's whose name the line is, alone
// ("Data", "Data:", "## Data").
func teamHeading(m *config.Member, line string) *config.Team {
	l := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#*"))
	l = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(l, "*"), ":"))
	for _, t := range m.Teams {
		if l != "" && strings.EqualFold(l, t.Name) {
			return t
		}
	}
	return nil
}

// isUnderline reports a Markdown heading's underline, "====" or "----".
func isUnderline(l string) bool {
	l = strings.TrimSpace(l)
	return len(l) >= 3 && (strings.Trim(l, "=") == "" || strings.Trim(l, "-") == "")
}
