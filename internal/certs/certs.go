// Package certs keeps a listener's TLS certificate in force and reads
// it again without a restart. Listeners take it from one atomic pointer
// at each handshake (tls.Config.GetCertificate), so a renewal reaches
// new connections at once and drops none: a session already encrypted
// keeps the keys it agreed. A new pair that does not load (a key that
// does not match, a half-written file) leaves the old one in force, and
// the log says so.
package certs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Reloader is the certificate in force and what it was loaded from.
// The zero value is ready once Log is set.
type Reloader struct {
	Log *slog.Logger
	cur atomic.Pointer[tls.Certificate]

	mu         sync.Mutex    // serialises loads; guards the fields below
	cert       string        // the certificate file of the pair in force
	stamp      []os.FileInfo // the files as last read (nil: missing)
	seen       []os.FileInfo // the files at the watch's last look
	loadedOnce bool
}

// Config returns the TLS config the listeners share, loading the
// certificate the first time.
func (c *Reloader) Config(certPath, keyPath string) (*tls.Config, error) {
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

func (c *Reloader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	if cert := c.cur.Load(); cert != nil {
		return cert, nil
	}
	return nil, errors.New("no TLS certificate loaded")
}

// Reload reads the pair and puts it in force for new connections. A
// pair that does not load is logged and returned, and the old
// certificate stays. Before Config loaded one, or with no certPath,
// there is nothing to reload: turning TLS on or off waits for a restart.
func (c *Reloader) Reload(certPath, keyPath string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedOnce || certPath == "" {
		return nil
	}
	return c.load(certPath, keyPath)
}

// load loads a pair over the one in force; c.mu is held.
func (c *Reloader) load(certPath, keyPath string) error {
	c.stamp = fileStamp(certPath, keyPath)
	old := c.cur.Load()
	cert, err := loadPair(certPath, keyPath)
	if err != nil {
		c.Log.Error("TLS certificate not loaded; the old one stays in force", "cert", certPath, "key", keyPath, "err", err,
			"in_force", c.cert, "in_force_expires", old.Leaf.NotAfter.UTC().Format(time.RFC3339))
		return fmt.Errorf("load TLS certificate: %w", err)
	}
	c.cur.Store(cert)
	c.cert = certPath
	if old.Leaf.Equal(cert.Leaf) {
		c.Log.Debug("TLS certificate unchanged", "cert", certPath)
		return nil
	}
	c.Log.Info("TLS certificate loaded", "cert", certPath, "names", strings.Join(certNames(cert.Leaf), ","),
		"expires", cert.Leaf.NotAfter.UTC().Format(time.RFC3339), "serial", cert.Leaf.SerialNumber.Text(16))
	return nil
}

// Check is one look at the pair's files, to be made at a steady
// interval: it reloads them once they have changed since they were last
// read and then stayed as they are until the next look (a renewal
// writes two files, one after the other). A broken pair is logged once
// per change, not at every look.
func (c *Reloader) Check(certPath, keyPath string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedOnce || certPath == "" {
		return
	}
	now := fileStamp(certPath, keyPath)
	settled := sameFiles(now, c.seen)
	c.seen = now
	if settled && !sameFiles(now, c.stamp) {
		c.load(certPath, keyPath)
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
