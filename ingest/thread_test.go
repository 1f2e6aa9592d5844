package gateway

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// rawMail is a message with extra headers given as "Name: value"
// lines.
func rawMail(from, to, subject, msgid string, headers []string, body string) []byte {
	h := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\n", from, to, subject, msgid)
	for _, x := range headers {
		h += x + "\r\n"
	}
	return []byte(h + "\r\n" + body + "\r\n")
}

func ingestAt(t *testing.T, tg *testGateway, at time.Time, raw []byte) Result {
	t.Helper()
	res, err := tg.Ingest(raw, store.Envelope{Source: "file", Received: at}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestIngestThreadOutOfOrder files a reply before its parent and a
// grandchild before both: each is filed as what it can be, then moves
// under its parent the moment the parent arrives.
func TestIngestThreadOutOfOrder(t *testing.T) {
	tg := newTestGateway(t, mustConfig(t, testConfig), quiet)
	const ana, bo, to = "Ana Souza <ana@example.com>", "Bo Chen <bo@example.com>", "platform@baton.test"
	c := ingestAt(t, tg, quiet, rawMail(ana, to, "Re: status", "c@x", []string{"In-Reply-To: <b@x>", "References: <a@x> <b@x>"}, "Thanks!"))
	b := ingestAt(t, tg, quiet.Add(time.Minute), rawMail(bo, to, "Re: status", "b@x", []string{"In-Reply-To: <a@x>", "References: <a@x>"}, "Is it live?"))
	if c.Class != store.ClassUpdate || b.Class != store.ClassUpdate {
		t.Fatalf("before the root arrived: classes %s, %s; want update, update", c.Class, b.Class)
	}
	if got := parentOf(t, tg.db, c.ID); got != b.ID {
		t.Errorf("c under %d, want b (%d): b arrived after c and c named it", got, b.ID)
	}
	a := ingestAt(t, tg, quiet.Add(2*time.Minute), rawMail(ana, to, "status", "a@x", nil, "Questions:\n- Can we drop Node 18 now?"))
	if got := parentOf(t, tg.db, b.ID); got != a.ID {
		t.Errorf("b under %d, want a (%d)", got, a.ID)
	}
	if got := parentOf(t, tg.db, c.ID); got != b.ID {
		t.Errorf("c moved to %d, want it to stay under b (%d)", got, b.ID)
	}
	if m, _ := tg.db.GetMessage(b.ID); m.Class != store.ClassReply {
		t.Errorf("b class %s, want reply", m.Class)
	}
	// Bo's reply, moved under Ana's question, answers it.
	wantState(t, tg.db, a.ID, store.ItemQuestion, store.StateAnswered, "bo@example.com")
}

func parentOf(t *testing.T, db *store.DB, id uint64) uint64 {
	t.Helper()
	u, err := db.GetUpdate(id)
	if err != nil {
		t.Fatal(err)
	}
	return u.Parent
}

// TestIngestThreadSubject: with no token and no known header, a "Re:"
// subject joins the newest original update of the same team with that
// subject within 14 days, and nothing else.
func TestIngestThreadSubject(t *testing.T) {
	tg := newTestGateway(t, mustConfig(t, testConfig), quiet)
	const ana, bo, chidi = "Ana Souza <ana@example.com>", "Bo Chen <bo@example.com>", "Chidi Okafor <chidi@example.com>"
	day := 24 * time.Hour
	old := ingestAt(t, tg, quiet, rawMail(ana, "platform@baton.test", "[Platform] Billing cut-over", "old@x", nil, "Done:\n- step one"))
	root := ingestAt(t, tg, quiet.Add(day), rawMail(ana, "platform@baton.test", "Billing cut-over", "root@x", nil, "Done:\n- step two"))
	tests := []struct {
		name    string
		from    string
		to      string
		subject string
		at      time.Duration
		headers []string
		want    uint64
	}{
		{"Re joins the newest", bo, "platform@baton.test", "AW: RE: [Platform] billing cut-over", day + time.Hour, nil, root.ID},
		{"unknown References still fall back", bo, "platform@baton.test", "Re: Billing cut-over", day + time.Hour, []string{"References: <never-seen@x>"}, root.ID},
		{"no prefix is a new update", bo, "platform@baton.test", "Billing cut-over", day + time.Hour, nil, 0},
		{"other team", chidi, "data@baton.test", "Re: Billing cut-over", day + time.Hour, nil, 0},
		{"after the window", bo, "platform@baton.test", "Re: Billing cut-over", 16 * day, nil, 0},
		{"before the root: the older one", bo, "platform@baton.test", "Re: Billing cut-over", time.Hour, nil, old.ID},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ingestAt(t, tg, quiet.Add(tt.at), rawMail(tt.from, tt.to, tt.subject, fmt.Sprintf("s%d@x", i), tt.headers, "ok"))
			if res.Parent != tt.want {
				t.Errorf("parent %d, want %d", res.Parent, tt.want)
			}
		})
	}
}

// TestIngestThreadDigestHeaders: a plain reply In-Reply-To a digest's
// Message-ID, with no reply token, lands in the digest's thread.
func TestIngestThreadDigestHeaders(t *testing.T) {
	tg := newTestGateway(t, mustConfig(t, testConfig), quiet)
	res := ingestAt(t, tg, quiet, rawMail("Bo Chen <bo@example.com>", "platform@baton.test", "Re: [Platform] Sun 22 Nov", "r@x",
		[]string{"In-Reply-To: <digest.2026-11-22.0123456789abcdef@baton.test>"}, "Quiet week, all good."))
	u, _ := tg.db.GetUpdate(res.ID)
	if res.Class != store.ClassReply || u.Parent != 0 || u.Digest != "digest.2026-11-22.0123456789abcdef@baton.test" {
		t.Errorf("class %s parent %d digest %q", res.Class, u.Parent, u.Digest)
	}
}

// TestThreadItemStates checks the state rules one case at a time.
func TestThreadItemStates(t *testing.T) {
	cfg := mustConfig(t, testConfig)
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
			for _, s := range itemStates(reply, tt.chain, addressees(cfg)) {
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

// TestQuestionAddressees: who a question names, by whole words only.
func TestQuestionAddressees(t *testing.T) {
	named := addressees(mustConfig(t, testConfig))
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
