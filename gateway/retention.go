package gateway

import (
	"context"
	"time"
)

// RetentionInterval is how often the daemon prunes raw mail.
const RetentionInterval = 24 * time.Hour

// RunRetention prunes raw mail at start, daily, and whenever a reloaded
// config changes the retention period, until ctx ends. Without a
// retention period it sleeps until a reload sets one.
func (g *Gateway) RunRetention(ctx context.Context) {
	for {
		var daily <-chan time.Time
		stop := func() {}
		if g.Config().Retention > 0 {
			if _, err := g.Prune(); err != nil {
				g.Log.Error("retention: prune raw mail", "err", err)
			}
			daily, stop = g.Clock.Timer(RetentionInterval)
		}
		select {
		case <-ctx.Done():
		case <-daily:
		case <-g.retention:
		}
		stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// Prune removes the raw bytes of messages received longer ago than the
// configured retention; parsed updates, decisions, threads and the
// records that keep a resend a duplicate stay. Without retention it
// does nothing.
func (g *Gateway) Prune() (int, error) {
	keep := g.Config().Retention
	if keep <= 0 {
		return 0, nil
	}
	before := g.Clock.Now().Add(-keep)
	n, err := g.DB.PruneRaw(before)
	if err != nil {
		return 0, err
	}
	g.Metrics.Pruned(n)
	if n > 0 {
		g.Log.Info("retention: raw mail pruned", "messages", n, "received_before", before.Format(time.RFC3339))
	}
	return n, nil
}
