package smtpd

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-msgauth/dkim"
)

// dkimSigner signs as domain with one ed25519 key and answers the DNS
// query for it.
type dkimSigner struct {
	domain string
	key    ed25519.PrivateKey
}

func newDKIMSigner(t *testing.T, domain string) *dkimSigner {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &dkimSigner{domain: domain, key: key}
}

func (s *dkimSigner) sign(t *testing.T, msg string) string {
	var out bytes.Buffer
	if err := dkim.Sign(&out, strings.NewReader(msg), &dkim.SignOptions{Domain: s.domain, Selector: "sel", Signer: s.key}); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func (s *dkimSigner) lookup(name string) ([]string, error) {
	if name != "sel._domainkey."+s.domain {
		return nil, errors.New("no such record")
	}
	return []string{"v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(s.key.Public().(ed25519.PublicKey))}, nil
}

func TestSMTPDKIMPolicy(t *testing.T) {
	good := newDKIMSigner(t, "example.com")
	other := newDKIMSigner(t, "example.org")
	lookup := func(name string) ([]string, error) {
		if strings.HasSuffix(name, "example.org") {
			return other.lookup(name)
		}
		return good.lookup(name)
	}
	msg := func(id string) string {
		return testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", id, "Done:\r\n- signed update")
	}
	for _, c := range []struct {
		name, policy, raw string
		code              int // 0: accepted
		auth              string
	}{
		{"require, signed by the sender's domain", "require", good.sign(t, msg("d1@x")), 0, "dkim=pass header.d=example.com"},
		{"require, unsigned", "require", msg("d2@x"), 550, ""},
		{"require, signed by another domain", "require", other.sign(t, msg("d3@x")), 550, ""},
		{"require, body changed after signing", "require", strings.Replace(good.sign(t, msg("d4@x")), "signed update", "forged update", 1), 550, ""},
		{"record, unsigned is accepted and recorded", "record", msg("d5@x"), 0, "dkim=none"},
		{"off, nothing recorded", "off", msg("d6@x"), 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testenv.Config(t, strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
dkim = "`+c.policy+`"`, 1))
			ts := newTestServer(t, cfg, testenv.Quiet)
			ts.smtp.LookupTXT = lookup
			ts.start(t)
			err := testenv.Send(ts.addr, "ana@example.com", []string{"platform@baton.test"}, c.raw)
			wantSenderCheck(t, ts, err, c.code, "no valid DKIM signature for example.com", metrics.ReasonDKIM, c.auth)
		})
	}
}
