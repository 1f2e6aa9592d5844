package gateway

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// renewedPair writes a self-signed certificate for 127.0.0.1 with the
// given serial, and its key (a fresh one unless key is given), the way
// certbot and acme.sh do: a new file renamed over the old name. It
// returns the key, to build a mismatched pair with.
func renewedPair(t *testing.T, dir string, serial int64, key *ecdsa.PrivateKey) *ecdsa.PrivateKey {
	t.Helper()
	fresh, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: "baton test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &fresh.PublicKey, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if key == nil {
		key = fresh
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	for name, block := range map[string]*pem.Block{
		"cert.pem": {Type: "CERTIFICATE", Bytes: der},
		"key.pem":  {Type: "EC PRIVATE KEY", Bytes: keyDER},
	} {
		tmp := filepath.Join(dir, name+".new")
		if err := os.WriteFile(tmp, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return fresh
}

// servedSerial does STARTTLS on a new connection and returns it with
// the serial of the certificate the server offered.
func servedSerial(t *testing.T, addr string) (*smtp.Client, int64) {
	t.Helper()
	// Which certificate is offered is the point, not whether it is trusted.
	c, err := smtp.DialStartTLS(addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	if err := c.Noop(); err != nil { // EHLO again, over TLS: the handshake is done
		t.Fatal(err)
	}
	st, ok := c.TLSConnectionState()
	if !ok {
		t.Fatal("no TLS after STARTTLS")
	}
	return c, st.PeerCertificates[0].SerialNumber.Int64()
}

// logBuffer is a log destination tests can read while the gateway writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	t  *testing.T
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Output().Write(p)
	return l.b.Write(p)
}

func (l *logBuffer) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), substr)
}

// TestTLSRenewal: a renewed certificate is offered to new connections
// after ReloadTLS (SIGHUP) while a connection encrypted under the old
// one keeps working; a pair whose key does not match is refused with an
// error in the log and the certificate in force stays; a renewal nobody
// signals is found by the file watch.
func TestTLSRenewal(t *testing.T) {
	dir := t.TempDir()
	renewedPair(t, dir, 1, nil)
	keys := fmt.Sprintf("\ntls_cert = %q\ntls_key = %q", filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"))
	tg := newTestGateway(t, mustConfig(t, strings.Replace(testConfig, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"`+keys, 1)), quiet)
	logs := &logBuffer{t: t}
	tg.log = slog.New(slog.NewTextHandler(logs, nil))
	tg.certs.Log = tg.log
	tg.Start(t)

	old, serial := servedSerial(t, tg.addr)
	defer old.Close()
	if serial != 1 {
		t.Fatalf("first certificate: serial %d, want 1", serial)
	}

	key2 := renewedPair(t, dir, 2, nil)
	if err := tg.ReloadTLS(); err != nil {
		t.Fatalf("reload of a good pair: %v", err)
	}
	if logs.count("TLS certificate loaded") != 1 {
		t.Error("the log does not say the renewed certificate was loaded")
	}
	c, serial := servedSerial(t, tg.addr)
	c.Close()
	if serial != 2 {
		t.Errorf("after the reload: serial %d, want 2", serial)
	}
	msg := testMessage("ana@example.com", "platform@baton.test", "before-renewal@example.com", "Done:\r\n- sent on a connection older than the certificate")
	if err := old.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(msg)); err != nil {
		t.Fatalf("the connection made under the old certificate: %v", err)
	}
	if _, err := tg.db.Lookup("before-renewal@example.com"); err != nil {
		t.Errorf("mail on the old connection not stored: %v", err)
	}

	renewedPair(t, dir, 3, key2) // certificate 3 with certificate 2's key
	if err := tg.ReloadTLS(); err == nil {
		t.Error("a certificate with another certificate's key was loaded")
	}
	if logs.count("TLS certificate not loaded; the old one stays in force") != 1 {
		t.Error("the log does not say the broken pair was refused")
	}
	c, serial = servedSerial(t, tg.addr)
	c.Close()
	if serial != 2 {
		t.Errorf("after a broken pair: serial %d, want 2 still", serial)
	}

	renewedPair(t, dir, 4, nil) // nobody sends SIGHUP
	deadline := time.Now().Add(10 * time.Second)
	for logs.count("TLS certificate loaded") < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the file watch did not load the renewed certificate")
		}
		tg.clock.Advance(TLSWatchInterval)
		time.Sleep(10 * time.Millisecond) // polling the log, with the deadline above
	}
	c, serial = servedSerial(t, tg.addr)
	c.Close()
	if serial != 4 {
		t.Errorf("after the watch: serial %d, want 4", serial)
	}
	if n := logs.count("TLS certificate not loaded"); n != 1 {
		t.Errorf("the broken pair was reported %d times, want once", n)
	}
}
