package schedule

import (
	"testing"
	"time"
)

// teamZones spans the DST rules and offsets the scheduler must survive.
var teamZones = []string{
	"America/New_York", "Europe/London", "Australia/Lord_Howe",
	"Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago",
	"America/Santiago", "Australia/Sydney", "UTC",
}

// teamClocks holds ordinary times and the ones DST skips or repeats.
var teamClocks = []string{"00:00", "00:30", "01:30", "01:45", "02:00", "02:15", "02:30", "09:00", "23:30", "23:59"}

// TestYear steps each member of a team spanning all of teamZones through
// 2026 (on weekdays, and on every day), feeding every firing back in as after, and checks there is
// exactly one firing per local workday, in increasing order, each at the
// member's clock time or at the end of a DST gap that swallowed it.
func TestYear(t *testing.T) {
	away := []Date{MustDate("2026-12-24"), MustDate("2026-12-25"), MustDate("2026-05-01")}
	for _, zone := range teamZones {
		loc := mustLoc(t, zone)
		for _, at := range teamClocks {
			// Weekdays for the weekend logic, every day for the DST
			// changes, which mostly fall on a Sunday.
			r := Rhythm{At: MustClock(at), Workdays: Weekdays(), Away: away}
			t.Run(zone+"/weekdays/"+at, func(t *testing.T) { checkYear(t, loc, r) })
			r.Workdays = EveryDay()
			t.Run(zone+"/daily/"+at, func(t *testing.T) { checkYear(t, loc, r) })
		}
	}
}

func checkYear(t *testing.T, loc *time.Location, r Rhythm) {
	first, end := Date{2026, time.January, 1}, Date{2027, time.January, 1}
	want := map[Date]bool{}
	for d := first; d != end; d = d.AddDays(1) {
		if r.Workdays[d.Weekday()] && !isAway(r, d) {
			want[d] = true
		}
	}
	got := map[Date]bool{}
	after := Instant(first, Clock{}, loc).Add(-time.Nanosecond)
	var prevDate Date
	for {
		fire, date := Next(after, loc, r)
		if fire.IsZero() {
			t.Fatalf("no firing after %v", after)
		}
		if date.Compare(end) >= 0 {
			break
		}
		if !fire.After(after) || (!prevDate.IsZero() && date.Compare(prevDate) <= 0) {
			t.Fatalf("firing %v for %v does not follow %v for %v", fire, date, after, prevDate)
		}
		if got[date] {
			t.Fatalf("two firings for %v", date)
		}
		got[date] = true
		checkWall(t, fire.In(loc), date, r.At)
		after, prevDate = fire, date
	}
	for d := range want {
		if !got[d] {
			t.Errorf("no firing for workday %v", d)
		}
	}
	for d := range got {
		if !want[d] {
			t.Errorf("firing on non-workday %v", d)
		}
	}
}

// checkWall checks that fire shows clock c on date d, or that it is the
// first instant after a DST gap that contains c.
func checkWall(t *testing.T, fire time.Time, d Date, c Clock) {
	t.Helper()
	if DateOf(fire) == d && fire.Hour() == c.Hour && fire.Minute() == c.Minute {
		// The first occurrence: an hour earlier must not show the same.
		for _, back := range []time.Duration{30 * time.Minute, time.Hour} {
			if e := fire.Add(-back); e.Hour() == c.Hour && e.Minute() == c.Minute && DateOf(e) == d {
				t.Errorf("fired at %v, but the wall clock read %v first at %v", fire, c, e)
			}
		}
		return
	}
	wall := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, time.UTC)
	start, _ := fire.ZoneBounds()
	if !start.Equal(fire) || !wallOf(fire.Add(-time.Nanosecond)).Before(wall) || !wallOf(fire).After(wall) {
		t.Errorf("fired at %v for %v %v, which is neither that time nor the end of a gap", fire, d, c)
	}
}

func isAway(r Rhythm, d Date) bool {
	for _, a := range r.Away {
		if a == d {
			return true
		}
	}
	return false
}
