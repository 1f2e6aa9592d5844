// Package schedule computes when a member's check-in prompt or digest
// fires: the next instant their own wall clock reads a given time on one
// of their team's workdays, skipping dates they are away.
//
// Every firing belongs to one local date (Date), the key under which the
// gateway records it, so each member gets at most one message of a kind
// per local date. Daylight-saving time is handled by rule, not by
// stepping a clock:
//
//   - a wall time that does not exist (the spring-forward gap) fires at
//     the first instant after the gap: 02:30 on New York's spring-forward
//     day fires at 03:00 EDT;
//   - a wall time that occurs twice (fall back) fires once, at the first
//     occurrence;
//   - a local date that does not exist at all (Samoa skipped 2011-12-30
//     when it crossed the date line) has no firing.
//
// The package is pure: "now" is always an argument, and it reads no
// files (callers load zones with time.LoadLocation or time/tzdata).
package schedule

import (
	"slices"
	"time"
)

// Rhythm is when one member hears from Baton for one kind of message.
type Rhythm struct {
	// At is the local wall-clock time the message fires.
	At Clock
	// Workdays marks the days it fires on, indexed by time.Weekday.
	Workdays [7]bool
	// Away lists local dates to skip (holidays, leave).
	Away []Date
	// WorkStart and WorkEnd bound the member's working hours. Equal
	// values (the zero value) mean the member has not set them. WorkEnd
	// before WorkStart is an overnight shift, e.g. 22:00 to 06:00.
	WorkStart, WorkEnd Clock
}

// Weekdays returns Monday to Friday as Workdays.
func Weekdays() [7]bool {
	return [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true,
		time.Thursday: true, time.Friday: true}
}

// EveryDay returns all seven days as Workdays.
func EveryDay() [7]bool { return [7]bool{true, true, true, true, true, true, true} }

// HasWorkHours reports whether the member set working hours.
func (r Rhythm) HasWorkHours() bool { return r.WorkStart != r.WorkEnd }

// InWorkHours reports whether c falls within the member's working hours
// (start inclusive, end exclusive). Without working hours, every time does.
func (r Rhythm) InWorkHours(c Clock) bool {
	if !r.HasWorkHours() {
		return true
	}
	s, e, m := r.WorkStart.Minutes(), r.WorkEnd.Minutes(), c.Minutes()
	if s < e {
		return s <= m && m < e
	}
	return m >= s || m < e // overnight shift
}

// FireClock returns the wall-clock time Next fires at. It is At, except
// when working hours are set and At falls outside them: then it is
// WorkStart of the same local date, so nothing reaches a member outside
// their hours and the message is waiting when they start.
func (r Rhythm) FireClock() Clock {
	if r.InWorkHours(r.At) {
		return r.At
	}
	return r.WorkStart
}

// Reachable returns the first instant at or after t at which a message
// may reach the member in loc: t itself without working hours, else t
// when it falls in their working hours on a workday they are not away,
// else the start of their next working hours. The zero time means never
// within about a year.
func (r Rhythm) Reachable(t time.Time, loc *time.Location) time.Time {
	if !r.HasWorkHours() {
		return t
	}
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc)
	d := DateOf(local)
	if r.Workdays[d.Weekday()] && !slices.Contains(r.Away, d) && r.InWorkHours(Clock{Hour: local.Hour(), Minute: local.Minute()}) {
		return t
	}
	start := r
	start.At = r.WorkStart
	next, _ := Next(t, loc, start)
	return next
}

// maxDays bounds the search in Next: a rhythm that does not fire within
// about a year (no workdays, or away throughout) never fires.
const maxDays = 400

// Next returns the first instant strictly after after at which r fires in
// loc, and the local date that firing belongs to. It returns the zero
// time and Date when r does not fire within about a year. A nil loc is
// UTC.
//
// Stepping with after set to the previous result yields exactly one
// firing per local workday, in increasing order.
func Next(after time.Time, loc *time.Location, r Rhythm) (fire time.Time, local Date) {
	if loc == nil {
		loc = time.UTC
	}
	at := r.FireClock()
	// Start a day early: a firing pushed past midnight by a DST gap
	// belongs to the day before the one after falls on.
	d := DateOf(after.In(loc)).AddDays(-1)
	for range maxDays {
		if r.Workdays[d.Weekday()] && !slices.Contains(r.Away, d) {
			t := Instant(d, at, loc)
			if t.After(after) && (DateOf(t) == d || Exists(d, loc)) {
				return t, d
			}
		}
		d = d.AddDays(1)
	}
	return time.Time{}, Date{}
}

// Exists reports whether some instant in loc falls on local date d.
func Exists(d Date, loc *time.Location) bool {
	return DateOf(Instant(d, Clock{0, 0}, loc)) == d ||
		DateOf(Instant(d, Clock{23, 59}, loc)) == d
}

// Instant returns the first instant at which loc's wall clock reads c on
// date d, in loc. When DST skips c it returns the first instant after the
// gap; when c occurs twice, the first occurrence.
func Instant(d Date, c Clock, loc *time.Location) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, time.UTC)
	t := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
	start, end := t.ZoneBounds()

	// The candidates are wall minus each offset in force around t: the
	// zone before, the zone of t and the zone after.
	var best time.Time
	for _, probe := range []time.Time{start.Add(-time.Second), t, end} {
		if probe.Year() <= 1 { // zone bounds are zero when unbounded
			continue
		}
		_, off := probe.Zone()
		cand := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if wallOf(cand).Equal(wall) && (best.IsZero() || cand.Before(best)) {
			best = cand
		}
	}
	if !best.IsZero() {
		return best
	}
	// c falls in a gap: the transition at which the wall clock jumps
	// over it is the first instant after the gap.
	for _, tr := range []time.Time{start, end} {
		if !tr.IsZero() && wallOf(tr).After(wall) && wallOf(tr.Add(-time.Nanosecond)).Before(wall) {
			return tr
		}
	}
	return t
}

// wallOf returns the wall clock t shows, as a UTC time.
func wallOf(t time.Time) time.Time {
	_, off := t.Zone()
	return t.UTC().Add(time.Duration(off) * time.Second)
}
