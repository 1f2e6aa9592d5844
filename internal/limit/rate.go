package limit

import (
	"sync"
	"time"
)

// Rate counts messages per client IP in fixed one-minute windows.
type Rate struct {
	mu     sync.Mutex
	limit  int
	window time.Time
	counts map[string]int
}

// NewRate returns a Rate allowing perMinute messages per IP.
func NewRate(perMinute int) *Rate {
	return &Rate{limit: perMinute, counts: map[string]int{}}
}

// Allow counts one message from host at now and reports whether it is
// within the limit.
func (r *Rate) Allow(host string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w := now.Truncate(time.Minute); !w.Equal(r.window) {
		r.window, r.counts = w, map[string]int{}
	}
	r.counts[host]++
	return r.counts[host] <= r.limit
}
