package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
)

// TestFreshQuestionShowsInItsUpdate: a question younger than the
// response window is not in the team's waiting list yet, so it shows in
// the update that asked it; once past the window it is listed too.
func TestFreshQuestionShowsInItsUpdate(t *testing.T) {
	loc := mustLoc(t, "Europe/London")
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	ana := Person{Name: "Ana Lima", Email: "ana@example.com", Loc: loc}
	digestAt := func(asked time.Time) string {
		in := Digest{Recipient: Person{Name: "Bo Chen", Email: "bo@example.com", Loc: loc}, Since: now.Add(-48 * time.Hour), Until: now, Domain: "baton.example",
			Teams: []Team{{Name: "Platform", Address: "platform@baton.example", ListID: "platform.baton.example", ResponseWindow: 24 * time.Hour,
				Updates: []Update{{ID: "1", Author: ana, At: asked, Sections: []parser.Section{
					sec(parser.Done, "Rotated the certificates"), sec(parser.Questions, "Can we drop Node 18 now?")}}},
				Questions: []Question{{ID: "1.0", Text: "Can we drop Node 18 now?", Author: ana, Asked: asked}},
			}}}
		return render(in, now).Text
	}
	fresh := digestAt(now.Add(-2 * time.Hour))
	if n := strings.Count(fresh, "Can we drop Node 18 now?"); n != 1 || strings.Contains(fresh, "Unanswered questions") {
		t.Errorf("a fresh question shows %d times, want once, under its update:\n%s", n, fresh)
	}
	waiting := digestAt(now.Add(-30 * time.Hour))
	if !strings.Contains(waiting, "Unanswered questions") {
		t.Errorf("a question past the response window is not listed as waiting:\n%s", waiting)
	}
}
