package gateway

import (
	"context"
	"time"
)

// The STARTTLS certificate ([smtp] tls_cert and tls_key) is read again
// without a restart (package certs): on SIGHUP (ReloadTLS) and when
// either file changes (RunTLSWatch), as certbot and other ACME clients
// rewrite them every couple of months.

// TLSWatchInterval is how often the certificate files are looked at.
const TLSWatchInterval = time.Minute

// ReloadTLS reads the certificate and key the config in force names and
// puts them in force for new connections; see certs.Reloader.Reload.
func (g *Gateway) ReloadTLS() error {
	smtp := g.Config().SMTP
	return g.certs.Reload(smtp.TLSCert, smtp.TLSKey)
}

// RunTLSWatch looks at the certificate files every TLSWatchInterval, so
// a renewal takes effect even when nothing sends SIGHUP.
func (g *Gateway) RunTLSWatch(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.Clock.After(TLSWatchInterval):
		}
		smtp := g.Config().SMTP
		g.certs.Check(smtp.TLSCert, smtp.TLSKey)
	}
}
