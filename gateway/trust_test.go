package gateway

import (
	"fmt"
	"strings"
	"testing"

	"github.com/baton-mail/baton/store"
	"github.com/emersion/go-sasl"
)

// trustConfig is testConfig with Bo on both teams.
var trustConfig = testConfig + `
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
	err := send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testMessage("Bo Chen <bo@example.com>", "platform@baton.test", "forged1@example.com", "Done:\r\n- pushed to prod on Friday"))
	wantSMTPError(t, err, 550, "the From header names bo@example.com but this message comes from ana@example.com")
	if _, err := tg.db.Lookup("forged1@example.com"); err == nil {
		t.Error("a message with a forged From was stored")
	}

	// Submission: signed in as Ana, writing as Bo.
	c := dialSubmission(t, tg)
	if err := c.Auth(sasl.NewPlainClient("", "ana@example.com", "ana's password")); err != nil {
		t.Fatal(err)
	}
	err = c.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(
		testMessage("Bo Chen <bo@example.com>", "platform@baton.test", "forged2@example.com", "Done:\r\n- nothing")))
	wantSMTPError(t, err, 550, "send it from bo@example.com's own account")

	// A From that is no member (a personal alias) leaves the envelope
	// sender as the author.
	if err := send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testMessage("Ana <ana.souza@gmail.example>", "platform@baton.test", "alias@example.com", "Done:\r\n- from my phone")); err != nil {
		t.Fatal(err)
	}
	if u := mustUpdate(t, tg.db, "alias@example.com"); u.Author != "ana@example.com" {
		t.Errorf("alias From: author %q, want ana@example.com", u.Author)
	}
}

// TestReplyTokenCannotLendAName: Bo may not resolve Ana's blocker by
// writing her name in From through his own reply address for it.
func TestReplyTokenCannotLendAName(t *testing.T) {
	cfg := mustConfig(t, testConfig)
	tg := newTestGateway(t, cfg, quiet)
	tg.Start(t)
	if err := send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testMessage("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Blockers:\r\n- staging is read-only")); err != nil {
		t.Fatal(err)
	}
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	addr := tg.replyAddr(cfg, cfg.Team("platform"), TokenUpdate, ana.ID, "bo@example.com")
	err := send(tg.addr, "bo@example.com", []string{addr}, testMessage("Ana Souza <ana@example.com>", addr, "bo-as-ana@example.com", "Fixed, resolved."))
	wantSMTPError(t, err, 550, "the From header names ana@example.com but this message comes from bo@example.com")
	if states, _ := tg.db.States(ana.ID); len(states) != 0 {
		t.Errorf("Ana's blocker changed: %+v", states)
	}
}

// TestReplyTokenBoundToTeam: a reply address for a Platform item is not
// valid at the Data address, even for a member of both teams.
func TestReplyTokenBoundToTeam(t *testing.T) {
	cfg := mustConfig(t, trustConfig)
	tg := newTestGateway(t, cfg, quiet)
	tg.Start(t)
	if err := send(tg.addr, "ana@example.com", []string{"platform@baton.test"},
		testMessage("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Questions:\r\n- who owns billing?")); err != nil {
		t.Fatal(err)
	}
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	tok := tg.Tokens().Sign(TokenUpdate, ana.ID, "bo@example.com")
	stray := "data+" + tok + "@baton.test"
	err := send(tg.addr, "bo@example.com", []string{stray}, testMessage("Bo Chen <bo@example.com>", stray, "stray@example.com", "I do."))
	wantSMTPError(t, err, 550, "this reply address is not valid here")
	if _, err := tg.db.Lookup("stray@example.com"); err == nil {
		t.Error("a reply through another team's address was stored")
	}
	ok := "platform+" + tok + "@baton.test"
	if err := send(tg.addr, "bo@example.com", []string{ok}, testMessage("Bo Chen <bo@example.com>", ok, "right@example.com", "I do.")); err != nil {
		t.Fatal(err)
	}
	if u := mustUpdate(t, tg.db, "right@example.com"); u.Parent != ana.ID || u.Team != "platform" {
		t.Errorf("reply filed under %d in %s, want %d in platform", u.Parent, u.Team, ana.ID)
	}
}

// TestIMAPAuthorChecksReturnPath: mail from the polled mailbox is
// filed under its header From, unless the Return-Path its server wrote
// names another member; the file and import paths take the header.
func TestIMAPAuthorChecksReturnPath(t *testing.T) {
	cfg := mustConfig(t, testConfig)
	tg := newTestGateway(t, cfg, quiet)
	for i, c := range []struct {
		source     store.Source
		returnPath string
		from       string
		class      string
		author     string
	}{
		{store.SourceIMAP, "<ana@example.com>", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "<bounces+srs=x@lists.example.org>", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "<bo@example.com>", "ana@example.com", store.ClassRefused, ""},
		{store.SourceIMAP, "<bo@example.com>", "bo.chen@home.example", store.ClassUpdate, "bo@example.com"},
		{store.SourceFile, "", "dana@example.com", store.ClassUpdate, "dana@example.com"},
	} {
		raw := "Return-Path: " + c.returnPath + "\r\n" + testMessage(c.from, "platform@baton.test", fmt.Sprintf("imap%d@example.com", i), "Done:\r\n- x")
		if c.returnPath == "" {
			raw = raw[strings.Index(raw, "\n")+1:]
		}
		env := store.Envelope{Source: c.source, MailFrom: returnPath([]byte(raw))}
		res, err := tg.Ingest([]byte(raw), env, nil)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if res.Class != c.class || res.Author != c.author {
			t.Errorf("%d: Return-Path %q, From %s: class %s author %q (%s), want %s %q", i, c.returnPath, c.from, res.Class, res.Author, res.Reason, c.class, c.author)
		}
	}
}
