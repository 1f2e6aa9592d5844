package smtpd

import (
	"crypto/tls"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-smtp"
)

// TestSMTPStartTLSAndExtensions: with a certificate configured the
// server offers STARTTLS, and it always offers 8BITMIME and SMTPUTF8; a
// member's UTF-8 mail over TLS is stored.
func TestSMTPStartTLSAndExtensions(t *testing.T) {
	tlsKeys, roots := testenv.TLSLines(t)
	cfg := testenv.Config(t, testenv.SMTPConfig(tlsKeys))
	ts := newTestServer(t, cfg, testenv.Quiet)
	ts.start(t)

	c, err := smtp.DialStartTLS(ts.addr, &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"})
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
	id, err := ts.db.Lookup("utf8@example.com")
	if err != nil {
		t.Fatal(err)
	}
	u, err := ts.db.GetUpdate(id)
	if err != nil || u.Parsed.Subject != "Status für Dienstag" || !strings.Contains(u.Parsed.Body, "Grüße aus Köln") {
		t.Errorf("UTF-8 update: %+v, %v", u.Parsed, err)
	}
}
