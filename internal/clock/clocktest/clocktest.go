// Package clocktest is a fake clock for the daemon's tests: time moves
// only when a test says so, and a test can wait until every loop under
// test has gone back to sleep.
package clocktest

import (
	"sort"
	"sync"
	"testing"
	"time"
)

// Fake is a clock.Clock that moves only when told to.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	nextID  int
}

type waiter struct {
	at time.Time
	ch chan time.Time
	id int
}

// New returns a fake clock reading now.
func New(now time.Time) *Fake { return &Fake{now: now} }

func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *Fake) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	return ch
}

func (c *Fake) Timer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch, func() {}
	}
	c.nextID++
	id := c.nextID
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch, id: id})
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, w := range c.waiters {
			if w.id == id {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				return
			}
		}
	}
}

// WaitIdle waits until n timers are pending: the loops under test have
// done their work and gone back to sleep.
func (c *Fake) WaitIdle(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Waiters() != n {
		if time.Now().After(deadline) {
			c.mu.Lock()
			defer c.mu.Unlock()
			var at []string
			for _, w := range c.waiters {
				at = append(at, w.at.Format(time.RFC3339))
			}
			t.Fatalf("timed out waiting for %d sleeping timers; now %s, timers at %v", n, c.now.Format(time.RFC3339), at)
		}
		time.Sleep(time.Millisecond)
	}
}

// Advance moves the clock to now+d, firing every timer due by then in
// order.
func (c *Fake) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	sort.Slice(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	var keep []waiter
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	c.mu.Unlock()
}

// NextAt returns when the earliest pending timer fires.
func (c *Fake) NextAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var next time.Time
	for _, w := range c.waiters {
		if next.IsZero() || w.at.Before(next) {
			next = w.at
		}
	}
	return next
}

// Waiters reports how many timers are pending.
func (c *Fake) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}
