package gateway

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/sender"
	"github.com/baton-mail/baton/store"
)

// TestDigestsThroughRelay runs a day: updates arrive by SMTP, each
// member's digest reaches the relay at their own local morning with both
// MIME parts, a 451 period delays a digest without losing it, and a
// restart sends nothing twice.
func TestDigestsThroughRelay(t *testing.T) {
	relay := testenv.NewRelay(t)
	cfg := testenv.Config(t, testenv.RelayConfig(relay.Addr))
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday
	tg := newTestGateway(t, cfg, start)
	tg.Start(t)
	clock := tg.clock
	clock.WaitIdle(t, 2) // scheduler and sender asleep

	update := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "u1@example.com",
		"Done:\r\n- moved billing to the new cluster\r\n\r\nBlockers:\r\n- waiting on the DNS change\r\n\r\nDecision: keep Postgres 16 because the extension is not ready")
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, update); err != nil {
		t.Fatal(err)
	}

	// 00:30 UTC is Bo's 08:30 in Singapore.
	clock.Advance(30 * time.Minute)
	testenv.WaitFor(t, "Bo's digest at the relay", func() bool { return len(relay.To("bo@example.com")) == 1 })
	d := relay.To("bo@example.com")[0]
	m := checkDigest(t, d.Data, "bo@example.com")
	if !strings.Contains(m.text, "moved billing to the new cluster") || !strings.Contains(m.text, "waiting on the DNS change") {
		t.Errorf("Bo's digest lacks Ana's update:\n%s", m.text)
	}
	if len(relay.To("ana@example.com")) != 0 || len(relay.To("dana@example.com")) != 0 {
		t.Error("a digest went out before its member's local morning")
	}

	// Ana's 08:30 in Lisbon is 08:30 UTC; the relay is down then.
	clock.WaitIdle(t, 2)
	relay.SetDown(true)
	clock.Advance(8 * time.Hour)
	testenv.WaitFor(t, "the relay to refuse Ana's digest", func() bool {
		_, refused := relay.Counts()
		return refused >= 1
	})
	clock.WaitIdle(t, 2)
	clock.Advance(sender.RetryMin) // still down: second refusal, backoff doubles
	testenv.WaitFor(t, "a second refusal", func() bool {
		_, refused := relay.Counts()
		return refused >= 2
	})
	clock.WaitIdle(t, 2)
	relay.SetDown(false)
	clock.Advance(2 * sender.RetryMin)
	testenv.WaitFor(t, "Ana's digest after the relay came back", func() bool { return len(relay.To("ana@example.com")) == 1 })
	checkDigest(t, relay.To("ana@example.com")[0].Data, "ana@example.com")

	// Bo's check-in prompt (16:30 Singapore, 08:30 UTC) went out too; Ana
	// posted today, so hers at 16:30 Lisbon is skipped.
	clock.WaitIdle(t, 2)
	clock.Advance(8*time.Hour + 30*time.Minute) // 17:00 UTC
	clock.WaitIdle(t, 2)
	var prompts []string
	for _, m := range relay.Messages() {
		if strings.Contains(m.Data, "X-Baton-Kind: checkin") {
			prompts = append(prompts, m.To[0])
		}
	}
	if !contains(prompts, "bo@example.com") || contains(prompts, "ana@example.com") {
		t.Errorf("prompts went to %v; want Bo's and not Ana's (she posted today)", prompts)
	}

	// Restart on the same store at the same instant: nothing is sent
	// again. Wait for the queue to drain first, so a message still in
	// flight is not mistaken for a resend.
	testenv.WaitFor(t, "the outbound queue to drain", func() bool {
		q, err := tg.db.Queued()
		return err == nil && len(q) == 0
	})
	before := len(relay.Messages())
	tg.Stop()
	tg.db.Close()
	again := newTestGateway(t, cfg, clock.Now())
	again.Start(t)
	again.clock.WaitIdle(t, 2)
	if after := len(relay.Messages()); after != before {
		t.Errorf("restart sent %d more messages", after-before)
	}
	seen := map[string]int{}
	for _, m := range relay.Messages() {
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := msg.Header.Get("Message-Id")
		if seen[id]++; seen[id] > 1 {
			t.Errorf("%s reached the relay twice", id)
		}
	}
	again.db.ListOutbound(func(o *store.Outbound) bool {
		if o.State != store.OutSent {
			t.Errorf("outbound %s is %s: %s", o.Key, o.State, o.LastError)
		}
		return true
	})
}

type parsedDigest struct{ text, html string }

// checkDigest asserts the headers and MIME shape every digest has.
func checkDigest(t *testing.T, data, rcpt string) parsedDigest {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	for _, k := range []string{"Auto-Submitted", "List-Id", "Message-Id", "Date", "Reply-To", "Subject"} {
		if h.Get(k) == "" {
			t.Errorf("digest to %s lacks %s", rcpt, k)
		}
	}
	if h.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted: %q", h.Get("Auto-Submitted"))
	}
	if !strings.HasPrefix(h.Get("Message-Id"), "<digest.") {
		t.Errorf("Message-Id %q", h.Get("Message-Id"))
	}
	if to := h.Get("To"); !strings.Contains(to, rcpt) {
		t.Errorf("To %q, want %s", to, rcpt)
	}
	var out parsedDigest
	walkParts(t, h.Get("Content-Type"), msg.Body, &out)
	if out.text == "" || out.html == "" {
		t.Errorf("digest to %s: text part %d bytes, html part %d bytes; want both", rcpt, len(out.text), len(out.html))
	}
	return out
}

func walkParts(t *testing.T, ctype string, body io.Reader, out *parsedDigest) {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			walkParts(t, p.Header.Get("Content-Type"), p, out)
		}
	}
	b, _ := io.ReadAll(body) // multipart.Part decodes quoted-printable itself
	switch mt {
	case "text/plain":
		out.text = string(b)
	case "text/html":
		out.html = string(bytes.TrimSpace(b))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMissedPromptNotAtNight: at start-up, a check-in prompt missed
// within the grace period is sent late only where it is not night for
// the member.
func TestMissedPromptNotAtNight(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	// Monday 22:00 UTC: Ana's 16:30 in Lisbon was 5.5 hours ago and it is
	// 22:00 there; Dana's 16:30 in New York was 30 minutes ago.
	tg := newTestGateway(t, cfg, time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC))
	tg.Start(t)
	tg.clock.WaitIdle(t, 2)
	testenv.WaitFor(t, "Dana's late prompt", func() bool { return len(testenv.Queued(t, tg.db, config.KindPrompt, "dana@example.com")) == 1 })
	if keys := testenv.Queued(t, tg.db, config.KindPrompt, "ana@example.com"); len(keys) != 0 {
		t.Errorf("Ana's prompt was sent at 22:00 her time: %v", keys)
	}
}
