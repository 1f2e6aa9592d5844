package gateway

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testcert"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-smtp"
)

// testCertFiles writes a throwaway certificate and key for 127.0.0.1
// and returns the [smtp] lines naming them, and a pool that trusts it.
func testCertFiles(t *testing.T) (string, *x509.CertPool) {
	t.Helper()
	serverTLS, roots := testcert.Server(t)
	dir := t.TempDir()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: serverTLS.Certificates[0].Certificate[0]})
	keyDER, err := x509.MarshalECPrivateKey(serverTLS.Certificates[0].PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return fmt.Sprintf("\ntls_cert = %q\ntls_key = %q", filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")), roots
}

// TestSMTPStartTLSAndExtensions: with a certificate configured the
// server offers STARTTLS, and it always offers 8BITMIME and SMTPUTF8; a
// member's UTF-8 mail over TLS is stored.
func TestSMTPStartTLSAndExtensions(t *testing.T) {
	tlsKeys, roots := testCertFiles(t)
	cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"`+tlsKeys, 1))
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)

	c, err := smtp.DialStartTLS(tg.addr, &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	defer c.Close()
	if _, ok := c.TLSConnectionState(); !ok {
		t.Fatal("connection is not encrypted after STARTTLS")
	}
	for _, ext := range []string{"8BITMIME", "SMTPUTF8"} {
		if ok, _ := c.Extension(ext); !ok {
			t.Errorf("server does not offer %s", ext)
		}
	}
	msg := testenv.Message("Jörg Müller <ana@example.com>", "platform@baton.test", "utf8@example.com", "Erledigt:\r\n- Grüße aus Köln, die Migration läuft")
	msg = strings.Replace(msg, "Subject: status", "Subject: Status für Dienstag", 1)
	if err := c.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	id, err := tg.db.Lookup("utf8@example.com")
	if err != nil {
		t.Fatal(err)
	}
	u, err := tg.db.GetUpdate(id)
	if err != nil || u.Parsed.Subject != "Status für Dienstag" || !strings.Contains(u.Parsed.Body, "Grüße aus Köln") {
		t.Errorf("UTF-8 update: %+v, %v", u.Parsed, err)
	}
}
