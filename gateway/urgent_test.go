package gateway

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// TestUrgentRelay: an update marked urgent goes at once to the rest of
// the team, each copy with the recipient's own reply address and the
// headers of automatic mail, and a List-Id that decodes to the team's
// name, accents and all.
func TestUrgentRelay(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, strings.Replace(testenv.TwoTeams, `name = "Platform"`, `name = "Plateforme Équipe"`, 1)), testenv.Quiet)
	tg.Start(t)
	msg := strings.Replace(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "u1@example.com", "Blockers:\r\n- the payment API is down"), "Subject: status", "Subject: [urgent] payments down", 1)
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind != "urgent" {
			return true
		}
		to := o.To[0]
		got[to] = true
		raw, err := tg.db.OutboundRaw(o.ID)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", to, err)
		}
		list, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("List-Id"))
		// The id stays outside any encoded word, where RFC 2919 readers
		// look for it.
		if err != nil || list != "Plateforme Équipe <platform.baton.test>" || !strings.HasSuffix(m.Header.Get("List-Id"), " <platform.baton.test>") {
			t.Errorf("%s: List-Id %q decodes to %q, %v", to, m.Header.Get("List-Id"), list, err)
		}
		for k, v := range map[string]string{"Importance": "high", "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"} {
			if m.Header.Get(k) != v {
				t.Errorf("%s: %s %q, want %q", to, k, m.Header.Get(k), v)
			}
		}
		replyTo, err := mail.ParseAddress(m.Header.Get("Reply-To"))
		if err != nil {
			t.Fatalf("%s: Reply-To: %v", to, err)
		}
		local, _, _ := strings.Cut(replyTo.Address, "@")
		_, token, _ := strings.Cut(local, "+")
		if tok, err := tg.Tokens.Verify(token); err != nil || !tok.For(to) {
			t.Errorf("%s: Reply-To %q is not this recipient's", to, m.Header.Get("Reply-To"))
		}
		return true
	})
	if len(got) != 2 || !got["bo@example.com"] || !got["dana@example.com"] {
		t.Errorf("urgent copies went to %v, want bo and dana", got)
	}
}

// TestUrgentRelayWaitsForWorkingHours: a recipient with working hours
// gets an urgent relay at the start of their next working hours; one
// without gets it at once.
func TestUrgentRelayWaitsForWorkingHours(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `timezone = "America/New_York"`, `timezone = "America/New_York"
working_hours = "09:00-17:00"`, 1))
	tg := newTestGateway(t, cfg, testenv.Quiet) // Sunday 07:00 in New York
	tg.Start(t)
	msg := strings.Replace(testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "u1@example.com", "Blockers:\r\n- the payment API is down"), "Subject: status", "Subject: [urgent] payments down", 1)
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) // 09:00 EST
	testenv.WaitFor(t, "Bo's relay sent", func() bool {
		sent := false
		tg.db.ListOutbound(func(o *store.Outbound) bool {
			sent = sent || o.Kind == "urgent" && o.To[0] == "bo@example.com" && o.State == store.OutSent
			return true
		})
		return sent
	})
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == "urgent" && o.To[0] == "dana@example.com" {
			if o.State != store.OutQueued || !o.NotBefore.Equal(monday) || !o.NextAttempt.Equal(monday) {
				t.Errorf("Dana's relay: %s, not before %v, next attempt %v; want queued until %v", o.State, o.NotBefore, o.NextAttempt, monday)
			}
		}
		return true
	})
}
