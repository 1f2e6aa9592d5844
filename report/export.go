package report

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/mbox"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// Export formats.
const (
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
	FormatMbox     = "mbox"
)

// ExportOptions select what Export and Decisions write.
type ExportOptions struct {
	Team   string    // team name or address; "" for every team
	Since  time.Time // zero: from the start
	Format string    // Format*
}

// ErrNoTeam means an export named a team the config does not have.
var ErrNoTeam = errors.New("no such team in the config")

// ParseSince reads a -since value: a date (2006-01-02, midnight UTC)
// or an RFC 3339 time; "" is the zero time.
func ParseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("-since %q: use a date such as 2026-01-31 or an RFC 3339 time", s)
	}
	return t, nil
}

// teamAddress resolves a team given by name or address.
func teamAddress(cfg *config.Config, team string) (string, error) {
	if team == "" {
		return "", nil
	}
	for _, t := range cfg.Teams {
		if strings.EqualFold(t.Name, team) || strings.EqualFold(t.Address, team) {
			return t.Address, nil
		}
	}
	return "", fmt.Errorf("%q: %w", team, ErrNoTeam)
}

// exportUpdate is an update as exported: its parsed content, thread
// place and item states.
type exportUpdate struct {
	ID        uint64            `json:"id"`
	Team      string            `json:"team"`
	Author    string            `json:"author"`
	Received  time.Time         `json:"received"`
	Subject   string            `json:"subject"`
	MessageID string            `json:"message_id,omitempty"`
	Parent    uint64            `json:"parent,omitempty"`
	Thread    uint64            `json:"thread"` // ID of the thread's root update
	Sections  []parser.Section  `json:"sections"`
	Decisions []parser.Decision `json:"decisions,omitempty"`
	Blockers  []string          `json:"blockers,omitempty"`
	Questions []string          `json:"questions,omitempty"`
	Body      string            `json:"body"`
	// Items are the update's questions, blockers and decisions, each
	// with its state; States are the raw records of those that changed.
	Items  []exportItem  `json:"items,omitempty"`
	States []store.State `json:"states,omitempty"`
}

// exportItem is one question, blocker or decision and where it stands,
// as `baton thread` shows it.
type exportItem struct {
	Kind  string    `json:"kind"`  // store.Item*
	Text  string    `json:"text"`  // for a decision without its rationale
	State string    `json:"state"` // open, answered, resolved, standing or superseded
	By    string    `json:"by,omitempty"`
	At    time.Time `json:"at,omitzero"`
	Reply uint64    `json:"reply,omitempty"` // the update that changed it
}

// exportItems lists u's questions, blockers and decisions with their states.
func exportItems(u *store.Update, states []store.State) []exportItem {
	var out []exportItem
	add := func(kind string, texts []string, open string) {
		for i, text := range texts {
			it := exportItem{Kind: kind, Text: text, State: open}
			for _, s := range states {
				if s.Kind == kind && s.Item == i {
					it.State, it.By, it.At, it.Reply = s.State, s.By, s.At, s.Reply
				}
			}
			out = append(out, it)
		}
	}
	add(store.ItemQuestion, u.Parsed.Questions, "open")
	add(store.ItemBlocker, u.Parsed.Blockers, "open")
	decisions := make([]string, len(u.Parsed.Decisions))
	for i, d := range u.Parsed.Decisions {
		decisions[i] = d.Text
	}
	add(store.ItemDecision, decisions, "standing")
	return out
}

// selectUpdates returns the team's updates received at or after since,
// in store order, each with its thread root and states.
func selectUpdates(db *store.DB, team string, since time.Time) ([]*exportUpdate, error) {
	all := map[uint64]*store.Update{}
	var list []*store.Update
	err := db.ListUpdates(0, func(u *store.Update) bool {
		all[u.ID] = u
		if (team == "" || u.Team == team) && !u.Received.Before(since) {
			list = append(list, u)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	out := make([]*exportUpdate, 0, len(list))
	for _, u := range list {
		root := u.ID
		for p, depth := u.Parent, 0; p != 0 && depth < store.MaxDepth; depth++ {
			root = p
			if a := all[p]; a != nil {
				p = a.Parent
			} else {
				p = 0
			}
		}
		states, err := db.States(u.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, &exportUpdate{
			ID: u.ID, Team: u.Team, Author: u.Author, Received: u.Received, Subject: u.Parsed.Subject,
			MessageID: u.Parsed.MessageID, Parent: u.Parent, Thread: root, Sections: u.Parsed.Sections,
			Decisions: u.Parsed.Decisions, Blockers: u.Parsed.Blockers, Questions: u.Parsed.Questions,
			Body: u.Parsed.Body, Items: exportItems(u, states), States: states,
		})
	}
	return out, nil
}

// Export writes one team's record (every team with o.Team empty) since
// o.Since: updates with their threads and decisions as Markdown or
// JSON, or the raw messages as an mbox. It reads db only.
func Export(cfg *config.Config, db *store.DB, w io.Writer, o ExportOptions) error {
	team, err := teamAddress(cfg, o.Team)
	if err != nil {
		return err
	}
	switch o.Format {
	case FormatMbox:
		return exportMbox(db, w, team, o.Since)
	case FormatJSON, FormatMarkdown, "":
	default:
		return fmt.Errorf("format %q: use markdown, json or mbox", o.Format)
	}
	ups, err := selectUpdates(db, team, o.Since)
	if err != nil {
		return err
	}
	decisions, err := Decisions(cfg, db, ExportOptions{Team: team, Since: o.Since})
	if err != nil {
		return err
	}
	if o.Format == FormatJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Team      string          `json:"team,omitempty"`
			Since     time.Time       `json:"since,omitzero"`
			Updates   []*exportUpdate `json:"updates"`
			Decisions []DecisionEntry `json:"decisions"`
		}{team, o.Since, ups, decisions})
	}
	return writeMarkdown(cfg, w, team, o.Since, ups, decisions)
}

