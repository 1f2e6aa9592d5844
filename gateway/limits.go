package gateway

import (
	"sync"
	"time"

	"github.com/baton-mail/baton/config"

	"github.com/prometheus/client_golang/prometheus"
)

// Limits on what SMTP clients, hostile or broken, can hold of the
// daemon (issue 15):
//
//   - memory: message bytes in flight across all sessions stay under
//     [smtp] memory_budget. A session reserves its message's declared
//     SIZE, or max_message_size without one, when DATA starts; past the
//     budget it waits its turn (the client is held by TCP flow control)
//     and after budgetWait gets 452 4.3.1. The message is read into a
//     buffer of exactly its size (smtpdata.go).
//   - bounces (the null sender) need no membership, so they are taken
//     only up to maxBounceSize.
//   - connection slots: max_connections in all, max_connections_per_ip
//     from one address; a connection past either gets 421 (conns.go).
//   - time: a whole command line within command_timeout of its first
//     byte, a whole DATA within data_timeout, and read_timeout of
//     silence between commands (conns.go).
//   - password guessing on the submission listener: growing delays per
//     address and per account (auththrottle.go).
//
// Each limit answers with a reply that says what happened, logs one
// line and counts baton_messages_refused_total{reason=...}.

// Refusal reasons of these limits, as the refused counter labels them.
const (
	reasonConnectionsPerIP = "connections_per_ip"
	reasonBudget           = "memory_budget"
	reasonBounceSize       = "bounce_size"
	reasonIdleTimeout      = "idle_timeout"
	reasonCommandTimeout   = "command_timeout"
	reasonDataTimeout      = "data_timeout"
	reasonAuthThrottle     = "auth_throttle"
)

// limits is the state the limits share across listeners.
type limits struct {
	mem  *budget
	auth *authThrottle
}

// initLimits builds the shared limit state from the config in force
// and registers its gauges. [smtp] changes wait for a restart.
func (g *Gateway) initLimits() {
	cfg := g.Config()
	g.limits = &limits{mem: newBudget(cfg.SMTP.MemoryBudget), auth: newAuthThrottle()}
	mem := g.limits.mem
	g.m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_inflight_bytes", Help: "Message bytes reserved by SMTP sessions now, out of memory_budget."}, func() float64 {
			used, _ := mem.state()
			return float64(used)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_inflight_waiting", Help: "SMTP sessions waiting for memory_budget to take their message."}, func() float64 {
			_, waiting := mem.state()
			return float64(waiting)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_memory_budget_bytes", Help: "The memory_budget in force."}, func() float64 {
			return float64(mem.total)
		}),
	)
}

// budget is a counting semaphore of bytes, first come first served: a
// large reservation at the head of the queue is not overtaken by small
// ones, so no message size is starved.
type budget struct {
	total int64

	mu    sync.Mutex
	used  int64
	queue []*budgetWaiter
}

type budgetWaiter struct {
	n       int64
	granted bool
	ready   chan struct{}
}

func newBudget(total int64) *budget { return &budget{total: total} }

// acquire reserves n bytes, waiting in line until they are free or
// timeout fires; it reports whether they were reserved.
func (b *budget) acquire(n int64, timeout <-chan time.Time) bool {
	n = min(n, b.total)
	b.mu.Lock()
	if len(b.queue) == 0 && b.used+n <= b.total {
		b.used += n
		b.mu.Unlock()
		return true
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
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

// tryAcquire reserves n bytes if they are free now and nobody waits.
func (b *budget) tryAcquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 && b.used+n <= b.total {
		b.used += n
		return true
	}
	return false
}

// release returns n reserved bytes and wakes whoever they let in.
func (b *budget) release(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.grantLocked()
}

func (b *budget) grantLocked() {
	for len(b.queue) > 0 && b.used+b.queue[0].n <= b.total {
		w := b.queue[0]
		b.queue = b.queue[1:]
		b.used += w.n
		w.granted = true
		close(w.ready)
	}
}

// state returns the bytes reserved and the number of waiters.
func (b *budget) state() (used int64, waiting int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, len(b.queue)
}

// memoryHeadroom is what the daemon needs besides messages in flight:
// code, the store's map, caches, idle connections.
const memoryHeadroom = 128 << 20

// SoftMemoryLimit is the Go runtime memory limit serve sets unless
// GOMEMLIMIT is set: memory_budget and headroom. Near it the garbage
// collector runs more often, so copies a message left behind are
// reclaimed before they add to the peak.
func SoftMemoryLimit(cfg *config.Config) int64 { return cfg.SMTP.MemoryBudget + memoryHeadroom }
