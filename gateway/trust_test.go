package gateway

import (
	"bytes"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/mbox"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
	"github.com/emersion/go-sasl"
)

// trustConfig is testenv.TwoTeams with Bo on both teams.
var trustConfig = testenv.TwoTeams + `
[[team.member]]
name = "Bo Chen"
email = "bo@example.com"
timezone = "Asia/Singapore"
`

// TestAuthorIsNeverTheHeader: whoever the From header names, an update
// is filed under the envelope sender (SMTP) or the signed-in member
// (submission); a From naming another member is refused in the session
// with the reason, and nothing is stored under either name.
func TestAuthorIsNeverTheHeader(t *testing.T) {
	tg := submissionGateway(t, "")
	// SMTP: Ana writes as Bo.
	err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", "forged1@example.com", "Done:\r\n- pushed to prod on Friday"))
	testenv.WantSMTPError(t, err, 550, "the From header names bo@example.com but this message comes from ana@example.com")
	if _, err := tg.db.Lookup("forged1@example.com"); err == nil {
		t.Error("a message with a forged From was stored")
	}

	// Submission: signed in as Ana, writing as Bo.
	c := dialSubmission(t, tg)
	if err := c.Auth(sasl.NewPlainClient("", "ana@example.com", "ana's password")); err != nil {
		t.Fatal(err)
	}
	err = c.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(
		testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", "forged2@example.com", "Done:\r\n- nothing")))
	testenv.WantSMTPError(t, err, 550, "send it from bo@example.com's own account")

	// A From that is no member (a personal alias) leaves the envelope
	// sender as the author.
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testenv.Message("Ana <ana.souza@gmail.example>", "platform@baton.test", "alias@example.com", "Done:\r\n- from my phone")); err != nil {
		t.Fatal(err)
	}
	if u := mustUpdate(t, tg.db, "alias@example.com"); u.Author != "ana@example.com" {
		t.Errorf("alias From: author %q, want ana@example.com", u.Author)
	}
}

// TestReplyTokenCannotLendAName: Bo may not resolve Ana's blocker by
// writing her name in From through his own reply address for it.
func TestReplyTokenCannotLendAName(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Blockers:\r\n- staging is read-only")); err != nil {
		t.Fatal(err)
	}
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	addr := tg.replyAddr(cfg, cfg.Team("platform"), token.Update, ana.ID, "bo@example.com")
	err := testenv.Send(tg.addr, "bo@example.com", []string{addr}, testenv.Message("Ana Souza <ana@example.com>", addr, "bo-as-ana@example.com", "Fixed, resolved."))
	testenv.WantSMTPError(t, err, 550, "the From header names ana@example.com but this message comes from bo@example.com")
	if states, _ := tg.db.States(ana.ID); len(states) != 0 {
		t.Errorf("Ana's blocker changed: %+v", states)
	}
}

// TestReplyTokenBoundToTeam: a reply address for a Platform item is not
// valid at the Data address, even for a member of both teams.
func TestReplyTokenBoundToTeam(t *testing.T) {
	cfg := testenv.Config(t, trustConfig)
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Questions:\r\n- who owns billing?")); err != nil {
		t.Fatal(err)
	}
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	tok := tg.Tokens.Sign(token.Update, ana.ID, "bo@example.com")
	stray := "data+" + tok + "@baton.test"
	err := testenv.Send(tg.addr, "bo@example.com", []string{stray}, testenv.Message("Bo Chen <bo@example.com>", stray, "stray@example.com", "I do."))
	testenv.WantSMTPError(t, err, 550, "this reply address is not valid here")
	if _, err := tg.db.Lookup("stray@example.com"); err == nil {
		t.Error("a reply through another team's address was stored")
	}
	ok := "platform+" + tok + "@baton.test"
	if err := testenv.Send(tg.addr, "bo@example.com", []string{ok}, testenv.Message("Bo Chen <bo@example.com>", ok, "right@example.com", "I do.")); err != nil {
		t.Fatal(err)
	}
	if u := mustUpdate(t, tg.db, "right@example.com"); u.Parent != ana.ID || u.Team != "platform" {
		t.Errorf("reply filed under %d in %s, want %d in platform", u.Parent, u.Team, ana.ID)
	}
}

// trustGateway runs a gateway on testenv.TwoTeams at testenv.Quiet, with helpers to
// post and to read a member's digest text at an instant.
type trustGateway struct {
	*testGateway
	t *testing.T
}

