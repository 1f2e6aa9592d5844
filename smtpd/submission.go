package smtpd

import (
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/baton-mail/baton/internal/metrics"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"golang.org/x/crypto/bcrypt"
)

// The submission listener ([submission] in the config) takes mail from
// members who sign in with their address and password (AUTH PLAIN), for
// members whose own mail server cannot reach Baton. Everything after
// MAIL FROM is the inbound listener's path; the differences are here:
// no MAIL before AUTH, and one may only send as oneself.

// NewSubmission configures the submission listener; nil when the
// config has none.
func (d *Deps) NewSubmission() (*Server, error) {
	sub := d.Config().Submission
	if sub == nil {
		return nil, nil
	}
	s, err := d.newServer(sub.Listen, true)
	if err != nil {
		return nil, err
	}
	// Without a certificate the config allows only a loopback listener.
	s.srv.AllowInsecureAuth = s.srv.TLSConfig == nil
	return s, nil
}

// submitSession is a session that offers AUTH.
type submitSession struct{ *session }

func (ss *submitSession) AuthMechanisms() []string { return []string{sasl.Plain} }

// dummyHash is compared against when the address has no account, so a
// wrong address takes about as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such account"), bcrypt.DefaultCost)
	return h
})

func (ss *submitSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		host, _, _ := net.SplitHostPort(ss.remote)
		if !ss.s.rate.Allow(host, ss.s.d.Clock.Now()) {
			ss.s.d.Metrics.Refuse(metrics.ReasonRate)
			return smtpErr(454, [3]int{4, 7, 0}, fmt.Sprintf("too many attempts from %s this minute; try again later", host))
		}
		user := strings.ToLower(username)
		if err := ss.throttleAuth(host, user); err != nil { // auththrottle.go
			return err
		}
		var hash []byte
		if sub := ss.s.d.Config().Submission; sub != nil {
			hash = sub.Users[user]
		}
		known := hash != nil
		if !known {
			hash = dummyHash()
		}
		match := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
		ok := match && known && (identity == "" || strings.EqualFold(identity, user))
		ss.s.d.Auth.Done(host, user, ok, ss.s.d.Clock.Now())
		if !ok {
			ss.log.Info("refused", "user", user, "reason", "authentication failed")
			ss.s.d.Metrics.Refuse(metrics.ReasonAuth)
			return smtpErr(535, [3]int{5, 7, 8}, "authentication failed: wrong address or password")
		}
		ss.user = user
		ss.log = ss.log.With("user", user)
		return nil
	}), nil
}

// submitter checks MAIL FROM on the submission listener: signed in, and
// as the sender.
func (ss *session) submitter(from string) error {
	switch {
	case ss.user == "":
		ss.s.d.Metrics.Refuse(metrics.ReasonAuth)
		return smtpErr(530, [3]int{5, 7, 0}, "authentication required: sign in with your member address and password first (AUTH PLAIN)")
	case from != ss.user:
		ss.log.Info("refused", "from", from, "reason", "not the signed-in member")
		ss.s.d.Metrics.Refuse(metrics.ReasonAuth)
		return smtpErr(553, [3]int{5, 7, 1}, fmt.Sprintf("you are signed in as %s; send from that address", ss.user))
	}
	return nil
}
