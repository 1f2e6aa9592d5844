package gateway

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
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
	tg := newTestGateway(tb, testenv.Config(tb, fmt.Sprintf(loopbackConfig, filepath.Join(tb.TempDir(), "data"))), time.Time{})
	if log == nil {
		// Format every line as the daemon does, then drop it.
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	tg.Log, tg.certs.Log = log, log
	tg.Start(tb)
	return &loopbackGateway{addr: tg.addr, db: tg.db, cfg: tg.cfg}
}
