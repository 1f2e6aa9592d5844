package items

import (
	"fmt"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// TestStates checks the state rules one case at a time.
func TestStates(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	root := &store.Update{ID: 1, Team: "platform", Author: "ana@example.com", Parsed: parser.Message{
		Questions: []string{"Can we drop Node 18?", "Who owns on-call?"},
		Blockers:  []string{"Staging is read-only"},
		Decisions: []parser.Decision{{Text: "Keep Postgres 16"}},
	}}
	mid := &store.Update{ID: 2, Team: "platform", Author: "ana@example.com", Parent: 1}
	aimed := &store.Update{ID: 3, Team: "platform", Author: "ana@example.com", Parsed: parser.Message{
		Questions: []string{"@Bo can we move the freeze?", "Dana, who owns the rota?", "Does anyone know the SLA?", "Is dana kim around on Friday?"},
	}}
	tests := []struct {
		name, author, body string
		decides            bool
		chain              []*store.Update
		want               string
	}{
		{"someone else answers both questions", "bo@example.com", "Yes, and Dana does.", false, []*store.Update{root}, "question/0/answered question/1/answered"},
		{"the author does not answer herself", "ana@example.com", "Any news?", false, []*store.Update{root}, ""},
		{"the author resolves", "ana@example.com", "Fixed this morning.", false, []*store.Update{root}, "blocker/0/resolved"},
		{"negated is not resolved", "ana@example.com", "Still not fixed, sadly.", false, []*store.Update{root}, ""},
		{"not yet resolved", "ana@example.com", "Not yet resolved.", false, []*store.Update{root}, ""},
		{"someone else saying done only answers", "bo@example.com", "Done on my side.", false, []*store.Update{root}, "question/0/answered question/1/answered"},
		{"explicit Resolved line from anyone", "bo@example.com", "Resolved: DNS went out.", false, []*store.Update{root}, "question/0/answered question/1/answered blocker/0/resolved"},
		{"deep in the thread", "ana@example.com", "Unblocked now.", false, []*store.Update{mid, root}, "blocker/0/resolved"},
		{"a later decision supersedes", "ana@example.com", "Decision: move to 17", true, []*store.Update{root}, "decision/0/superseded"},
		{"a named question waits for the one it names", "bo@example.com", "Yes.", false, []*store.Update{aimed}, "question/0/answered question/2/answered"},
		{"by first name or full name", "dana@example.com", "Me, and yes.", false, []*store.Update{aimed}, "question/1/answered question/2/answered question/3/answered"},
		{"other team's thread is left alone", "bo@example.com", "Fixed.", false, []*store.Update{{ID: 9, Team: "data", Author: "x@example.com", Parsed: root.Parsed}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := &store.Update{ID: 10, Team: "platform", Author: tt.author, Parent: tt.chain[0].ID, Parsed: parser.Message{Body: tt.body}}
			if tt.decides {
				reply.Parsed.Decisions = []parser.Decision{{Text: "x"}}
			}
			var got []string
			for _, s := range States(reply, tt.chain, Addressees(cfg)) {
				if s.By != tt.author || s.Reply != 10 {
					t.Errorf("state %+v lacks who or which reply", s)
				}
				got = append(got, fmt.Sprintf("%s/%d/%s", s.Kind, s.Item, s.State))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q", g, tt.want)
			}
		})
	}
}

// TestAddressees: who a question names, by whole words only.
func TestAddressees(t *testing.T) {
	named := Addressees(testenv.Config(t, testenv.TwoTeams))
	for q, want := range map[string]string{
		"@bo can you look?":            "bo@example.com",
		"@bob can you look?":           "",
		"Bo and Dana, thoughts?":       "bo@example.com dana@example.com",
		"Is the bonus approved?":       "",
		"Any news from ana souza?":     "ana@example.com",
		"Does anyone know the SLA?":    "",
		"@DANA, is staging back?":      "dana@example.com",
		"Who reviews Dana's change?":   "dana@example.com",
		"Will someone ping @data-eng?": "",
	} {
		if got := strings.Join(named("platform", q), " "); got != want {
			t.Errorf("%q names %q, want %q", q, got, want)
		}
	}
}
