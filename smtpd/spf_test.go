package smtpd

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
	"github.com/emersion/go-smtp"
)

// TestSMTPSPFPolicy checks the SPF policy over real SMTP from 127.0.0.1:
// the sender domain's record, served by the test, allows that address
// or not, and the policy refuses or records what the check found.
func TestSMTPSPFPolicy(t *testing.T) {
	for _, c := range []struct {
		name, policy string
		record       []string // TXT of example.com; nil: the domain does not exist
		temporary    bool     // the lookup fails for now
		code         int      // 0: accepted
		enhanced     string
		text, auth   string
	}{
		{"require, address allowed", "require", []string{"v=spf1 ip4:127.0.0.0/8 -all"}, false, 0, "", "", "spf=pass smtp.mailfrom=example.com"},
		{"require, address not allowed", "require", []string{"v=spf1 ip4:192.0.2.1 -all"}, false, 550, "5.7.23", "127.0.0.1 is not allowed to send mail for example.com", ""},
		{"require, softfail", "require", []string{"v=spf1 ~all"}, false, 550, "5.7.23", "no SPF record of example.com says 127.0.0.1 may send its mail (spf=softfail", ""},
		{"require, no record", "require", nil, false, 550, "5.7.23", "(spf=none", ""},
		{"require, broken record", "require", []string{"v=spf1 ip4:127.0.0.1 -all", "v=spf1 -all"}, false, 550, "5.7.24", "the SPF record of example.com is broken", ""},
		{"require, DNS failing for now", "require", nil, true, 451, "4.7.24", "could not finish", ""},
		{"record, fail is accepted and recorded", "record", []string{"v=spf1 -all"}, false, 0, "", "", "spf=fail smtp.mailfrom=example.com"},
		{"off, nothing recorded", "off", []string{"v=spf1 -all"}, false, 0, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
spf = "`+c.policy+`"`, 1))
			ts := newTestServer(t, cfg, testenv.Quiet)
			ts.smtp.LookupTXT = func(name string) ([]string, error) {
				switch {
				case c.temporary:
					return nil, &net.DNSError{Err: "timeout", Name: name, IsTemporary: true}
				case name != "example.com" || c.record == nil:
					return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
				}
				return c.record, nil
			}
			ts.start(t)
			err := testenv.Send(ts.addr, "ana@example.com", []string{"platform@baton.test"},
				testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "spf1@example.com", "Done:\r\n- an update"))
			if c.code != 0 {
				var se *smtp.SMTPError
				if errors.As(err, &se) && fmt.Sprintf("%d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2]) != c.enhanced {
					t.Errorf("enhanced code %v, want %s", se.EnhancedCode, c.enhanced)
				}
			}
			wantSenderCheck(t, ts, err, c.code, c.text, metrics.ReasonSPF, c.auth)
		})
	}
}

// wantSenderCheck checks the outcome of a message sent to a sender
// check (SPF, DKIM): refused with code, a reply containing text and
// one count of the metric label, or, for code 0, stored with auth as
// the recorded result.
func wantSenderCheck(t *testing.T, ts *testServer, err error, code int, text, label, auth string) {
	t.Helper()
	if code != 0 {
		testenv.WantSMTPError(t, err, code, text)
		if n := testenv.Refused(t, ts.smtp.Metrics, label); n != 1 {
			t.Errorf("refused{reason=%s} = %v, want 1", label, n)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var m *store.Message
	ts.db.ListMessages(0, func(x *store.Message) bool { m = x; return false })
	if m == nil {
		t.Fatal("nothing stored")
	}
	if m.Envelope.Auth != auth {
		t.Errorf("recorded auth %q, want %q", m.Envelope.Auth, auth)
	}
}

// TestSMTPSPFSkipsReplyAddresses checks that mail to a reply address,
// whose token is its proof, is not held to the SPF policy.
func TestSMTPSPFSkipsReplyAddresses(t *testing.T) {
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
spf = "require"`, 1))
	ts := newTestServer(t, cfg, testenv.Quiet)
	ts.smtp.LookupTXT = func(name string) ([]string, error) { return []string{"v=spf1 -all"}, nil }
	ts.start(t)
	addr := ts.replyAddr(cfg, cfg.Team("platform"), token.Prompt, 0, "ana@example.com")
	if err := testenv.Send(ts.addr, "ana@example.com", []string{addr}, testenv.Message("Ana Souza <ana@example.com>", addr, "spf2@example.com", "Done:\r\n- an update")); err != nil {
		t.Fatal(err)
	}
}
