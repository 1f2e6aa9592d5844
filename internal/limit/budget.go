package limit

import (
	"sync"
	"time"
)

// Budget is a counting semaphore of bytes, first come first served: a
// large reservation at the head of the queue is not overtaken by small
// ones, so no message size is starved.
type Budget struct {
	total int64

	mu    sync.Mutex
	used  int64
	queue []*waiter
}

type waiter struct {
	n       int64
	granted bool
	ready   chan struct{}
}

// NewBudget returns a budget of total bytes.
func NewBudget(total int64) *Budget { return &Budget{total: total} }

// Acquire reserves n bytes, waiting in line until they are free or
// timeout fires; it reports whether they were reserved.
func (b *Budget) Acquire(n int64, timeout <-chan time.Time) bool {
	n = min(n, b.total)
	b.mu.Lock()
	if len(b.queue) == 0 && b.used+n <= b.total {
		b.used += n
		b.mu.Unlock()
		return true
	}
	w := &waiter{n: n, ready: make(chan struct{})}
	b.queue = append(b.queue, w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return true
	case <-timeout:
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if w.granted {
		return true
	}
	for i, q := range b.queue {
		if q == w {
			b.queue = append(b.queue[:i], b.queue[i+1:]...)
			break
		}
	}
	b.grantLocked() // a smaller waiter behind this one may fit now
	return false
}

// TryAcquire reserves n bytes if they are free now and nobody waits.
func (b *Budget) TryAcquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 && b.used+n <= b.total {
		b.used += n
		return true
	}
	return false
}

// Release returns n reserved bytes and wakes whoever they let in.
func (b *Budget) Release(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.grantLocked()
}

func (b *Budget) grantLocked() {
	for len(b.queue) > 0 && b.used+b.queue[0].n <= b.total {
		w := b.queue[0]
		b.queue = b.queue[1:]
		b.used += w.n
		w.granted = true
		close(w.ready)
	}
}

// State returns the bytes reserved and the number of waiters.
func (b *Budget) State() (used int64, waiting int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, len(b.queue)
}

// Total is the budget's size.
func (b *Budget) Total() int64 { return b.total }