func newTrustGateway(t *testing.T) *trustGateway {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	return &trustGateway{tg, t}
}

// post sends msg from the envelope sender from to to.
func (tg *trustGateway) post(from, to, msg string) {
	tg.t.Helper()
	if err := testenv.Send(tg.addr, from, []string{to}, msg); err != nil {
		tg.t.Fatal(err)
	}
}

// digest returns member's digest as of testenv.Quiet+after: its text part and
// its reply address.
func (tg *trustGateway) digest(member string, after time.Duration) (text, replyTo, msgID, subject string) {
	tg.t.Helper()
	raw, _, err := tg.sched.PreviewDigest(tg.cfg.Member(member), testenv.Quiet.Add(after))
	if err != nil {
		tg.t.Fatal(err)
	}
	d := checkDigest(tg.t, string(raw), member)
	hdr, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		tg.t.Fatal(err)
	}
	rt, err := mail.ParseAddress(hdr.Header.Get("Reply-To"))
	if err != nil {
		tg.t.Fatal(err)
	}
	return strings.ReplaceAll(d.text, "\r\n", "\n"), rt.Address, strings.Trim(hdr.Header.Get("Message-Id"), "<>"), hdr.Header.Get("Subject")
}

// TestDigestReplyReachesNextDigest: a reply to the whole digest, with
// no quote, is the sender's update in the team's next digests, with its
// decision and question filed once.
func TestDigestReplyReachesNextDigest(t *testing.T) {
	tg := newTrustGateway(t)
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Done:\r\n- Moved billing"))
	_, replyTo, digestID, subject := tg.digest("dana@example.com", time.Hour)
	tg.post("dana@example.com", replyTo, fmt.Sprintf("From: Dana Kim <dana@example.com>\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <dana1@example.com>\r\nIn-Reply-To: <%s>\r\n\r\n"+
		"Catching up after the offsite: I finished the rota draft.\r\n\r\nDecision: rotate on-call weekly because two weeks burns people out\r\n", replyTo, subject, digestID))
	text, _, _, _ := tg.digest("bo@example.com", 2*time.Hour)
	for _, want := range []string{"Dana Kim, Sun 20:00\n  Notes:\n  - Catching up after the offsite: I finished the rota draft.", "- Rotate on-call weekly\n  Why: two weeks burns people out"} {
		if !strings.Contains(text, want) {
			t.Errorf("Bo's next digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Dana Kim") && strings.Contains(text, "Not posted") && strings.Contains(text[strings.Index(text, "Not posted"):], "Dana Kim") {
		t.Errorf("Dana is listed as not posted:\n%s", text)
	}
	list, err := report.Decisions(tg.cfg, tg.db, report.ExportOptions{})
	if err != nil || len(list) != 1 || list[0].Author != "dana@example.com" {
		t.Errorf("decision log: %+v, %v", list, err)
	}
}

// TestQuestionInReplyTracked: a question asked in a reply is listed
// like any other, shown at once, marked, to the member it names, and
// answered by that member's reply to its own address.
func TestQuestionInReplyTracked(t *testing.T) {
	tg := newTrustGateway(t)
	cfg := tg.cfg
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Done:\r\n- Drafted the rota"))
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	addr := tg.replyAddr(cfg, cfg.Team("platform"), token.Update, ana.ID, "bo@example.com")
	tg.post("bo@example.com", addr, testenv.Message("Bo Chen <bo@example.com>", addr, "bo1@example.com", "Looks good.\r\n\r\nQuestions:\r\n- @dana can you take the first week?"))
	text, _, _, _ := tg.digest("dana@example.com", time.Hour)
	if !strings.Contains(text, "- can you take the first week? (to you)") && !strings.Contains(text, "- @dana can you take the first week? (to you)") {
		t.Fatalf("Dana's digest does not put Bo's question to her:\n%s", text)
	}
	if text, _, _, _ := tg.digest("ana@example.com", time.Hour); strings.Contains(text, "first week?") && strings.Contains(text, "Unanswered questions") {
		t.Errorf("Ana sees the question inside the response window:\n%s", text)
	}
	if text, _, _, _ := tg.digest("ana@example.com", 25*time.Hour); !strings.Contains(text, "first week? (to Dana Kim)") {
		t.Errorf("Ana's digest past the response window lacks the question to Dana:\n%s", text)
	}
	bo := mustUpdate(t, tg.db, "bo1@example.com")
	k, id := token.ForItem(store.ItemQuestion, bo.ID, 0)
	qaddr := tg.replyAddr(cfg, cfg.Team("platform"), k, id, "dana@example.com")
	if !strings.Contains(text, qaddr) {
		t.Errorf("the question's reply address %s is not in Dana's digest:\n%s", qaddr, text)
	}
	tg.post("dana@example.com", qaddr, testenv.Message("Dana Kim <dana@example.com>", qaddr, "dana1@example.com", "Yes, I'll take it."))
	testenv.WantState(t, tg.db, bo.ID, store.ItemQuestion, store.StateAnswered, "dana@example.com")
	if text, _, _, _ := tg.digest("ana@example.com", 25*time.Hour); strings.Contains(text, "first week? (to") {
		t.Errorf("the answered question is still listed:\n%s", text)
	}
}

// TestInterleavedDecisionOnce: a decision written under a quoted
// decision of the digest is one decision, once, and the digest shows it
// with what it replaces instead of the old one marked superseded.
func TestInterleavedDecisionOnce(t *testing.T) {
	tg := newTrustGateway(t)
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Decisions:\r\n- Freeze deploys on Fridays"))
	text, replyTo, digestID, subject := tg.digest("dana@example.com", time.Hour)
	quote := quoteUpdate(t, text, "- Freeze deploys on Fridays", true)
	tg.post("dana@example.com", replyTo, fmt.Sprintf("From: Dana Kim <dana@example.com>\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <dana1@example.com>\r\nIn-Reply-To: <%s>\r\n\r\n"+
		"Morning all.\r\n\r\n%s\r\nDecision: Friday deploys only behind a feature flag\r\n", replyTo, subject, digestID, quote))
	list, err := report.Decisions(tg.cfg, tg.db, report.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var standing []string
	for _, d := range list {
		if d.State == "standing" {
			standing = append(standing, d.Author+": "+d.Decision)
		}
	}
	if len(list) != 2 || len(standing) != 1 || standing[0] != "dana@example.com: Friday deploys only behind a feature flag" {
		t.Errorf("decision log: %+v", list)
	}
	text, _, _, _ = tg.digest("bo@example.com", 2*time.Hour)
	if !strings.Contains(text, "- Friday deploys only behind a feature flag\n  Replaces: Freeze deploys on Fridays\n") {
		t.Errorf("Bo's digest lacks the new decision with what it replaces:\n%s", text)
	}
	decisions, _, _ := strings.Cut(text, "\nUpdates\n")
	if strings.Contains(text, "(superseded)") || strings.Count(decisions, "Friday deploys only") != 1 {
		t.Errorf("Bo's digest lists a decision twice:\n%s", text)
	}
	if strings.Contains(text, "Dana Kim, Sun 20:00\n  Reply:") {
		t.Errorf("Bo's digest shows Dana's digest reply, all of it under quotes, as an empty update:\n%s", text)
	}
}

// TestItemReplyAddresses: every question, blocker and decision of an
// update has its own reply address, and a reply to one changes that
// item only.
func TestItemReplyAddresses(t *testing.T) {
	tg := newTrustGateway(t)
	cfg := tg.cfg
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com",
		"Blockers:\r\n- Staging is read-only\r\n\r\nDecisions:\r\n- Keep Postgres 16\r\n\r\nQuestions:\r\n- @bo can we drop Node 18?\r\n- @bo who owns the rota?"))
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	text, _, _, _ := tg.digest("bo@example.com", time.Hour)
	seen := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		if _, a, ok := strings.Cut(l, "Reply: "); ok {
			if seen[a] {
				t.Errorf("reply address %s shown twice:\n%s", a, text)
			}
			seen[a] = true
		}
	}
	if len(seen) != 5 { // blocker, decision, two questions, the update
		t.Errorf("%d reply addresses, want 5:\n%s", len(seen), text)
	}
	k, id := token.ForItem(store.ItemQuestion, ana.ID, 1)
	addr := tg.replyAddr(cfg, cfg.Team("platform"), k, id, "bo@example.com")
	tg.post("bo@example.com", addr, testenv.Message("Bo Chen <bo@example.com>", addr, "bo1@example.com", "I do, and it's done."))
	states, err := tg.db.States(ana.ID)
	if err != nil || len(states) != 1 || states[0].Kind != store.ItemQuestion || states[0].Item != 1 {
		t.Errorf("states after a reply to the second question: %+v, %v", states, err)
	}
	if u := mustUpdate(t, tg.db, "bo1@example.com"); u.Parent != ana.ID || u.Answers == nil || *u.Answers != (store.ItemRef{Kind: store.ItemQuestion, Item: 1}) {
		t.Errorf("reply filed as parent %d answers %+v", u.Parent, u.Answers)
	}
}

