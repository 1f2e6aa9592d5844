package gateway

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// TestOutOfOfficeMarksAway: a member's out-of-office reply naming a
// return date makes them away until then: no prompt, not listed as not
// posted, named once in teammates' digests, never answered; an update
// from them ends it.
func TestOutOfOfficeMarksAway(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday
	tg := newTestGateway(t, cfg, start)
	tg.Start(t)
	clock := tg.clock
	clock.WaitIdle(t, 2)
	ooo := "From: Ana Souza <ana@example.com>\r\nTo: platform@baton.test\r\nSubject: Automatic reply: Check-in for Mon 23 Nov\r\nAuto-Submitted: auto-replied\r\n" +
		"Message-ID: <ooo1@example.com>\r\nDate: Mon, 23 Nov 2026 00:00:00 +0000\r\n\r\nI am out of the office until Monday 30 November, with no access to email.\r\n"
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, ooo); err != nil {
		t.Fatal(err)
	}
	away, err := tg.db.ListAway()
	if err != nil || len(away) != 1 || away[0].Member != "ana@example.com" || away[0].Until != "2026-11-30" {
		t.Fatalf("away records: %+v, %v", away, err)
	}
	text, _, err := tg.sched.PreviewDigest(cfg.Member("bo@example.com"), start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	bo := strings.ReplaceAll(string(text), "\r\n", "\n")
	if !strings.Contains(bo, "Away: Ana Souza until Mon 30 Nov.") {
		t.Errorf("Bo's digest does not say Ana is away:\n%s", bo)
	}
	if _, silent, _ := strings.Cut(bo, "Not posted"); strings.Contains(strings.SplitN(silent, "\n", 2)[0], "Ana") {
		t.Errorf("Ana is listed as not posted:\n%s", bo)
	}
	// Through Monday: Bo's prompt (08:30 UTC) goes, Ana's (16:30) does not.
	clock.Advance(8*time.Hour + 30*time.Minute)
	testenv.WaitFor(t, "Bo's prompt", func() bool { return len(testenv.Queued(t, tg.db, config.KindPrompt, "bo@example.com")) == 1 })
	clock.WaitIdle(t, 2)
	clock.Advance(8 * time.Hour)
	clock.WaitIdle(t, 2)
	clock.Advance(time.Hour)
	clock.WaitIdle(t, 2)
	if keys := testenv.Queued(t, tg.db, config.KindPrompt, "ana@example.com"); len(keys) != 0 {
		t.Errorf("Ana got a prompt while away: %v", keys)
	}
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind != config.KindPrompt && o.Kind != config.KindDigest {
			t.Errorf("the out-of-office reply was answered: %s to %v", o.Kind, o.To)
		}
		return true
	})
	// Ana posts after all: she is back.
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "back@example.com", "Done:\r\n- came back early")); err != nil {
		t.Fatal(err)
	}
	if away, _ := tg.db.ListAway(); len(away) != 0 {
		t.Errorf("an update did not end the away: %+v", away)
	}
}

