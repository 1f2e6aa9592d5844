package gateway

import (
	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/limit"

	"github.com/prometheus/client_golang/prometheus"
)

// Limits on what SMTP clients, hostile or broken, can hold of the
// daemon; the mechanisms are package limit's, the answers here:
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
//     from one address; a connection past either gets 421 (limit.Conns).
//   - time: a whole command line within command_timeout of its first
//     byte, a whole DATA within data_timeout, and read_timeout of
//     silence between commands (limit.Conn).
//   - password guessing on the submission listener: growing delays per
//     address and per account (limit.AuthThrottle, auththrottle.go).
//
// Each limit answers with a reply that says what happened, logs one
// line and counts baton_messages_refused_total{reason=...}.

// Refusal reasons of these limits, as the refused counter labels them.
const (
	reasonBudget       = "memory_budget"
	reasonBounceSize   = "bounce_size"
	reasonAuthThrottle = "auth_throttle"
)

// limits is the state the limits share across listeners.
type limits struct {
	mem  *limit.Budget
	auth *limit.AuthThrottle
}

// initLimits builds the shared limit state from the config in force
// and registers its gauges. [smtp] changes wait for a restart.
func (g *Gateway) initLimits() {
	cfg := g.Config()
	g.limits = &limits{mem: limit.NewBudget(cfg.SMTP.MemoryBudget), auth: limit.NewAuthThrottle()}
	mem := g.limits.mem
	g.m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_inflight_bytes", Help: "Message bytes reserved by SMTP sessions now, out of memory_budget."}, func() float64 {
			used, _ := mem.State()
			return float64(used)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_inflight_waiting", Help: "SMTP sessions waiting for memory_budget to take their message."}, func() float64 {
			_, waiting := mem.State()
			return float64(waiting)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_memory_budget_bytes", Help: "The memory_budget in force."}, func() float64 {
			return float64(mem.Total())
		}),
	)
}

// memoryHeadroom is what the daemon needs besides messages in flight:
// code, the store's map, caches, idle connections.
const memoryHeadroom = 128 << 20

// SoftMemoryLimit is the Go runtime memory limit serve sets unless
// GOMEMLIMIT is set: memory_budget and headroom. Near it the garbage
// collector runs more often, so copies a message left behind are
// reclaimed before they add to the peak.
func SoftMemoryLimit(cfg *config.Config) int64 { return cfg.SMTP.MemoryBudget + memoryHeadroom }
