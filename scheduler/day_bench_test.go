package scheduler

import (
	"fmt"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

var benchZones = []string{
	"Pacific/Pago_Pago", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver",
	"America/Chicago", "America/New_York", "America/Halifax", "America/St_Johns", "America/Sao_Paulo",
	"Atlantic/South_Georgia", "Atlantic/Azores", "Europe/London", "Europe/Lisbon", "Europe/Paris",
	"Europe/Berlin", "Africa/Lagos", "Europe/Athens", "Africa/Cairo", "Europe/Moscow",
	"Asia/Tehran", "Asia/Dubai", "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata",
	"Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok", "Asia/Singapore",
	"Asia/Shanghai", "Australia/Eucla", "Asia/Tokyo", "Australia/Darwin", "Australia/Sydney",
	"Australia/Lord_Howe", "Pacific/Noumea", "Pacific/Auckland", "Pacific/Chatham", "Pacific/Kiritimati",
}

// BenchmarkDigestDay builds one day's digests for 10,000 members in 100
// teams across 40 zones, from 100,000 stored updates, through the
// scheduler's own path: one pass per instant, the window read
// incrementally. "rendered" stops at the rendered text and HTML;
// "queued" also composes and durably queues them (runDue). Each reports
// the CPU time and the peak heap of the day.
func BenchmarkDigestDay(b *testing.B) {
	const teams, perTeam, perMember = 100, 100, 10
	var src strings.Builder
	src.WriteString("domain = \"bench.test\"\ndata_dir = \"data\"\n[smtp]\nlisten = \"127.0.0.1:0\"\n")
	for t := range teams {
		fmt.Fprintf(&src, "[[team]]\nname = \"Team %d\"\naddress = \"team%d\"\ndigest = \"08:00\"\n", t, t)
		for m := range perTeam {
			fmt.Fprintf(&src, "[[team.member]]\nname = \"Member %d-%d\"\nemail = \"m%d.%d@example.com\"\ntimezone = %q\n", t, m, t, m, benchZones[(t*perTeam+m)%len(benchZones)])
		}
	}
	cfg := testenv.Config(b, src.String())
	dayStart := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC).Add(-14 * time.Hour) // Tuesday in every zone
	ts := newTestScheduler(b, cfg, dayStart)
	ts.Log = slog.New(slog.DiscardHandler)
	fillUpdates(b, ts.db, cfg.Teams, perMember, dayStart)

	var due []*job
	for _, j := range plan(cfg, dayStart) {
		if j.kind == config.KindDigest {
			due = append(due, j)
		}
	}
	byInstant := map[int64][]*job{}
	for _, j := range due {
		byInstant[j.next.UnixNano()] = append(byInstant[j.next.UnixNano()], j)
	}
	instants := slices.Sorted(maps.Keys(byInstant))
	// rendered stops at the rendered digests, read from the store and
	// built as the scheduler does; queued goes on to compose each into
	// MIME and queue it durably with its watermark, as runDue does.
	day := func(b *testing.B, pass func(jobs []*job, at time.Time)) {
		for b.Loop() {
			ts.win = nil
			cpu0 := cpuTime()
			peak := uint64(0)
			for _, at := range instants {
				pass(byInstant[at], time.Unix(0, at).UTC())
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s/day")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(len(instants)), "passes")
		}
	}
	b.Run("rendered", func(b *testing.B) {
		var size int
		day(b, func(jobs []*job, at time.Time) {
			w, err := ts.window(at)
			if err != nil {
				b.Fatal(err)
			}
			for _, j := range jobs {
				r, _, err := ts.buildDigest(cfg, j.member, at, j.day, w)
				if err != nil {
					b.Fatal(err)
				}
				size += len(r.Text) + len(r.HTML)
			}
		})
		b.ReportMetric(float64(size)/float64(b.N*len(due))/1024, "KB/digest")
	})
	b.Run("queued", func(b *testing.B) {
		day(b, func(jobs []*job, at time.Time) { ts.runDue(cfg, jobs, at) })
		b.ReportMetric(float64(queuedBytes(b, ts.db, len(due)))/float64(len(due))/1024, "KB/digest")
	})
}

// queuedBytes returns the size of the queued mail, after checking that
// at least want messages are queued.
func queuedBytes(b *testing.B, db *store.DB, want int) int {
	var n, size int
	db.ListOutbound(func(o *store.Outbound) bool {
		raw, err := db.OutboundRaw(o.ID)
		if err != nil {
			b.Fatal(err)
		}
		n, size = n+1, size+len(raw)
		return true
	})
	if n < want {
		b.Fatalf("queued %d digests, want %d", n, want)
	}
	return size
}

// fillUpdates stores perMember updates for every member over the ten
// days before day, through the group commit with many writers.
func fillUpdates(b *testing.B, db *store.DB, teams []*config.Team, perMember int, day time.Time) {
	b.Helper()
	type item struct {
		team, author string
		n            int
	}
	work := make(chan item)
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				at := day.Add(-time.Duration(it.n*24+1) * time.Hour)
				msgID := fmt.Sprintf("%s.%d@example.com", it.author, it.n)
				p := parser.Message{
					MessageID: msgID, Subject: "Update", Date: at,
					Body: "Done:\n- shipped the thing\n- reviewed two changes\n\nNext:\n- on-call handover\n- migrate the billing cron",
					Sections: []parser.Section{
						{Title: "Done", Kind: parser.Done, Items: []string{"shipped the thing", "reviewed two changes"}},
						{Title: "Next", Kind: parser.Next, Items: []string{"on-call handover", "migrate the billing cron"}},
					},
				}
				if it.n%10 == 3 {
					p.Blockers = []string{"waiting on the staging database"}
				}
				if it.n%20 == 7 {
					p.Decisions = []parser.Decision{{Text: "keep Postgres 16", Rationale: "the extension is not ready"}}
				}
				if it.n%20 == 11 {
					p.Questions = []string{"@lead can we move the freeze?"}
				}
				d := &store.Delivery{
					Raw:     []byte("From: " + it.author + "\r\nMessage-ID: <" + msgID + ">\r\n\r\n" + p.Body),
					Message: store.Message{MessageID: msgID, Class: store.ClassUpdate, Team: it.team, Author: it.author, Envelope: store.Envelope{Source: "file", Received: at}},
					Update:  &store.Update{Team: it.team, Author: it.author, Received: at, Parsed: p},
				}
				if _, _, err := db.Deliver(d); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for n := perMember - 1; n >= 0; n-- { // oldest first, as they would arrive
		for _, t := range teams {
			for _, m := range t.Members {
				work <- item{t.Address, m.Email, n}
			}
		}
	}
	close(work)
	wg.Wait()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
