package ingest

import (
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// TestReplyAbovePastedDigest: a member's reply whose client pasted the
// digest below it with no quote marks and no attribution is filed with
// the member's text alone; the same digest with nothing above it, or
// with a reply address in the text above, is Baton's own mail come
// back.
func TestReplyAbovePastedDigest(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	tf := newTestFiler(t, cfg, testenv.Quiet)
	reply := tf.filer.Tokens.Signer("bo@example.com").Addr("platform", cfg.Domain, token.Digest, token.DayID(schedule.Date{Year: 2026, Month: 11, Day: 22}))
	digest := "Baton digest for Bo Chen, since Sat 08:30 your time.\r\n\r\nPlatform\r\n\r\nBlockers\r\n- staging DB is read-only (Ana Souza)\r\n  Reply: " + reply + "\r\n\r\nDecisions:\r\n- Keep Postgres 16\r\n"
	for _, c := range []struct {
		name, above string
		class, body string
	}{
		{"text above", "Done:\r\n- fixed the staging DB grants\r\n\r\n", store.ClassUpdate, "Done:\n- fixed the staging DB grants"},
		{"nothing above", "", store.ClassAuto, ""},
		{"a reply address above", "See " + reply + "\r\nReply: " + reply + "\r\n\r\n", store.ClassAuto, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := strings.ReplaceAll(c.name, " ", "-") + "@example.com"
			res, err := tf.filer.Ingest([]byte(testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", id, c.above+digest)), store.Envelope{Source: store.SourceSMTP, MailFrom: "bo@example.com", Rcpt: []string{"platform@baton.test"}, Received: testenv.Quiet}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Class != c.class {
				t.Fatalf("class %s (%s), want %s", res.Class, res.Reason, c.class)
			}
			if c.class != store.ClassUpdate {
				if res.Reason != ReasonLoop {
					t.Errorf("reason %q, want %q", res.Reason, ReasonLoop)
				}
				return
			}
			u, err := tf.db.GetUpdate(res.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(u.Parsed.Body); got != c.body {
				t.Errorf("body %q, want %q", got, c.body)
			}
			if len(u.Parsed.Decisions) != 0 || len(u.Parsed.Blockers) != 0 || len(u.Parsed.Sections) != 1 {
				t.Errorf("sections of the pasted digest filed: decisions %v, blockers %v, sections %+v", u.Parsed.Decisions, u.Parsed.Blockers, u.Parsed.Sections)
			}
			m, _ := tf.db.GetMessage(res.ID)
			if !strings.Contains(strings.Join(m.Warnings, "; "), "pasted below the reply") {
				t.Errorf("warnings %q, want one that says the digest was left out", m.Warnings)
			}
		})
	}
}
