package gateway

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// TestThreadEndToEnd sends real SMTP to a running gateway: two updates,
// a reply through an update's reply address with every threading
// header removed, and a reply to a digest written under two different
// quoted updates (one quoted with its reply address, one cut to a line
// of its text) with text above all quotes. It reads each item's
// replies and states back from the store, resends the digest reply to
// check nothing doubles, and reads the tree as baton thread shows it.
func TestThreadEndToEnd(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	mustSend := func(from, to, msg string) {
		t.Helper()
		if err := testenv.Send(tg.addr, from, []string{to}, msg); err != nil {
			t.Fatal(err)
		}
	}
	mustSend("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com",
		"Done:\r\n- Moved billing to the new cluster\r\n\r\nBlockers:\r\n- Staging is read-only since the migration\r\n\r\nQuestions:\r\n- Can we drop Node 18 now?"))
	mustSend("bo@example.com", "platform@baton.test", testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", "bo1@example.com",
		"Done:\r\n- Shipped the billing importer to production for finance\r\n\r\nDecisions:\r\n- Keep Postgres 16 because the extension is not ready"))
	ana, bo := mustUpdate(t, tg.db, "ana1@example.com"), mustUpdate(t, tg.db, "bo1@example.com")

	// Bo answers Ana's question through her update's reply address; his
	// client dropped In-Reply-To and References, and the subject is new.
	addr := tg.replyAddr(cfg, cfg.Team("platform"), token.Update, ana.ID, "bo@example.com")
	mustSend("bo@example.com", addr, fmt.Sprintf("From: Bo Chen <bo@example.com>\r\nTo: %s\r\nSubject: node\r\nMessage-ID: <bo2@example.com>\r\n\r\nYes, nothing runs on Node 18 any more.\r\n", addr))

	// Dana's digest, as she would receive it.
	raw, _, err := tg.sched.PreviewDigest(cfg.Member("dana@example.com"), testenv.Quiet.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dg := checkDigest(t, string(raw), "dana@example.com")
	hdr, _ := mail.ReadMessage(strings.NewReader(string(raw)))
	replyTo, err := mail.ParseAddress(hdr.Header.Get("Reply-To"))
	if err != nil {
		t.Fatal(err)
	}
	digestTo, digestID := replyTo.Address, strings.Trim(hdr.Header.Get("Message-Id"), "<>")
	anaQuote := quoteUpdate(t, dg.text, "Ana Souza, ", true)
	boQuote := "> - Shipped the billing importer to production for finance\r\n"

	reply := fmt.Sprintf("From: Dana Kim <dana@example.com>\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <dana1@example.com>\r\nIn-Reply-To: <%s>\r\n\r\n"+
		"Thanks both, good week.\r\n\r\nOn Sun, 22 Nov 2026 at 13:00, Baton <baton@baton.test> wrote:\r\n%s\r\nStaging is writable again.\r\nResolved: the DNS change went out this morning.\r\n\r\n%s\r\nDecision: move to Postgres 17 next week\r\n\r\n-- \r\nDana\r\n",
		digestTo, hdr.Header.Get("Subject"), digestID, anaQuote, boQuote)
	for range 2 { // the resend is acknowledged and files nothing again
		mustSend("dana@example.com", digestTo, reply)
	}

	// Ana's update: Bo's reply, then Dana's piece.
	kids := children(t, tg.db, ana.ID)
	if len(kids) != 2 {
		t.Fatalf("Ana's update has %d replies, want 2 (Bo's, Dana's piece): %+v", len(kids), kids)
	}
	boReply := kids[0]
	if k := kids[0]; k.Author != "bo@example.com" || !strings.Contains(k.Parsed.Body, "Node 18") {
		t.Errorf("first reply under Ana's update: %s %q", k.Author, k.Parsed.Body)
	}
	dana := mustUpdate(t, tg.db, "dana1@example.com")
	if k := kids[1]; k.Author != "dana@example.com" || k.Source != dana.ID || !strings.HasPrefix(k.Parsed.Body, "Staging is writable again.") {
		t.Errorf("second reply under Ana's update: %s source %d %q", k.Author, k.Source, k.Parsed.Body)
	}
	// Bo's update: Dana's other piece, with its decision.
	kids = children(t, tg.db, bo.ID)
	if len(kids) != 1 || kids[0].Source != dana.ID || len(kids[0].Parsed.Decisions) != 1 || !strings.Contains(kids[0].Parsed.Body, "Postgres 17") {
		t.Fatalf("replies under Bo's update: %+v", kids)
	}
	// Dana's message itself: the digest thread, with the text above all quotes.
	if dana.Parent != 0 || dana.Digest != digestID || dana.Parsed.Body != "Thanks both, good week." {
		t.Errorf("Dana's digest reply: parent %d digest %q body %q; want parent 0, digest %q, the top text", dana.Parent, dana.Digest, dana.Parsed.Body, digestID)
	}
	if m, _ := tg.db.GetMessage(dana.ID); m.Class != store.ClassReply {
		t.Errorf("Dana's message class %q, want reply", m.Class)
	}
	var n int
	tg.db.ListUpdates(0, func(*store.Update) bool { n++; return true })
	if n != 6 { // two updates, Bo's reply, Dana's reply and its two pieces
		t.Errorf("%d updates stored, want 6", n)
	}

	// States, with who and by which reply.
	testenv.WantState(t, tg.db, ana.ID, store.ItemQuestion, store.StateAnswered, "bo@example.com")
	testenv.WantState(t, tg.db, ana.ID, store.ItemBlocker, store.StateResolved, "dana@example.com")
	testenv.WantState(t, tg.db, bo.ID, store.ItemDecision, store.StateSuperseded, "dana@example.com")

	// The same tree as baton thread shows it.
	text := threadText(t, cfg, tg.db, "<ana1@example.com>")
	t.Logf("baton thread ana1@example.com:\n%s", text)
	for _, want := range []string{
		fmt.Sprintf("#%d Ana Souza <ana@example.com>, Sun 2026-11-22 12:00 WET: Done: Moved billing to the new cluster", ana.ID),
		"    question: Can we drop Node 18 now? [answered by Bo Chen, Sun 2026-11-22 20:00 +08]",
		"    blocker: Staging is read-only since the migration [resolved by Dana Kim, Sun 2026-11-22 07:00 EST]",
		fmt.Sprintf("  #%d Bo Chen <bo@example.com>, Sun 2026-11-22 20:00 +08: Yes, nothing runs on Node 18 any more.", boReply.ID),
		fmt.Sprintf("(written under a quote in #%d)", dana.ID),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("thread view lacks %q:\n%s", want, text)
		}
	}
	if text := threadText(t, cfg, tg.db, digestID); !strings.HasPrefix(text, "digest <"+digestID+">\n  #") {
		t.Errorf("digest thread view:\n%s", text)
	}
}

