package smtpd

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"blitiri.com.ar/go/spf"
	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/metrics"
)

// spfTimeout bounds the DNS work of one SPF check.
const spfTimeout = 20 * time.Second

// checkSPF evaluates the sender domain's SPF record (RFC 7208) for the
// client's address, and returns the result for the record in
// Authentication-Results style and, when policy is require and the
// result is not pass, the refusal.
func (d *Deps) checkSPF(remote, helo, sender, policy string) (string, *ingest.Refusal) {
	host, _, _ := net.SplitHostPort(remote)
	ip := net.ParseIP(host)
	_, domain, _ := strings.Cut(sender, "@")
	ctx, cancel := context.WithTimeout(context.Background(), spfTimeout)
	defer cancel()
	res, err := spf.CheckHostWithSender(ip, helo, sender, spf.WithContext(ctx), spf.WithResolver(spfResolver{d.lookupTXT}))
	result := fmt.Sprintf("spf=%s smtp.mailfrom=%s", res, domain)
	if res == spf.PermError && err != nil {
		result += fmt.Sprintf(" (%v)", err)
	}
	if policy != config.PolicyRequire || res == spf.Pass {
		return result, nil
	}
	switch res {
	case spf.TempError:
		return result, ingest.Refuse(metrics.ReasonSPF, 451, [3]int{4, 7, 24}, "the SPF check of %s could not finish (%s); try again later", domain, result)
	case spf.PermError:
		return result, ingest.Refuse(metrics.ReasonSPF, 550, [3]int{5, 7, 24}, "the SPF record of %s is broken (%s); ask your mail admin to fix it", domain, result)
	case spf.Fail:
		return result, ingest.Refuse(metrics.ReasonSPF, 550, [3]int{5, 7, 23}, "%s is not allowed to send mail for %s by its SPF record (%s); send through your domain's own mail server", host, domain, result)
	}
	return result, ingest.Refuse(metrics.ReasonSPF, 550, [3]int{5, 7, 23}, "no SPF record of %s says %s may send its mail (%s); this server requires an SPF pass, so send through your domain's own mail server or ask its admin to publish one", domain, host, result)
}

// spfResolver answers SPF's TXT queries as DKIM's are answered (so
// tests can give their own), the others from the system's resolver.
type spfResolver struct {
	lookupTXT func(string) ([]string, error)
}

func (r spfResolver) LookupTXT(_ context.Context, name string) ([]string, error) {
	return r.lookupTXT(name)
}

func (spfResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	return net.DefaultResolver.LookupMX(ctx, name)
}

func (spfResolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	return net.DefaultResolver.LookupIPAddr(ctx, host)
}

func (spfResolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	return net.DefaultResolver.LookupAddr(ctx, addr)
}