// stripHeader removes the named header fields from raw.
func stripHeader(raw []byte, names ...string) string {
	head, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	var keep []string
	drop := false
	for _, l := range strings.Split(head, "\r\n") {
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if !drop {
				keep = append(keep, l)
			}
			continue
		}
		name, _, _ := strings.Cut(l, ":")
		drop = slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
		if !drop {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\r\n") + "\r\n\r\n" + body
}

// TestOwnMailComesBack: Baton's urgent relay and digest, sent back to a
// team address by a member's forwarding rule that stripped
// Auto-Submitted, List-Id, the Message-ID and every X-Baton field, are
// recorded as automatic mail and never filed or relayed again.
func TestOwnMailComesBack(t *testing.T) {
	tg := newTrustGateway(t)
	msg := strings.Replace(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "u1@example.com", "Blockers:\r\n- the payment API is down"), "Subject: status", "Subject: [urgent] payments down", 1)
	tg.post("ana@example.com", "platform@baton.test", msg)
	var relayed []byte
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == "urgent" && o.To[0] == "bo@example.com" {
			relayed, _ = tg.db.OutboundRaw(o.ID)
		}
		return true
	})
	if relayed == nil {
		t.Fatal("no urgent relay to Bo")
	}
	digest, _, err := tg.sched.PreviewDigest(tg.cfg.Member("bo@example.com"), testenv.Quiet.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	strip := []string{"Auto-Submitted", "List-Id", "Message-Id", "X-Auto-Response-Suppress", "X-Baton-Kind", "X-Baton-Date", "Importance"}
	for i, back := range []struct {
		name, raw string
	}{
		{"urgent relay, From kept", stripHeader(relayed, strip...)},
		{"urgent relay, From rewritten to Bo", strings.Replace(stripHeader(relayed, strip...), "From: Baton <baton@baton.test>", "From: Bo Chen <bo@example.com>", 1)},
		{"digest, From rewritten to Bo", strings.Replace(stripHeader(digest, strip...), "From: Baton <baton@baton.test>", "From: Bo Chen <bo@example.com>", 1)},
	} {
		if !strings.Contains(back.raw, "From: ") || strings.Contains(back.raw, "Auto-Submitted") {
			t.Fatalf("%s: not stripped as meant:\n%s", back.name, back.raw)
		}
		raw := strings.Replace(back.raw, "\r\n\r\n", fmt.Sprintf("\r\nMessage-ID: <back%d@example.com>\r\n\r\n", i), 1)
		tg.post("bo@example.com", "platform@baton.test", raw)
		id, err := tg.db.Lookup(fmt.Sprintf("back%d@example.com", i))
		if err != nil {
			t.Fatalf("%s: not recorded: %v", back.name, err)
		}
		if m, _ := tg.db.GetMessage(id); m.Class != store.ClassAuto || m.Reason != ingest.ReasonLoop {
			t.Errorf("%s: filed as %s (%s), want auto (loop)", back.name, m.Class, m.Reason)
		}
	}
	n := 0
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == "urgent" {
			n++
		}
		return true
	})
	if n != 2 { // Bo and Dana, once
		t.Errorf("%d urgent relays queued, want 2", n)
	}
}

