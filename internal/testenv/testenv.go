// Package testenv is the harness the daemon's tests share: a config
// written to a temporary directory, a store in its data directory, the
// parts' shared state (env.Env) on a fake clock, test messages, and
// waiting on a condition with a deadline. The tests of gateway, smtpd,
// imappoll, scheduler and cmd/baton use it; nothing else may.
package testenv

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/crypto/bcrypt"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/clock"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/internal/testcert"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// TwoTeams is a two-team config; tests append to it or replace keys.
const TwoTeams = `
domain = "baton.test"
data_dir = "data"

[smtp]
listen = "127.0.0.1:0"

[[team]]
name = "Platform"
address = "platform"
checkin = "16:30"
digest = "08:30"

[[team.member]]
name = "Ana Souza"
email = "ana@example.com"
timezone = "Europe/Lisbon"

[[team.member]]
name = "Bo Chen"
email = "bo@example.com"
timezone = "Asia/Singapore"

[[team.member]]
name = "Dana Kim"
email = "dana@example.com"
timezone = "America/New_York"

[[team]]
name = "Data"
address = "data"

[[team.member]]
name = "Chidi Okafor"
email = "chidi@example.com"
timezone = "Africa/Lagos"
`

// Quiet is a Sunday noon in every zone of TwoTeams: no prompt or digest
// is due then or within the grace period before it.
var Quiet = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// Config writes src to a temporary directory and loads it.
func Config(t testing.TB, src string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baton.toml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Store opens the store in cfg's data directory, closed when the test
// ends.
func Store(t testing.TB, cfg *config.Config) *store.DB {
	t.Helper()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(cfg.DataDir, "baton.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Env returns the parts' shared state over a new store in cfg's data
// directory, logging to the test's output, with a fake clock at now
// (zero: the real clock, and no fake).
func Env(t testing.TB, cfg *config.Config, now time.Time) (*env.Env, *clocktest.Fake) {
	t.Helper()
	db := Store(t, cfg)
	key, err := db.TokenKey()
	if err != nil {
		t.Fatal(err)
	}
	e := &env.Env{DB: db, Log: Log(t), Clock: clock.Real{}, Tokens: token.NewKeys(key), Metrics: metrics.New()}
	e.SetConfig(cfg)
	var fake *clocktest.Fake
	if !now.IsZero() {
		fake = clocktest.New(now)
		e.Clock = fake
	}
	return e, fake
}

// Log is a logger writing to the test's output.
func Log(t testing.TB) *slog.Logger { return slog.New(slog.NewTextHandler(t.Output(), nil)) }

// Message is a small message from from to to with the given Message-ID
// and body, lines ending in CRLF.
func Message(from, to, msgID, body string) string {
	return fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: status\r\nMessage-ID: <%s>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\n%s\r\n", from, to, msgID, body)
}

// WaitFor polls cond every 10 ms until it holds or 10 s pass.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Queued returns the keys of the outbound mail of kind queued to rcpt.
func Queued(t testing.TB, db *store.DB, kind, rcpt string) []string {
	t.Helper()
	var keys []string
	err := db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == kind && o.To[0] == rcpt {
			keys = append(keys, o.Key)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// Update returns a realistic plain-text status update of about size
// bytes from member to the platform team, with CRLF line ends; its last
// line names its Message-ID, so a truncated copy shows.
func Update(from, msgID string, size int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: Platform <platform@baton.test>\r\n", from)
	fmt.Fprintf(&b, "Subject: Update: billing migration, %s\r\n", msgID)
	fmt.Fprintf(&b, "Date: Tue, 24 Nov 2026 16:42:07 +0000\r\nMessage-ID: <%s>\r\n", msgID)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString("Done:\r\n" +
		"- Moved the invoice renderer onto the new queue; p95 render time is down from 2.1s to 640ms.\r\n" +
		"- Reviewed the retry policy for webhook deliveries with the payments team.\r\n" +
		"- Closed out the flaky integration test in the ledger service (timezone bug in the fixture).\r\n\r\n" +
		"Next:\r\n" +
		"- Backfill the 2024 invoices in batches of 10k, starting with the EU shard.\r\n" +
		"- Write the runbook section for rolling back a half-finished migration.\r\n\r\n" +
		"Blockers:\r\n" +
		"- Need read access to the archive bucket; asked infra on Monday, no answer yet.\r\n\r\n" +
		"Notes:\r\n")
	for i := 0; b.Len() < size-80; i++ {
		fmt.Fprintf(&b, "- Shard %02d: %d of %d invoices checked, totals match to the cent; no orphans found.\r\n", i, 1000+i*37, 1000+i*37)
	}
	fmt.Fprintf(&b, "\r\n--\r\nend of %s\r\n", msgID)
	return []byte(b.String())
}

// Send delivers msg over one plain SMTP session.
func Send(addr, from string, to []string, msg string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail(from, to, strings.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

// FreeAddr returns a 127.0.0.1 address whose port is free now, for a
// listener that must be named before it starts.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// WantState fails t unless item 0 of kind in update id has state,
// set by by through a reply.
func WantState(t testing.TB, db *store.DB, id uint64, kind, state, by string) {
	t.Helper()
	states, _ := db.States(id)
	for _, s := range states {
		if s.Kind == kind && s.Item == 0 {
			if s.State != state || s.By != by || s.Reply == 0 {
				t.Errorf("update %d %s: %+v; want %s by %s", id, kind, s, state, by)
			}
			return
		}
	}
	t.Errorf("update %d %s: no state; want %s by %s (states %+v)", id, kind, state, by, states)
}

// SMTPConfig is TwoTeams with lines added to its [smtp] table.
func SMTPConfig(lines string) string {
	return strings.Replace(TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"`+"\n"+lines, 1)
}

// TLSLines writes a throwaway certificate and key for 127.0.0.1 and
// returns the [smtp] lines naming them, and a pool that trusts it.
func TLSLines(t testing.TB) (string, *x509.CertPool) {
	t.Helper()
	cert, key, roots := testcert.Files(t)
	return fmt.Sprintf("tls_cert = %q\ntls_key = %q", cert, key), roots
}

// SubmissionPassword is ana@example.com's password in SubmissionConfig.
const SubmissionPassword = "ana's password"

// SubmissionConfig is TwoTeams with a submission listener on port 0
// where ana@example.com signs in with SubmissionPassword, and lines
// added to its [smtp] table.
func SubmissionConfig(t testing.TB, lines string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(SubmissionPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	pw := filepath.Join(t.TempDir(), "passwords")
	if err := os.WriteFile(pw, fmt.Appendf(nil, "# submission accounts\nana@example.com:%s\n", hash), 0o600); err != nil {
		t.Fatal(err)
	}
	return strings.Replace(TwoTeams, "[smtp]", fmt.Sprintf("[submission]\nlisten = \"127.0.0.1:0\"\npasswords_file = %q\n\n[smtp]\n%s", pw, lines), 1)
}

// WantSMTPError fails t unless err is an SMTP reply with code whose
// text contains text.
func WantSMTPError(t testing.TB, err error, code int, text string) {
	t.Helper()
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want SMTP %d", err, code)
	}
	if se.Code != code || !strings.Contains(se.Message, text) {
		t.Errorf("got %d %q, want %d containing %q", se.Code, se.Message, code, text)
	}
}

// Refused reads baton_messages_refused_total{reason=label} from m.
func Refused(t testing.TB, m *metrics.Metrics, label string) float64 {
	t.Helper()
	families, err := m.Reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "baton_messages_refused_total" {
			continue
		}
		for _, c := range f.GetMetric() {
			for _, l := range c.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == label {
					return c.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
