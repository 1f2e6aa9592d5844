package limit

import (
	"math"
	"sync"
	"time"
)

// Failed sign-ins on the submission listener slow further attempts, by
// address and by account, with delays that double per failure:
//
//   - from one address, after authFreeIP failures, attempts are spaced
//     by 1 s, 2 s, 4 s ... up to authMaxDelayIP, across all of that
//     address's connections (each attempt books the next slot, so eight
//     connections guess no faster than one). An attempt whose slot is
//     more than authHoldMax away is answered 454 4.7.0 at once.
//   - on one account, after authFreeUser failures from anywhere, every
//     attempt waits 1 s, 2 s ... up to authMaxDelayUser, and is never
//     refused: the right password from another address still signs in,
//     a few seconds late, while guesses on the account slow to a crawl.
//
// Failures are forgotten authForget after the last one; a success
// clears its address's count.
const (
	authFreeIP       = 3
	authFreeUser     = 5
	authMaxDelayIP   = time.Minute
	authMaxDelayUser = 8 * time.Second
	authHoldMax      = 10 * time.Second
	authForget       = 15 * time.Minute
	authMaxEntries   = 100_000
)

// AuthThrottle slows password guessing as described above. It is safe
// for concurrent use.
type AuthThrottle struct {
	mu     sync.Mutex
	byIP   map[string]*authRecord
	byUser map[string]*authRecord
}

type authRecord struct {
	fails int
	last  time.Time // last failure
	next  time.Time // by address: when the next attempt may start
}

// NewAuthThrottle returns a throttle that remembers no failure yet.
func NewAuthThrottle() *AuthThrottle {
	return &AuthThrottle{byIP: map[string]*authRecord{}, byUser: map[string]*authRecord{}}
}

// authDelay is the wait after fails failures, free of them free.
func authDelay(fails, free int, most time.Duration) time.Duration {
	if fails < free {
		return 0
	}
	shift := min(fails-free, 30)
	return min(time.Duration(math.Pow(2, float64(shift)))*time.Second, most)
}

// Admit books an attempt by ip on user at now: it returns how long to
// wait before checking the password, or ok false when the address must
// come back later (retry is when).
func (t *AuthThrottle) Admit(ip, user string, now time.Time) (wait time.Duration, ok bool, retry time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.record(t.byIP, ip, now)
	start := now
	if r.next.After(now) {
		start = r.next
	}
	if start.Sub(now) > authHoldMax {
		return 0, false, start.Sub(now)
	}
	if d := authDelay(r.fails, authFreeIP, authMaxDelayIP); d > 0 {
		r.next = start.Add(d) // booked: the next attempt from ip comes after
	}
	wait = start.Sub(now)
	if u := t.record(t.byUser, user, now); u.fails >= authFreeUser {
		wait = max(wait, authDelay(u.fails, authFreeUser, authMaxDelayUser))
	}
	return wait, true, 0
}

// Done records the outcome of an attempt.
func (t *AuthThrottle) Done(ip, user string, success bool, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.record(t.byIP, ip, now)
	if success {
		r.fails, r.next = 0, time.Time{}
		return
	}
	r.fails++
	r.last = now
	if d := authDelay(r.fails, authFreeIP, authMaxDelayIP); r.next.Before(now.Add(d)) {
		r.next = now.Add(d)
	}
	u := t.record(t.byUser, user, now)
	u.fails++
	u.last = now
}

// record returns key's record, forgetting stale ones; the map never
// grows past authMaxEntries however many addresses or names are tried.
func (t *AuthThrottle) record(m map[string]*authRecord, key string, now time.Time) *authRecord {
	r := m[key]
	if r != nil && now.Sub(r.last) > authForget && !r.next.After(now) {
		r.fails = 0
	}
	if r == nil {
		if len(m) >= authMaxEntries {
			for k, v := range m {
				if now.Sub(v.last) > authForget && !v.next.After(now) {
					delete(m, k)
				}
			}
			if len(m) >= authMaxEntries {
				clear(m) // a flood of names: start over rather than grow
			}
		}
		r = &authRecord{}
		m[key] = r
	}
	return r
}
