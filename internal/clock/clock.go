// Package clock is the daemon's time: the real clock in production, a
// fake one (package clocktest) in tests, so that no loop reads time.Now
// behind a test's back.
package clock

import "time"

// Clock tells the time and waits.
type Clock interface {
	Now() time.Time
	// After waits for d, like time.After.
	After(d time.Duration) <-chan time.Time
	// Timer is After with a stop function that releases the timer when
	// the wait ends early.
	Timer(d time.Duration) (c <-chan time.Time, stop func())
}

// Real is the system clock.
type Real struct{}

func (Real) Now() time.Time                         { return time.Now() }
func (Real) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (Real) Timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Forever is a wait long enough to mean "until woken".
const Forever = time.Duration(1 << 62)
