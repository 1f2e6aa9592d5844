package gateway

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
)

// followTheSun spans the date line and three DST changes in March-April
// 2026: New York springs forward on 8 March (02:00-03:00 does not
// exist), London on 29 March (01:00-02:00), and Lord Howe falls back
// half an hour on 5 April (01:30-02:00 happens twice). Digests go out
// every day so the changes, which fall on Sundays, are hit.
const followTheSun = `
domain = "baton.test"
data_dir = "data"
[smtp]
listen = "127.0.0.1:0"
[relay]
address = "%s"
tls = "none"

[[team]]
name = "Americas"
checkin = "23:00"
digest = "02:30"
workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
send_empty = true
[[team.member]]
email = "ny@example.com"
timezone = "America/New_York"
[[team.member]]
email = "kathmandu@example.com"
timezone = "Asia/Kathmandu"
[[team.member]]
email = "kiritimati@example.com"
timezone = "Pacific/Kiritimati"
[[team.member]]
email = "pagopago@example.com"
timezone = "Pacific/Pago_Pago"

[[team]]
name = "Europe"
checkin = "23:00"
digest = "01:45"
workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
send_empty = true
[[team.member]]
email = "london@example.com"
timezone = "Europe/London"
[[team.member]]
email = "lordhowe@example.com"
timezone = "Australia/Lord_Howe"
`

// TestOneDigestPerLocalDayAcrossZones steps a fake clock from timer to
// timer over 40 days and checks that every member got exactly one digest
// for each local date, fired at the right instant on DST days, and that
// the relay received each exactly once.
func TestOneDigestPerLocalDayAcrossZones(t *testing.T) {
	if testing.Short() {
		t.Skip("steps through 40 days of timers")
	}
	relay := testenv.NewRelay(t)
	cfg := testenv.Config(t, fmt.Sprintf(followTheSun, relay.Addr))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)
	tg := newTestGateway(t, cfg, start)
	tg.Start(t)
	for {
		tg.clock.WaitIdle(t, 2)
		next := tg.clock.NextAt()
		if next.After(end) {
			break
		}
		tg.clock.Advance(next.Sub(tg.clock.Now()))
	}
	tg.clock.WaitIdle(t, 2)

	digests := map[string][]*store.Outbound{} // member -> digests
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == config.KindDigest {
			digests[o.To[0]] = append(digests[o.To[0]], o)
		}
		return true
	})
	for _, team := range cfg.Teams {
		for _, m := range team.Members {
			// Every local date strictly inside the window has one digest.
			first := schedule.DateOf(start.In(m.Location)).AddDays(1)
			last := schedule.DateOf(end.In(m.Location)).AddDays(-1)
			got := map[string]int{}
			for _, o := range digests[m.Email] {
				got[o.Key[strings.LastIndexByte(o.Key, '/')+1:]]++
			}
			for d := first; d.Compare(last) <= 0; d = d.AddDays(1) {
				if got[d.String()] != 1 {
					t.Errorf("%s: %d digests for local date %s, want 1", m.Email, got[d.String()], d)
				}
			}
			if n := len(relay.To(m.Email)) - countPrompts(relay, m.Email); n != len(digests[m.Email]) {
				t.Errorf("%s: relay got %d digests for %d queued", m.Email, n, len(digests[m.Email]))
			}
		}
	}
	// The DST days fire where the rules say.
	for _, c := range []struct {
		member, date string
		want         time.Time
	}{
		{"ny@example.com", "2026-03-08", time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},         // 02:30 skipped: 03:00 EDT
		{"ny@example.com", "2026-03-09", time.Date(2026, 3, 9, 6, 30, 0, 0, time.UTC)},        // 02:30 EDT
		{"london@example.com", "2026-03-29", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},    // 01:45 skipped: 02:00 BST
		{"lordhowe@example.com", "2026-04-05", time.Date(2026, 4, 4, 14, 45, 0, 0, time.UTC)}, // 01:45 twice: the first, +11
		{"kiritimati@example.com", "2026-03-10", time.Date(2026, 3, 9, 12, 30, 0, 0, time.UTC)},
		{"pagopago@example.com", "2026-03-10", time.Date(2026, 3, 10, 13, 30, 0, 0, time.UTC)},
		{"kathmandu@example.com", "2026-03-10", time.Date(2026, 3, 9, 20, 45, 0, 0, time.UTC)},
	} {
		key := "digest/" + c.member + "/" + c.date
		var found bool
		for _, o := range digests[c.member] {
			if o.Key == key {
				found = true
				if !o.Created.Equal(c.want) {
					t.Errorf("%s fired at %s, want %s", key, o.Created.UTC(), c.want)
				}
			}
		}
		if !found {
			t.Errorf("no %s", key)
		}
	}
}

func countPrompts(r *testenv.Relay, rcpt string) int {
	n := 0
	for _, m := range r.To(rcpt) {
		if strings.Contains(m.Data, "X-Baton-Kind: checkin") {
			n++
		}
	}
	return n
}
