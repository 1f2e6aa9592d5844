package gateway

import (
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
	"github.com/emersion/go-smtp"
)

func TestSMTPAcceptsMemberAndStoresOnce(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	msg := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "m1@example.com", "Done:\r\n- shipped the billing migration")
	for range 2 { // the resend is acknowledged and not stored again
		if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
			t.Fatal(err)
		}
	}
	id, err := tg.db.Lookup("m1@example.com")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tg.db.GetRaw(id)
	if string(raw) != msg {
		t.Errorf("raw bytes changed:\n%q\nwant\n%q", raw, msg)
	}
	u, err := tg.db.GetUpdate(id)
	if err != nil || u.Team != "platform" || u.Author != "ana@example.com" {
		t.Errorf("update %+v, %v", u, err)
	}
	var n int
	tg.db.ListMessages(0, func(*store.Message) bool { n++; return true })
	if n != 1 {
		t.Errorf("%d messages stored, want 1", n)
	}
}

// TestSMTPBuffersReused sends long and short messages, one after the
// other on one connection and on several at once, and checks each is
// stored as sent: DATA buffers are pooled, and a stored message must
// never hold bytes of another.
func TestSMTPBuffersReused(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	sent := map[string]string{}
	var conns [3]*smtp.Client
	for i := range conns {
		c, err := smtp.Dial(tg.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	for i := range 12 {
		id := fmt.Sprintf("pool%d@example.com", i)
		body := "Done:\r\n" + strings.Repeat(fmt.Sprintf("- item %d\r\n", i), 1+(i%3)*2000) // 12 B to 48 KB
		if i%4 == 3 {
			body += strings.Repeat(strings.Repeat("x", 98)+"\r\n", 3000) // larger than a pooled buffer is kept
		}
		sent[id] = testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", id, body)
		if err := conns[i%len(conns)].SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(sent[id])); err != nil {
			t.Fatal(err)
		}
	}
	for id, msg := range sent {
		n, err := tg.db.Lookup(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if raw, _ := tg.db.GetRaw(n); string(raw) != msg {
			t.Errorf("%s: stored %d bytes, sent %d, or other bytes", id, len(raw), len(msg))
		}
	}
}

// TestSMTPRefusals checks every refusal by code and by the words a
// person needs to act on it.
func TestSMTPRefusals(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
max_message_size = "2KB"
max_recipients = 2
max_line_length = 200
rate_per_minute = 1000`, 1))
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	otherTok := tg.Tokens.Sign(token.Prompt, 0, "bo@example.com")
	okMsg := testenv.Message("ana@example.com", "platform@baton.test", "ok@example.com", "Done: x")
	for _, c := range []struct {
		name     string
		from     string
		to       []string
		msg      string
		code     int
		contains string
	}{
		{"non-member sender", "eve@example.org", []string{"platform@baton.test"}, okMsg, 550, "eve@example.org is not a member of any team here; ask the Baton admin to add it"},
		{"other domain: no open relay", "ana@example.com", []string{"someone@example.org"}, okMsg, 550, "relay access denied: this server only takes mail for @baton.test"},
		{"unknown team", "ana@example.com", []string{"marketing@baton.test"}, okMsg, 550, "marketing@baton.test: no team has this address"},
		{"member of another team", "chidi@example.com", []string{"platform@baton.test"}, okMsg, 550, "chidi@example.com is not a member of team Platform"},
		{"forged reply token", "ana@example.com", []string{"platform+aaaaaaaaaaaaaaaaaaaaaaaaaa@baton.test"}, okMsg, 550, "this reply address is not valid here; reply to a recent Baton email or write to platform@baton.test"},
		{"token of another member", "ana@example.com", []string{"platform+" + otherTok + "@baton.test"}, okMsg, 550, "this reply address was sent to another member"},
		{"too many recipients", "ana@example.com", []string{"platform@baton.test", "platform@baton.test", "platform@baton.test"}, okMsg, 452, "Maximum limit of 2 recipients"},
		{"too large", "ana@example.com", []string{"platform@baton.test"}, testenv.Message("ana@example.com", "platform@baton.test", "big@example.com", strings.Repeat("long update text\r\n", 200)), 552, "Maximum message size exceeded"},
		{"line too long", "ana@example.com", []string{"platform@baton.test"}, testenv.Message("ana@example.com", "platform@baton.test", "line@example.com", strings.Repeat("x", 300)), 500, "a line is longer than 200 bytes"},
		{"header From not a member", "ana@example.com", []string{"platform@baton.test"}, testenv.Message("eve@example.org", "platform@baton.test", "hdr@example.com", "hi"), 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := testenv.Send(tg.addr, c.from, c.to, c.msg)
			if c.code == 0 {
				if err != nil {
					t.Fatalf("want accepted (the envelope sender is a member): %v", err)
				}
				return
			}
			testenv.WantSMTPError(t, err, c.code, c.contains)
		})
	}
}

func TestSMTPRateLimitAndConnectionLimit(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
rate_per_minute = 2
max_connections = 1`, 1))
	tg := newTestGateway(t, cfg, testenv.Quiet) // the fake clock stands still: one window
	tg.Start(t)
	held, err := smtp.Dial(tg.addr) // one connection: it takes the only slot
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	sendOn := func(id string) error {
		return held.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(testenv.Message("ana@example.com", "platform@baton.test", id, "x")))
	}
	for i := range 2 {
		if err := sendOn(fmt.Sprint("r", i, "@x")); err != nil {
			t.Fatal(err)
		}
	}
	testenv.WantSMTPError(t, sendOn("r3@x"), 450, "too many messages from 127.0.0.1 this minute")

	c, err := net.Dial("tcp", tg.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	line, err := textproto.NewReader(bufioReader(c)).ReadLine()
	if err != nil || !strings.HasPrefix(line, "421 4.7.0 too many connections") {
		t.Errorf("second connection got %q, %v; want 421", line, err)
	}
}

