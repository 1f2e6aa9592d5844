package ingest

import (
	"fmt"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
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

func ingestAt(t *testing.T, tg *testFiler, at time.Time, raw []byte) Result {
	t.Helper()
	res, err := tg.filer.Ingest(raw, store.Envelope{Source: "file", Received: at}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestIngestThreadOutOfOrder files a reply before its parent and a
// grandchild before both: each is filed as what it can be, then moves
// under its parent the moment the parent arrives.
func TestIngestThreadOutOfOrder(t *testing.T) {
	tg := newTestFiler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	const ana, bo, to = "Ana Souza <ana@example.com>", "Bo Chen <bo@example.com>", "platform@baton.test"
	c := ingestAt(t, tg, testenv.Quiet, rawMail(ana, to, "Re: status", "c@x", []string{"In-Reply-To: <b@x>", "References: <a@x> <b@x>"}, "Thanks!"))
	b := ingestAt(t, tg, testenv.Quiet.Add(time.Minute), rawMail(bo, to, "Re: status", "b@x", []string{"In-Reply-To: <a@x>", "References: <a@x>"}, "Is it live?"))
	if c.Class != store.ClassUpdate || b.Class != store.ClassUpdate {
		t.Fatalf("before the root arrived: classes %s, %s; want update, update", c.Class, b.Class)
	}
	if got := parentOf(t, tg.db, c.ID); got != b.ID {
		t.Errorf("c under %d, want b (%d): b arrived after c and c named it", got, b.ID)
	}
	a := ingestAt(t, tg, testenv.Quiet.Add(2*time.Minute), rawMail(ana, to, "status", "a@x", nil, "Questions:\n- Can we drop Node 18 now?"))
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
	testenv.WantState(t, tg.db, a.ID, store.ItemQuestion, store.StateAnswered, "bo@example.com")
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
	tg := newTestFiler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	const ana, bo, chidi = "Ana Souza <ana@example.com>", "Bo Chen <bo@example.com>", "Chidi Okafor <chidi@example.com>"
	day := 24 * time.Hour
	old := ingestAt(t, tg, testenv.Quiet, rawMail(ana, "platform@baton.test", "[Platform] Billing cut-over", "old@x", nil, "Done:\n- step one"))
	root := ingestAt(t, tg, testenv.Quiet.Add(day), rawMail(ana, "platform@baton.test", "Billing cut-over", "root@x", nil, "Done:\n- step two"))
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
			res := ingestAt(t, tg, testenv.Quiet.Add(tt.at), rawMail(tt.from, tt.to, tt.subject, fmt.Sprintf("s%d@x", i), tt.headers, "ok"))
			if res.Parent != tt.want {
				t.Errorf("parent %d, want %d", res.Parent, tt.want)
			}
		})
	}
}

// TestIngestThreadDigestHeaders: a plain reply In-Reply-To a digest's
// Message-ID, with no reply token, lands in the digest's thread.
func TestIngestThreadDigestHeaders(t *testing.T) {
	tg := newTestFiler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	res := ingestAt(t, tg, testenv.Quiet, rawMail("Bo Chen <bo@example.com>", "platform@baton.test", "Re: [Platform] Sun 22 Nov", "r@x",
		[]string{"In-Reply-To: <digest.2026-11-22.0123456789abcdef@baton.test>"}, "Quiet week, all good."))
	u, _ := tg.db.GetUpdate(res.ID)
	if res.Class != store.ClassReply || u.Parent != 0 || u.Digest != "digest.2026-11-22.0123456789abcdef@baton.test" {
		t.Errorf("class %s parent %d digest %q", res.Class, u.Parent, u.Digest)
	}
}
