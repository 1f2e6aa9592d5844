package gateway

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The STARTTLS certificate ([smtp] tls_cert and tls_key) is read again
// without a restart: on SIGHUP (ReloadTLS) and when either file changes
// (RunTLSWatch), as certbot and other ACME clients rewrite them every
// couple of months. Both listeners take the certificate from one atomic
// pointer at each handshake (tls.Config.GetCertificate), so a renewal
// reaches new connections at once and drops none: a session already
// encrypted keeps the keys it agreed. A new pair that does not load (a
// key that does not match, a half-written file) leaves the old one in
// force, and the log says so.

// TLSWatchInterval is how often the certificate files are looked at.
const TLSWatchInterval = time.Minute

// certificate is the certificate in force and what it was loaded from.
type certificate struct {
	cur atomic.Pointer[tls.Certificate]

	mu         sync.Mutex    // serialises loads; guards the fields below
	cert       string        // the certificate file of the pair in force
	stamp      []os.FileInfo // the files as last read (nil: missing)
	seen       []os.FileInfo // the files at the watch's last look
	loadedOnce bool
}

// serverTLS returns the TLS config both SMTP listeners share, loading
// the certificate the first time.
func (g *Gateway) serverTLS(certPath, keyPath string) (*tls.Config, error) {
	c := &g.certs
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedOnce {
		cert, err := loadPair(certPath, keyPath)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate: %w", err)
		}
		c.cur.Store(cert)
		c.cert, c.stamp, c.loadedOnce = certPath, fileStamp(certPath, keyPath), true
	}
	return &tls.Config{GetCertificate: c.get, MinVersion: tls.VersionTLS12}, nil
}

func (c *certificate) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	if cert := c.cur.Load(); cert != nil {
		return cert, nil
	}
	return nil, errors.New("no TLS certificate loaded")
}

// ReloadTLS reads the certificate and key the config in force names and
// puts them in force for new connections. A pair that does not load is
// logged and returned, and the old certificate stays. Without STARTTLS
// when the daemon started there is nothing to reload: turning it on or
// off waits for a restart.
func (g *Gateway) ReloadTLS() error {
	cfg := g.Config()
	c := &g.certs
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedOnce || cfg.SMTP.TLSCert == "" {
		return nil
	}
	return g.loadTLS(cfg.SMTP.TLSCert, cfg.SMTP.TLSKey)
}

// loadTLS loads a pair over the one in force; c.mu is held.
func (g *Gateway) loadTLS(certPath, keyPath string) error {
	c := &g.certs
	c.stamp = fileStamp(certPath, keyPath)
	old := c.cur.Load()
	cert, err := loadPair(certPath, keyPath)
	if err != nil {
		g.log.Error("TLS certificate not loaded; the old one stays in force", "cert", certPath, "key", keyPath, "err", err,
			"in_force", c.cert, "in_force_expires", old.Leaf.NotAfter.UTC().Format(time.RFC3339))
		return fmt.Errorf("load TLS certificate: %w", err)
	}
	c.cur.Store(cert)
	c.cert = certPath
	if old.Leaf.Equal(cert.Leaf) {
		g.log.Debug("TLS certificate unchanged", "cert", certPath)
		return nil
	}
	g.log.Info("TLS certificate loaded", "cert", certPath, "names", strings.Join(certNames(cert.Leaf), ","),
		"expires", cert.Leaf.NotAfter.UTC().Format(time.RFC3339), "serial", cert.Leaf.SerialNumber.Text(16))
	return nil
}

// RunTLSWatch looks at the certificate files every TLSWatchInterval and
// reloads them once they have changed since they were last read and
// then stayed as they are for one interval (a renewal writes two files,
// one after the other), so a renewal takes effect even when nothing
// sends SIGHUP. A broken pair is logged once per change, not at every
// look.
func (g *Gateway) RunTLSWatch(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.clock.After(TLSWatchInterval):
		}
		g.checkTLSFiles()
	}
}

// checkTLSFiles reloads the pair when its files changed.
func (g *Gateway) checkTLSFiles() {
	cfg := g.Config()
	c := &g.certs
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedOnce || cfg.SMTP.TLSCert == "" {
		return
	}
	now := fileStamp(cfg.SMTP.TLSCert, cfg.SMTP.TLSKey)
	settled := sameFiles(now, c.seen)
	c.seen = now
	if settled && !sameFiles(now, c.stamp) {
		g.loadTLS(cfg.SMTP.TLSCert, cfg.SMTP.TLSKey)
	}
}

// loadPair reads a PEM certificate chain and its key and checks that
// they match and that the leaf parses.
func loadPair(certPath, keyPath string) (*tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return nil, err
	}
	if cert.Leaf == nil { // Go fills Leaf since 1.23; keep it certain
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil, err
		}
	}
	return &cert, nil
}

// fileStamp describes the files as they are now, following symlinks
// (certbot's live/ names point into archive/).
func fileStamp(paths ...string) []os.FileInfo {
	st := make([]os.FileInfo, len(paths))
	for i, p := range paths {
		st[i], _ = os.Stat(p)
	}
	return st
}

// sameFiles reports whether two stamps describe the same files: the
// same inode (a rename over the name is a change), size and time.
func sameFiles(a, b []os.FileInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch {
		case a[i] == nil || b[i] == nil:
			if a[i] != b[i] {
				return false
			}
		case !os.SameFile(a[i], b[i]) || a[i].Size() != b[i].Size() || !a[i].ModTime().Equal(b[i].ModTime()):
			return false
		}
	}
	return true
}

// certNames lists what a certificate is for.
func certNames(c *x509.Certificate) []string {
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	return names
}