// TestForYouFirst: a digest opens with what needs its reader: a
// question that names them and a reply to their own update; their own
// update is folded to one line.
func TestForYouFirst(t *testing.T) {
	tg := newTrustGateway(t)
	cfg := tg.cfg
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Done:\r\n- Drafted the rota\r\n- Sent it round"))
	ana := mustUpdate(t, tg.db, "ana1@example.com")
	addr := tg.replyAddr(cfg, cfg.Team("platform"), token.Update, ana.ID, "bo@example.com")
	tg.post("bo@example.com", addr, testenv.Message("Bo Chen <bo@example.com>", addr, "bo1@example.com", "Looks good to me.\r\n\r\nQuestions:\r\n- Ana, can you add the holidays?"))
	text, _, _, _ := tg.digest("ana@example.com", time.Hour)
	forYou, rest, ok := strings.Cut(text, "\nUpdates\n")
	if !ok || !strings.Contains(forYou, "\nFor you\n") {
		t.Fatalf("no For you before the updates:\n%s", text)
	}
	for _, want := range []string{"- Ana, can you add the holidays? (to you)", "- New replies to your update of Sun 12:00:", "Looks good to me."} {
		if !strings.Contains(forYou, want) {
			t.Errorf("For you lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(rest, "You, Sun 12:00: Done 2, 1 reply") || strings.Contains(rest, "Drafted the rota") {
		t.Errorf("Ana's own update is not folded:\n%s", text)
	}
}

// TestOnePromptForTwoTeams: a member on two teams gets one check-in
// prompt a day asking about both, the team's own questions included;
// a reply written under each team's name files one update per team,
// each read by that team's questions.
func TestOnePromptForTwoTeams(t *testing.T) {
	src := strings.Replace(trustConfig, `digest = "08:30"`, `digest = "08:30"

[team.prompt]
done = "What did you ship?"
blockers = "What is in your way?"`, 1)
	cfg := testenv.Config(t, src)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday
	tg := newTestGateway(t, cfg, start)
	tg.Start(t)
	tg.clock.WaitIdle(t, 2)
	tg.clock.Advance(8*time.Hour + 30*time.Minute) // Bo's 16:30 in Singapore
	testenv.WaitFor(t, "Bo's prompt", func() bool { return len(testenv.Queued(t, tg.db, config.KindPrompt, "bo@example.com")) == 1 })
	tg.clock.WaitIdle(t, 2)
	tg.clock.Advance(24 * time.Hour) // Data's check-in (09:00) came and went: still one a day
	tg.clock.WaitIdle(t, 2)
	if keys := testenv.Queued(t, tg.db, config.KindPrompt, "bo@example.com"); len(keys) != 2 || keys[0] != "prompt/platform/bo@example.com/2026-11-23" {
		t.Fatalf("Bo's prompts over two days: %v; want one a day", keys)
	}
	var raw []byte
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Key == "prompt/platform/bo@example.com/2026-11-23" {
			raw, _ = tg.db.OutboundRaw(o.ID)
		}
		return true
	})
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	body := strings.ReplaceAll(string(raw), "\r\n", "\n")
	for _, want := range []string{"Platform\nWhat did you ship?\n- \n\nWhat is in your way?\n- \n\nData\nDone:\n- ", "your Platform and Data updates for Mon 23 Nov"} {
		if !strings.Contains(body, want) {
			t.Errorf("Bo's prompt lacks %q:\n%s", want, body)
		}
	}
	rt, err := mail.ParseAddress(msg.Header.Get("Reply-To"))
	if err != nil {
		t.Fatal(err)
	}
	replyTo := rt.Address
	reply := fmt.Sprintf("From: Bo Chen <bo@example.com>\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <bo-both@example.com>\r\n\r\n"+
		"Platform\r\nWhat did you ship?\r\n- the billing importer\r\n\r\nData\r\nDone:\r\n- backfilled the events table\r\n\r\n"+
		"On Mon, Baton wrote:\r\n> Platform\r\n> What did you ship?\r\n> - \r\n", replyTo, msg.Header.Get("Subject"))
	if err := testenv.Send(tg.addr, "bo@example.com", []string{replyTo}, reply); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	tg.db.ListUpdates(0, func(u *store.Update) bool {
		for _, s := range u.Parsed.Sections {
			got[u.Team] += string(s.Kind) + ": " + strings.Join(s.Items, "; ")
		}
		return true
	})
	if got["platform"] != "done: the billing importer" || got["data"] != "done: backfilled the events table" {
		t.Errorf("updates by team: %q", got)
	}
}

// TestPreviewTellsTheTruth: a preview says why nothing would be sent on
// a day off, an away date or while an out-of-office reply holds, and
// otherwise shows the prompt or digest the scheduler would send.
func TestPreviewTellsTheTruth(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `timezone = "America/New_York"`, `timezone = "America/New_York"
away = ["2026-11-25"]`, 1))
	tg := newTrustGateway(t)
	tg.testGateway.Gateway.SetConfig(cfg)
	tg.cfg = cfg
	tg.post("ana@example.com", "platform@baton.test", testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "ana1@example.com", "Done:\r\n- Drafted the rota"))
	ooo := strings.Replace(testenv.Message("Bo Chen <bo@example.com>", "platform@baton.test", "ooo@example.com", "Out of the office until 30 November."), "Subject: status", "Subject: Out of office\r\nAuto-Submitted: auto-replied", 1)
	tg.post("bo@example.com", "platform@baton.test", ooo)
	dana, bo, ana := cfg.Member("dana@example.com"), cfg.Member("bo@example.com"), cfg.Member("ana@example.com")
	monday := time.Date(2026, 11, 23, 11, 0, 0, 0, time.UTC) // 06:00 in New York, within a day of the update
	for _, c := range []struct {
		kind string
		m    *config.Member
		at   time.Time
		want string
	}{
		{config.KindDigest, dana, testenv.Quiet, "nothing would be sent to dana@example.com at Sun 2026-11-22 07:00 EST: Sunday is not a workday of team Platform"},
		{config.KindDigest, dana, monday.Add(48 * time.Hour), "they are away on 2026-11-25 (away in the config)"},
		{config.KindPrompt, bo, monday, "they are away until 2026-11-30 (their out-of-office reply)"},
		{config.KindDigest, dana, monday, "Drafted the rota"},
		{config.KindPrompt, dana, monday, "Hi Dana,"},
		{config.KindPrompt, ana, monday, "Hi Ana,"},
		{config.KindDigest, dana, monday.Add(24 * time.Hour), "nothing new since their last digest"},
	} {
		if c.kind == config.KindDigest && c.at.Equal(monday.Add(24*time.Hour)) {
			// Dana's Monday digest went out: her watermark moved.
			if err := tg.db.Enqueue(&store.Queueing{Out: &store.Outbound{Key: "digest/dana/1", Kind: config.KindDigest, To: []string{"dana@example.com"}, Created: monday},
				Mark: &store.Watermark{Recipient: "dana@example.com", At: monday, UntilID: 1 << 40}}); err != nil {
				t.Fatal(err)
			}
		}
		raw, err := tg.sched.Preview(c.kind, c.m, c.at)
		if err != nil || !strings.Contains(strings.ReplaceAll(string(raw), "\r\n", "\n"), c.want) {
			t.Errorf("%s for %s at %v: %v\n%s\nwant %q", c.kind, c.m.Email, c.at, err, raw, c.want)
		}
	}
}
