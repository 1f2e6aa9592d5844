package gateway

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testcert"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-smtp"
)

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
	testcert.Renew(t, dir, 1, nil)
	keys := fmt.Sprintf("\ntls_cert = %q\ntls_key = %q", filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"))
	tg := newTestGateway(t, testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"`+keys, 1)), testenv.Quiet)
	logs := &logBuffer{t: t}
	tg.Log = slog.New(slog.NewTextHandler(logs, nil))
	tg.certs.Log = tg.Log
	tg.Start(t)

	old, serial := servedSerial(t, tg.addr)
	defer old.Close()
	if serial != 1 {
		t.Fatalf("first certificate: serial %d, want 1", serial)
	}

	key2 := testcert.Renew(t, dir, 2, nil)
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
	msg := testenv.Message("ana@example.com", "platform@baton.test", "before-renewal@example.com", "Done:\r\n- sent on a connection older than the certificate")
	if err := old.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(msg)); err != nil {
		t.Fatalf("the connection made under the old certificate: %v", err)
	}
	if _, err := tg.db.Lookup("before-renewal@example.com"); err != nil {
		t.Errorf("mail on the old connection not stored: %v", err)
	}

	testcert.Renew(t, dir, 3, key2) // certificate 3 with certificate 2's key
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

	testcert.Renew(t, dir, 4, nil) // nobody sends SIGHUP
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
