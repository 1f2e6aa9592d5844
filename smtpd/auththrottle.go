package smtpd

import (
	"fmt"
	"time"

	"github.com/baton-mail/baton/internal/metrics"
)

// throttleAuth waits out the delay an attempt by host on user owes, or
// returns the 454 that sends it away.
func (ss *submitSession) throttleAuth(host, user string) error {
	d := ss.s.d
	wait, ok, retry := d.Auth.Admit(host, user, d.Clock.Now())
	if !ok {
		ss.log.Info("refused", "user", user, "reason", "too many failed sign-ins", "retry_in", retry.Round(time.Second))
		d.Metrics.Refuse(metrics.ReasonAuthThrottle)
		return smtpErr(454, [3]int{4, 7, 0}, fmt.Sprintf("too many failed sign-ins from %s; try again in %d seconds", host, int(retry.Round(time.Second).Seconds())))
	}
	if wait > 0 {
		ss.log.Debug("sign-in delayed", "user", user, "wait", wait)
		<-d.Clock.After(wait)
	}
	return nil
}
