package smtpd

import (
	"bytes"
	"fmt"
	"net"
	"strings"

	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/emersion/go-msgauth/dkim"
)

// maxDKIMSignatures bounds the work one message can cause.
const maxDKIMSignatures = 5

// checkDKIM verifies raw's DKIM signatures (RFC 6376) and reports
// whether one of them is valid for the sender's domain or a parent of
// it (relaxed alignment, as DMARC does), with a result for the record
// in Authentication-Results style.
func (d *Deps) checkDKIM(raw []byte, sender string) (pass bool, result string) {
	_, domain, _ := strings.Cut(sender, "@")
	verifs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{LookupTXT: d.lookupTXT, MaxVerifications: maxDKIMSignatures})
	if err != nil && len(verifs) == 0 {
		return false, fmt.Sprintf("dkim=permerror (%v)", err)
	}
	if len(verifs) == 0 {
		return false, "dkim=none"
	}
	var failed []string
	for _, v := range verifs {
		switch {
		case v.Err != nil:
			failed = append(failed, fmt.Sprintf("dkim=fail header.d=%s (%v)", v.Domain, v.Err))
		case aligned(v.Domain, domain):
			return true, "dkim=pass header.d=" + v.Domain
		default:
			failed = append(failed, fmt.Sprintf("dkim=pass header.d=%s (not the sender's domain %s)", v.Domain, domain))
		}
	}
	return false, strings.Join(failed, "; ")
}

// aligned reports whether signing domain d is the sender's domain or a
// parent of it.
func aligned(d, sender string) bool {
	d, sender = strings.ToLower(d), strings.ToLower(sender)
	return d == sender || strings.HasSuffix(sender, "."+d)
}

// dkimRefusal is the 5.7.20 reply (RFC 7372) for mail the policy refuses.
func dkimRefusal(sender, result string) *ingest.Refusal {
	_, domain, _ := strings.Cut(sender, "@")
	return ingest.Refuse(metrics.ReasonDKIM, 550, [3]int{5, 7, 20}, "no valid DKIM signature for %s (%s); this server requires one, ask your mail admin to sign outgoing mail", domain, result)
}

// lookupTXT is Deps.LookupTXT, or the resolver's without one.
func (d *Deps) lookupTXT(name string) ([]string, error) {
	if d.LookupTXT != nil {
		return d.LookupTXT(name)
	}
	return net.LookupTXT(name)
}
