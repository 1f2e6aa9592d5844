package gateway

import (
	"github.com/baton-mail/baton/config"
)

// memoryHeadroom is what the daemon needs besides messages in flight:
// code, the store's map, caches, idle connections.
const memoryHeadroom = 128 << 20

// SoftMemoryLimit is the Go runtime memory limit serve sets unless
// GOMEMLIMIT is set: memory_budget and headroom. Near it the garbage
// collector runs more often, so copies a message left behind are
// reclaimed before they add to the peak.
func SoftMemoryLimit(cfg *config.Config) int64 { return cfg.SMTP.MemoryBudget + memoryHeadroom }
