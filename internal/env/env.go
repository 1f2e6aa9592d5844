// Package env is what every part of the running daemon shares: the
// store, the logger, the clock, the reply-token keys, the metrics, and
// the config in force, which a reload replaces. State reaches the parts
// through it, never through package globals.
package env

import (
	"log/slog"
	"sync/atomic"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/clock"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// Env is the daemon's shared state. Its fields are set once, before
// any part runs.
type Env struct {
	DB      *store.DB
	Log     *slog.Logger
	Clock   clock.Clock
	Tokens  token.Keys
	Metrics *metrics.Metrics

	cfg atomic.Pointer[config.Config]
}

// Config returns the configuration in force.
func (e *Env) Config() *config.Config { return e.cfg.Load() }

// SetConfig puts a new, valid configuration in force.
func (e *Env) SetConfig(cfg *config.Config) { e.cfg.Store(cfg) }
