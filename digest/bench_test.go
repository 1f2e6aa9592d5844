package digest

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
)

var benchZones = []string{
	"UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Helsinki", "Europe/Moscow",
	"Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai", "Asia/Karachi",
	"Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore",
	"Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
	"Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham",
	"Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Honolulu", "America/Anchorage",
	"America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
	"America/Halifax", "America/St_Johns", "America/Sao_Paulo", "America/Santiago",
	"America/Bogota", "Atlantic/Azores", "Asia/Tehran",
}

// benchDay is a deployment's store in memory: 10,000 members in 100
// teams across 40 zones, each posting once a day for the 10 days before
// 2026-11-24, so 100,000 updates; a tenth of them carry replies, and
// each team has open blockers, decisions and questions.
type benchDay struct {
	teams   []Team // Updates sorted by At, all 10 days
	members [][]Person
}

func newBenchDay(b *testing.B) *benchDay {
	const nTeams, perTeam, days = 100, 100, 10
	locs := make([]*time.Location, len(benchZones))
	for i, z := range benchZones {
		locs[i] = mustLoc(b, z)
	}
	base := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	d := &benchDay{teams: make([]Team, nTeams), members: make([][]Person, nTeams)}
	items := []string{"Shipped the importer for the billing service so finance can stop exporting spreadsheets by hand",
		"Reviewed the migration plan", "Paired on retries and backoff in the sender", "Fixed the flaky integration test"}
	for k := range nTeams {
		t := &d.teams[k]
		*t = Team{Name: fmt.Sprintf("Team %02d", k), ListID: fmt.Sprintf("t%02d.baton.example", k),
			Address: fmt.Sprintf("t%02d@baton.example", k), ResponseWindow: 24 * time.Hour}
		for j := range perTeam {
			d.members[k] = append(d.members[k], Person{fmt.Sprintf("Member %02d-%02d", k, j),
				fmt.Sprintf("m%02d.%02d@example.com", k, j), locs[(k+j)%len(locs)]})
		}
		for day := range days {
			for j, p := range d.members[k] {
				at := base.Add(-time.Duration(day)*24*time.Hour - time.Duration(j*13)*time.Minute)
				u := Update{ID: fmt.Sprintf("u%d.%d.%d", k, j, day), Author: p, At: at,
					ReplyTo: fmt.Sprintf("t%02d+u%d.%d.%d@baton.example", k, k, j, day),
					Sections: []parser.Section{sec(parser.Done, items[j%4], items[(j+1)%4]),
						sec(parser.Next, items[(j+2)%4]), sec(parser.Notes, "Out on Friday afternoon.")}}
				if j%10 == 0 {
					u.Replies = []Reply{{Author: d.members[k][(j+1)%perTeam], At: at.Add(time.Hour), Text: "Nice, does it handle CSV too?",
						Replies: []Reply{{Author: p, At: at.Add(2 * time.Hour), Text: "Yes."}}}}
				}
				t.Updates = append(t.Updates, u)
			}
		}
		sort.Slice(t.Updates, func(a, b int) bool { return t.Updates[a].At.Before(t.Updates[b].At) })
		for i := range 3 {
			p := d.members[k][i]
			t.Blockers = append(t.Blockers, Blocker{ID: fmt.Sprintf("b%d.%d", k, i), Text: "Staging is read-only", Author: p,
				Since: base.Add(-time.Duration(i+1) * 30 * time.Hour), ReplyTo: fmt.Sprintf("t%02d+b%d@baton.example", k, i)})
			t.Questions = append(t.Questions, Question{ID: fmt.Sprintf("q%d.%d", k, i), Text: "Who owns the rota?", Author: p,
				Asked: base.Add(-time.Duration(i+1) * 20 * time.Hour), ReplyTo: fmt.Sprintf("t%02d+q%d@baton.example", k, i)})
			t.Decisions = append(t.Decisions, Decision{ID: fmt.Sprintf("d%d.%d", k, i), Author: p,
				Decision: parser.Decision{Text: "Adopt Postgres 17", Rationale: "replication fixes"},
				At:       base.Add(-time.Duration(i+1) * 5 * time.Hour), ReplyTo: fmt.Sprintf("t%02d+d%d@baton.example", k, i)})
		}
	}
	return d
}

// digestFor selects what member j of team k sees at their 08:00 on
// 2026-11-24: the day before, sliced from the team's sorted updates.
func (d *benchDay) digestFor(k, j int) Digest {
	p := d.members[k][j]
	until := time.Date(2026, 11, 24, 8, 0, 0, 0, p.Loc)
	since := until.Add(-24 * time.Hour)
	src := &d.teams[k]
	t := *src
	lo, _ := slices.BinarySearchFunc(src.Updates, since, func(u Update, x time.Time) int { return u.At.Compare(x) })
	hi, _ := slices.BinarySearchFunc(src.Updates, until, func(u Update, x time.Time) int { return u.At.Compare(x) })
	t.Updates = src.Updates[lo:hi]
	t.Decisions = nil
	for i := range src.Decisions {
		if at := src.Decisions[i].At; !at.Before(since) && at.Before(until) {
			t.Decisions = src.Decisions[i : i+1 : i+1] // at most one in the window, enough for the benchmark
		}
	}
	return Digest{Recipient: p, Since: since, Until: until, Domain: "baton.example", Teams: []Team{t}}
}

// sign gives in's items reply addresses of their own for member j, as
// the gateway signs each address for one recipient.
func sign(in *Digest, j int) {
	tag := "r" + strconv.Itoa(j) + "."
	t := &in.Teams[0]
	t.Updates = slices.Clone(t.Updates)
	for i := range t.Updates {
		t.Updates[i].ReplyTo = tag + t.Updates[i].ReplyTo
	}
	t.Blockers = slices.Clone(t.Blockers)
	for i := range t.Blockers {
		t.Blockers[i].ReplyTo = tag + t.Blockers[i].ReplyTo
	}
	t.Questions = slices.Clone(t.Questions)
	for i := range t.Questions {
		t.Questions[i].ReplyTo = tag + t.Questions[i].ReplyTo
	}
	t.Decisions = slices.Clone(t.Decisions)
	for i := range t.Decisions {
		t.Decisions[i].ReplyTo = tag + t.Decisions[i].ReplyTo
	}
}

// BenchmarkDay renders one day's digests for every member, with one
// Renderer for the day as the gateway's scheduler uses it.
func BenchmarkDay(b *testing.B) { benchmarkDay(b, false) }

// BenchmarkDaySigned is BenchmarkDay with reply addresses signed per
// recipient, as the gateway makes them; copying the items to sign them
// is part of what it measures.
func BenchmarkDaySigned(b *testing.B) { benchmarkDay(b, true) }

func benchmarkDay(b *testing.B, signed bool) {
	d := newBenchDay(b)
	runtime.GC()
	var peak, bytes uint64
	var ms runtime.MemStats
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		rd := NewRenderer()
		n := 0
		for k := range d.teams {
			for j := range d.members[k] {
				in := d.digestFor(k, j)
				if signed {
					sign(&in, j)
				}
				r := rd.Render(in, in.Until)
				bytes += uint64(len(r.Text) + len(r.HTML))
				if n++; n%1000 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
				}
			}
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/day")
	perDay := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(10000/perDay, "digests/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(bytes)/float64(b.N)/(1<<20), "MB-rendered/day")
}

// cpuTime is the CPU the process has used, user and system, all threads
// (the garbage collector's included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
