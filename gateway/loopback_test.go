package gateway

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/store"
)

// loopbackConfig is a one-team config listening on 127.0.0.1:0, with
// limits high enough that benchmarks measure throughput, not the rate
// limiter.
const loopbackConfig = `
domain = "baton.test"
data_dir = %q

[smtp]
listen = "127.0.0.1:0"
max_connections = 200
max_connections_per_ip = 200
rate_per_minute = 100000000

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
`

// loopbackMembers are the members of loopbackConfig's team.
var loopbackMembers = []string{"ana@example.com", "bo@example.com", "dana@example.com"}

// loopbackGateway is a gateway serving SMTP on loopback in this process.
type loopbackGateway struct {
	addr string // host:port of the SMTP listener
	db   *store.DB
	cfg  *config.Config
}

// startLoopbackGateway runs a gateway on the real clock over a fresh
// store, loaded from loopbackConfig, and stops it when the test ends.
// log nil discards the log (benchmarks).
func startLoopbackGateway(tb testing.TB, log *slog.Logger) *loopbackGateway {
	tb.Helper()
	tg := newTestGateway(tb, mustConfig(tb, fmt.Sprintf(loopbackConfig, filepath.Join(tb.TempDir(), "data"))), time.Time{})
	if log == nil {
		// Format every line as the daemon does, then drop it.
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	tg.Gateway.log, tg.certs.Log = log, log
	tg.Start(tb)
	return &loopbackGateway{addr: tg.addr, db: tg.db, cfg: tg.cfg}
}

// statusMessage returns a realistic plain-text status update of about
// size bytes from member to the platform team, with CRLF line ends.
func statusMessage(from, msgID string, size int) []byte {
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