func TestSMTPStoreFailureIs451(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	tg.db.Close() // every commit now fails
	err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, testenv.Message("ana@example.com", "platform@baton.test", "f@x", "x"))
	testenv.WantSMTPError(t, err, 451, "try again later")
}

func TestSMTPBounceIsRecordedNotFiled(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	dsn := "From: MAILER-DAEMON@example.com\r\nTo: platform@baton.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn1@example.com>\r\n\r\nThis is the mail system.\r\n"
	if err := testenv.Send(tg.addr, "", []string{"platform@baton.test"}, dsn); err != nil {
		t.Fatal(err)
	}
	id, err := tg.db.Lookup("dsn1@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := tg.db.GetMessage(id)
	if m.Class != store.ClassAuto {
		t.Errorf("bounce stored as %q, want auto", m.Class)
	}
	if _, err := tg.db.GetUpdate(id); err == nil {
		t.Error("bounce was filed as an update")
	}
	if q, _ := tg.db.Queued(); len(q) != 0 {
		t.Errorf("bounce was answered: %d queued", len(q))
	}
}

func TestSMTPMessageSurvivesRestart(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	msg := testenv.Message("ana@example.com", "platform@baton.test", "keep@example.com", "Done: kept")
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
		t.Fatal(err)
	}
	tg.Stop()
	tg.db.Close()

	again := newTestGateway(t, cfg, testenv.Quiet)
	id, err := again.db.Lookup("keep@example.com")
	if err != nil {
		t.Fatalf("message lost across restart: %v", err)
	}
	if raw, _ := again.db.GetRaw(id); string(raw) != msg {
		t.Errorf("raw after restart: %q", raw)
	}
}

// TestSMTPOwnAddress: Baton's own sender address takes bounces and
// members' automatic replies, records them and answers nothing; a
// person writing to it, or a stranger, is refused with the reason.
func TestSMTPOwnAddress(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	own := []string{"baton@baton.test"}
	dsn := "From: MAILER-DAEMON@mx.example.com\r\nTo: baton@baton.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn1@mx.example.com>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nmailbox full\r\n--b--\r\n"
	if err := testenv.Send(tg.addr, "", own, dsn); err != nil {
		t.Fatalf("bounce: %v", err)
	}
	ooo := strings.Replace(testenv.Message("ana@example.com", "baton@baton.test", "ooo1@example.com", "I am away until Monday."), "Subject: status", "Subject: Out of office\r\nAuto-Submitted: auto-replied", 1)
	if err := testenv.Send(tg.addr, "ana@example.com", own, ooo); err != nil {
		t.Fatalf("auto-reply: %v", err)
	}
	for _, id := range []string{"dsn1@mx.example.com", "ooo1@example.com"} {
		n, err := tg.db.Lookup(id)
		if err != nil {
			t.Fatalf("%s not stored: %v", id, err)
		}
		if m, _ := tg.db.GetMessage(n); m.Class != store.ClassAuto {
			t.Errorf("%s stored as %s, want auto", id, m.Class)
		}
	}
	testenv.WantSMTPError(t, testenv.Send(tg.addr, "ana@example.com", own, testenv.Message("ana@example.com", "baton@baton.test", "human@example.com", "Done:\r\n- things")), 550, "takes only bounces and automatic replies")
	testenv.WantSMTPError(t, testenv.Send(tg.addr, "eve@elsewhere.example", own, testenv.Message("eve@elsewhere.example", "baton@baton.test", "eve@example.com", "hi")), 550, "not a member")
	if q, _ := tg.db.Queued(); len(q) != 0 {
		t.Errorf("%d messages queued in answer", len(q))
	}
	if n := testenv.Refused(t, tg.Metrics, metrics.ReasonOwnAddress); n != 1 {
		t.Errorf("refused{reason=own_address} = %v, want 1", n)
	}
}
