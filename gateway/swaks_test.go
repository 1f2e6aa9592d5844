package gateway

import (
	"context"
	"errors"
	"log/slog"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/store"
)

// TestSwaks talks to the gateway with swaks, an SMTP client written
// independently of go-smtp: a member's update is accepted and stored,
// and a stranger is refused with a 550 that says why.
func TestSwaks(t *testing.T) {
	swaks, err := exec.LookPath("swaks")
	if err != nil {
		t.Skip("swaks is not installed (apt-get install swaks)")
	}
	lg := startLoopbackGateway(t, slog.New(slog.NewTextHandler(t.Output(), nil)))

	t.Run("accepted", func(t *testing.T) {
		const msgID = "swaks-accepted-1@example.com"
		out, err := runSwaks(t, swaks, lg.addr, "ana@example.com", "platform@baton.test",
			"--header", "Message-Id: <"+msgID+">", // replaces swaks' own
			"--header", "Subject: Update: swaks",
			"--body", "Done:\n- Sent this with swaks\n\nNext:\n- Nothing\n")
		if err != nil {
			t.Fatalf("swaks: %v\n%s", err, out)
		}
		id, err := lg.db.Lookup(msgID)
		if err != nil {
			t.Fatalf("accepted message not stored: Lookup(%q): %v\nswaks said:\n%s", msgID, err, out)
		}
		m, err := lg.db.GetMessage(id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Envelope.MailFrom != "ana@example.com" || m.Team != "platform" {
			t.Errorf("stored envelope from %q, team %q; want ana@example.com, platform", m.Envelope.MailFrom, m.Team)
		}
	})

	t.Run("refused", func(t *testing.T) {
		out, err := runSwaks(t, swaks, lg.addr, "mallory@example.org", "platform@baton.test",
			"--header", "Subject: let me in", "--body", "hello")
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("swaks from a non-member: err %v, want a non-zero exit\n%s", err, out)
		}
		const want = "550 5.7.1 mallory@example.org is not a member of any team here"
		if !strings.Contains(out, want) {
			t.Errorf("swaks output lacks %q:\n%s", want, out)
		}
		lg.db.ListMessages(0, func(m *store.Message) bool {
			if m.Envelope.MailFrom == "mallory@example.org" {
				t.Errorf("refused message stored as %d", m.ID)
			}
			return true
		})
	})
}

// runSwaks sends one message with swaks and returns its transcript.
func runSwaks(t *testing.T, swaks, addr, from, to string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	args = append([]string{"--server", addr, "--from", from, "--to", to, "--timeout", "20"}, args...)
	out, err := exec.CommandContext(ctx, swaks, args...).CombinedOutput()
	return string(out), err
}