// quoteUpdate returns, quoted with "> ", the block of the digest text
// that starts with the line beginning head, through its Reply line
// (withReply) or the line before it.
func quoteUpdate(t *testing.T, text, head string, withReply bool) string {
	t.Helper()
	ls := strings.Split(text, "\n")
	start := slices.IndexFunc(ls, func(l string) bool { return strings.HasPrefix(l, head) })
	if start < 0 {
		t.Fatalf("digest has no line starting %q:\n%s", head, text)
	}
	var b strings.Builder
	for _, l := range ls[start:] {
		reply := strings.HasPrefix(strings.TrimSpace(l), "Reply: ")
		if reply && !withReply {
			break
		}
		b.WriteString("> " + l + "\r\n")
		if reply {
			break
		}
	}
	return b.String()
}

func mustUpdate(t *testing.T, db *store.DB, msgid string) *store.Update {
	t.Helper()
	id, err := db.Lookup(msgid)
	if err != nil {
		t.Fatalf("%s: %v", msgid, err)
	}
	u, err := db.GetUpdate(id)
	if err != nil {
		t.Fatalf("%s: %v", msgid, err)
	}
	return u
}

func children(t *testing.T, db *store.DB, id uint64) []*store.Update {
	t.Helper()
	ids, err := db.Children(id)
	if err != nil {
		t.Fatal(err)
	}
	var out []*store.Update
	for _, k := range ids {
		u, err := db.GetUpdate(k)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

// threadText is baton thread's view of the thread holding id.
func threadText(t *testing.T, cfg *config.Config, db *store.DB, id string) string {
	t.Helper()
	text, err := report.ThreadText(cfg, db, id)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