func writeMarkdown(cfg *config.Config, w io.Writer, team string, since time.Time, ups []*exportUpdate, decisions []DecisionEntry) error {
	var b strings.Builder
	title := "All teams"
	if t := cfg.Team(team); t != nil {
		title = "Team " + t.Name
	}
	fmt.Fprintf(&b, "# %s", title)
	if !since.IsZero() {
		fmt.Fprintf(&b, " since %s", since.UTC().Format(time.DateOnly))
	}
	b.WriteString("\n\n## Updates\n")
	byThread := map[uint64][]*exportUpdate{}
	var roots []uint64
	for _, u := range ups {
		if byThread[u.Thread] == nil {
			roots = append(roots, u.Thread)
		}
		byThread[u.Thread] = append(byThread[u.Thread], u)
	}
	for _, r := range roots {
		for _, u := range byThread[r] {
			ind := ""
			if u.ID != u.Thread {
				ind = "> "
			}
			fmt.Fprintf(&b, "\n%s### #%d %s, %s: %s\n", ind, u.ID, who(cfg, u.Author), u.Received.UTC().Format("Mon 2006-01-02 15:04 UTC"), u.Subject)
			if u.Parent != 0 {
				fmt.Fprintf(&b, "%sIn reply to #%d.\n", ind, u.Parent)
			}
			writeSections(&b, ind, u)
			writeItemStates(&b, cfg, ind, u.Items)
		}
	}
	b.WriteString("\n## Decisions\n\n")
	writeDecisionTableNames(&b, cfg, decisions)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSections writes an update's sections: a heading and a list
// each, and the text written under no heading as plain paragraphs.
func writeSections(b *strings.Builder, ind string, u *exportUpdate) {
	for _, s := range u.Sections {
		if s.Title == "" {
			for _, it := range s.Items {
				fmt.Fprintf(b, "%s\n%s%s\n", ind, ind, oneLine(it))
			}
			continue
		}
		fmt.Fprintf(b, "%s\n%s**%s**\n", ind, ind, s.Title)
		for _, it := range s.Items {
			fmt.Fprintf(b, "%s- %s\n", ind, oneLine(it))
		}
	}
	if len(u.Sections) == 0 && strings.TrimSpace(u.Body) != "" {
		fmt.Fprintf(b, "%s\n%s%s\n", ind, ind, strings.ReplaceAll(strings.TrimSpace(u.Body), "\n", "\n"+ind))
	}
}

// writeItemStates lists where each question, blocker and decision of
// an update stands: "answered by Bo Chen in #2, Mon 2026-11-23 10:00 UTC".
func writeItemStates(b *strings.Builder, cfg *config.Config, ind string, list []exportItem) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(b, "%s\n%s_Items:_\n", ind, ind)
	for _, it := range list {
		state := it.State
		if it.By != "" {
			state += " by " + who(cfg, it.By)
			if it.Reply != 0 {
				state += fmt.Sprintf(" in #%d", it.Reply)
			}
			state += ", " + it.At.UTC().Format("Mon 2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(b, "%s- %s: %s (%s)\n", ind, it.Kind, oneLine(it.Text), state)
	}
}

// exportMbox writes the team's raw messages as an mboxrd file (RFC
// 4155): a From_ line before each, and every line starting with
// ">*From " quoted with one more ">". Messages whose bytes retention
// pruned are left out.
func exportMbox(db *store.DB, w io.Writer, team string, since time.Time) error {
	var ids []*store.Message
	err := db.ListMessages(0, func(m *store.Message) bool {
		if (team == "" || m.Team == team) && !m.Envelope.Received.Before(since) && !m.Pruned {
			ids = append(ids, m)
		}
		return true
	})
	if err != nil {
		return err
	}
	mw := mbox.NewWriter(w)
	for _, m := range ids {
		raw, err := db.GetRaw(m.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := mw.Write(cmp.Or(m.Envelope.MailFrom, m.Author), m.Envelope.Received, raw); err != nil {
			return err
		}
	}
	return nil
}

// who names a member by name when the config knows them.
func who(cfg *config.Config, email string) string {
	if cfg != nil {
		if m := cfg.Member(email); m != nil {
			return m.Name
		}
	}
	return email
}

func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
