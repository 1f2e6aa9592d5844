package gateway

import (
	"fmt"
	"time"
)

// throttleAuth waits out the delay an attempt by host on user owes, or
// returns the 454 that sends it away.
func (ss *submitSession) throttleAuth(host, user string) error {
	g := ss.s.g
	wait, ok, retry := g.limits.auth.Admit(host, user, g.clock.Now())
	if !ok {
		ss.log.Info("refused", "user", user, "reason", "too many failed sign-ins", "retry_in", retry.Round(time.Second))
		g.m.refuse(reasonAuthThrottle)
		return smtpErr(454, [3]int{4, 7, 0}, fmt.Sprintf("too many failed sign-ins from %s; try again in %d seconds", host, int(retry.Round(time.Second).Seconds())))
	}
	if wait > 0 {
		ss.log.Debug("sign-in delayed", "user", user, "wait", wait)
		<-g.clock.After(wait)
	}
	return nil
}
