package gateway

import (
	"crypto/tls"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// submissionGateway runs a gateway whose [submission] listener knows
// ana@example.com with password "ana's password"; smtp adds lines to
// [smtp].
func submissionGateway(t *testing.T, smtp string) *testGateway {
	t.Helper()
	tg := newTestGateway(t, testenv.Config(t, testenv.SubmissionConfig(t, smtp)), testenv.Quiet)
	tg.Start(t)
	return tg
}

func dialSubmission(t *testing.T, tg *testGateway) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(tg.SubmissionAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Hello("laptop.example.com"); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSubmission speaks SMTP AUTH to the submission listener: nothing
// before signing in, a wrong password refused, only one's own address
// as sender, and a signed-in update stored like any other.
func TestSubmission(t *testing.T) {
	tg := submissionGateway(t, "")
	msg := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "sub1@example.com", "Done:\r\n- sent through submission")

	c := dialSubmission(t, tg)
	if ok, _ := c.Extension("AUTH"); !ok {
		t.Fatal("submission listener does not offer AUTH")
	}
	testenv.WantSMTPError(t, c.Mail("ana@example.com", nil), 530, "authentication required")
	testenv.WantSMTPError(t, c.Auth(sasl.NewPlainClient("", "ana@example.com", "wrong")), 535, "wrong address or password")
	testenv.WantSMTPError(t, c.Auth(sasl.NewPlainClient("", "nobody@example.com", "ana's password")), 535, "wrong address or password")
	if err := c.Auth(sasl.NewPlainClient("", "Ana@Example.com", "ana's password")); err != nil {
		t.Fatalf("AUTH with the right password: %v", err)
	}
	testenv.WantSMTPError(t, c.Mail("bo@example.com", nil), 553, "signed in as ana@example.com")
	if err := c.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(msg)); err != nil {
		t.Fatalf("send after AUTH: %v", err)
	}
	id, err := tg.db.Lookup("sub1@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := tg.db.GetMessage(id)
	if m.Envelope.Source != "submission" || m.Envelope.Auth != "smtp-auth=ana@example.com" || m.Author != "ana@example.com" {
		t.Errorf("stored envelope %+v, author %q", m.Envelope, m.Author)
	}
	if u, err := tg.db.GetUpdate(id); err != nil || len(u.Parsed.Sections) == 0 {
		t.Errorf("update from submission: %+v, %v", u, err)
	}

	// The inbound listener offers no AUTH: it is for mail servers.
	in, err := smtp.Dial(tg.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	in.Hello("mx.example.com")
	if ok, _ := in.Extension("AUTH"); ok {
		t.Error("the inbound listener offers AUTH")
	}
}

// TestSubmissionAuthOnlyAfterStartTLS: with a certificate, AUTH is not
// offered on the clear connection, and works once it is encrypted.
func TestSubmissionAuthOnlyAfterStartTLS(t *testing.T) {
	tlsKeys, roots := testenv.TLSLines(t)
	tg := submissionGateway(t, tlsKeys)
	plain := dialSubmission(t, tg)
	if ok, _ := plain.Extension("AUTH"); ok {
		t.Error("AUTH offered before STARTTLS")
	}
	c, err := smtp.DialStartTLS(tg.SubmissionAddr().String(), &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", "ana@example.com", "ana's password")); err != nil {
		t.Fatalf("AUTH after STARTTLS: %v", err)
	}
	msg := testenv.Message("ana@example.com", "platform@baton.test", "tls-sub@example.com", "Done:\r\n- over TLS")
	if err := c.SendMail("ana@example.com", []string{"platform@baton.test"}, strings.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.db.Lookup("tls-sub@example.com"); err != nil {
		t.Error(err)
	}
}