// TestReimportExportIsIdempotent: the mbox export of a team, messages
// without a Message-ID among them, imported again files nothing twice.
func TestReimportExportIsIdempotent(t *testing.T) {
	tg := newTrustGateway(t)
	tg.post("ana@example.com", "platform@baton.test", "From: Ana Souza <ana@example.com>\r\nTo: platform@baton.test\r\nSubject: no id\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nDone:\r\n- wrote without a Message-ID\r\n")
	tg.post("bo@example.com", "platform@baton.test", testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", "bo1@example.com", "From the start of a line\r\n>From quoted\r\nDone:\r\n- x"))
	var box bytes.Buffer
	if err := report.Export(tg.cfg, tg.db, &box, report.ExportOptions{Format: report.FormatMbox}); err != nil {
		t.Fatal(err)
	}
	r := mbox.NewReader(&box)
	n := 0
	for {
		raw, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		res, err := tg.filer.ImportMessage(raw)
		if err != nil || !res.Duplicate {
			t.Errorf("message %d imported again: %+v, %v\n%q", n, res, err, raw)
		}
	}
	if n != 2 {
		t.Errorf("%d messages in the export, want 2", n)
	}
}

// TestStatusListsMembersAutoMail: mail from a member filed as automatic
// is listed by baton status with its reason and subject, so an update
// filed so by mistake is seen; a bounce from no member is not.
func TestStatusListsMembersAutoMail(t *testing.T) {
	tg := newTrustGateway(t)
	ooo := strings.Replace(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ooo@example.com", "I am away."), "Subject: status", "Subject: Assente venerdì\r\nAuto-Submitted: auto-replied", 1)
	tg.post("ana@example.com", "platform@baton.test", ooo)
	tg.post("", "platform@baton.test", testenv.Message("MAILER-DAEMON@mx.example.org", "platform@baton.test", "dsn@example.org", "undeliverable"))
	s, err := report.BuildStatus(tg.cfg, tg.db, testenv.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Auto) != 1 || s.Auto[0].From != "ana@example.com" || s.Auto[0].Subject != "Assente venerdì" || s.Auto[0].Reason != "out-of-office" {
		t.Errorf("status lists %+v", s.Auto)
	}
	var b strings.Builder
	s.WriteText(&b)
	if !strings.Contains(b.String(), `ana@example.com, 2026-11-22 12:00 UTC, out-of-office: "Assente venerdì"`) {
		t.Errorf("status text:\n%s", b.String())
	}
	empty, _ := report.BuildStatus(tg.cfg, newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet).db, testenv.Quiet)
	b.Reset()
	empty.WriteText(&b)
	if !strings.Contains(b.String(), "Messages: 0 stored\n") {
		t.Errorf("empty store's status:\n%s", b.String())
	}
}

// TestUpdatesNotDroppedAsAutoReplies: updates whose subject begins with
// an out-of-office word are filed as updates; header signals still make
// mail automatic; a short reply above a mobile footer and quoted
// history keeps its words.
func TestUpdatesNotDroppedAsAutoReplies(t *testing.T) {
	tg := newTrustGateway(t)
	for i, c := range []struct {
		subject, extra, body, class, text string
	}{
		{"Absence of tests in billing: update", "", "Done:\r\n- added the missing tests to billing", store.ClassUpdate, "added the missing tests"},
		{"Assente venerdì", "", "Fatto:\r\n- migrazione del billing\r\n\r\nProssimo:\r\n- ferie venerdì", store.ClassUpdate, "migrazione del billing"},
		{"Poissa huomenna", "", "Done:\r\n- released 2.4\r\n\r\nNext:\r\n- away tomorrow, back Friday", store.ClassUpdate, "released 2.4"},
		{"Out of office", "Auto-Submitted: auto-replied\r\n", "I am away until Monday.", store.ClassAuto, ""},
		{"Re: status", "", "Thank you.\r\n\r\nSent from my iPhone\r\n\r\nOn Mon, 23 Nov 2026 at 09:00, Bo Chen <bo@example.com> wrote:\r\n> Done:\r\n> - the importer", store.ClassUpdate, "Thank you."},
	} {
		id := fmt.Sprintf("auto%d@example.com", i)
		msg := strings.Replace(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", id, c.body), "Subject: status\r\n", "Subject: "+c.subject+"\r\n"+c.extra, 1)
		tg.post("ana@example.com", "platform@baton.test", msg)
		n, err := tg.db.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := tg.db.GetMessage(n)
		if m.Class != c.class {
			t.Errorf("%q: filed as %s (%s), want %s", c.subject, m.Class, m.Reason, c.class)
			continue
		}
		if c.text != "" {
			if u, err := tg.db.GetUpdate(n); err != nil || !strings.Contains(u.Parsed.Body, c.text) {
				t.Errorf("%q: body %q lacks %q (%v)", c.subject, u.Parsed.Body, c.text, err)
			}
		}
	}
}
