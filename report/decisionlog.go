package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/store"
)

// DecisionEntry is one line of the decision log.
type DecisionEntry struct {
	Update       uint64    `json:"update"`
	Team         string    `json:"team"`
	Date         time.Time `json:"date"`
	Author       string    `json:"author"`
	Decision     string    `json:"decision"`
	Rationale    string    `json:"rationale,omitempty"`
	State        string    `json:"state"` // "standing" or "superseded"
	SupersededBy uint64    `json:"superseded_by,omitempty"`
	ByText       string    `json:"superseded_by_text,omitempty"` // what replaced it
	ByAuthor     string    `json:"superseded_by_author,omitempty"`
}

// Decisions returns the decision log: every decision filed since
// o.Since (by one team when o.Team is set), oldest first, with whether
// a later decision in its thread superseded it and by what.
func Decisions(cfg *config.Config, db *store.DB, o ExportOptions) ([]DecisionEntry, error) {
	team, err := teamAddress(cfg, o.Team)
	if err != nil {
		return nil, err
	}
	// Read the updates first and their states after: a read inside
	// another's callback could wait behind a commit that is itself
	// waiting for the outer read to end.
	var withDecisions []*store.Update
	err = db.ListUpdates(0, func(u *store.Update) bool {
		if (team == "" || u.Team == team) && !u.Received.Before(o.Since) && len(u.Parsed.Decisions) > 0 {
			withDecisions = append(withDecisions, u)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	var out []DecisionEntry
	for _, u := range withDecisions {
		states, err := db.States(u.ID)
		if err != nil {
			return nil, err
		}
		for i, d := range u.Parsed.Decisions {
			e := DecisionEntry{Update: u.ID, Team: u.Team, Date: u.Received, Author: u.Author, Decision: d.Text, Rationale: d.Rationale, State: "standing"}
			for _, s := range states {
				if s.Kind == store.ItemDecision && s.Item == i && s.State == store.StateSuperseded {
					e.State, e.SupersededBy, e.ByAuthor = s.State, s.Reply, s.By
					if r, err := db.GetUpdate(s.Reply); err == nil && len(r.Parsed.Decisions) > 0 {
						e.ByText = r.Parsed.Decisions[0].Text
					}
				}
			}
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

// DecisionLog writes the decision log (see Decisions) as o.Format asks:
// indented JSON, or a Markdown table.
func DecisionLog(cfg *config.Config, db *store.DB, w io.Writer, o ExportOptions) error {
	list, err := Decisions(cfg, db, o)
	if err != nil {
		return err
	}
	if o.Format == FormatJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	return WriteDecisions(cfg, w, list)
}

// WriteDecisions writes the decision log as a Markdown table.
func WriteDecisions(cfg *config.Config, w io.Writer, list []DecisionEntry) error {
	var b strings.Builder
	b.WriteString("# Decision log\n\n")
	writeDecisionTableNames(&b, cfg, list)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDecisionTableNames(b *strings.Builder, cfg *config.Config, list []DecisionEntry) {
	if len(list) == 0 {
		b.WriteString("No decisions recorded.\n")
		return
	}
	b.WriteString("| date | team | author | decision | rationale | state | superseded by |\n|---|---|---|---|---|---|---|\n")
	for _, e := range list {
		by := ""
		if e.SupersededBy != 0 {
			by = fmt.Sprintf("#%d", e.SupersededBy)
			if e.ByText != "" {
				by += ": " + e.ByText
			}
			if e.ByAuthor != "" {
				by += " (" + who(cfg, e.ByAuthor) + ")"
			}
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", e.Date.UTC().Format(time.DateOnly), cell(e.Team), cell(who(cfg, e.Author)),
			cell(e.Decision)+fmt.Sprintf(" (#%d)", e.Update), cell(e.Rationale), e.State, cell(by))
	}
}
