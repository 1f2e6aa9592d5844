// Package smtpd is Baton's inbound SMTP: the listener for team and
// reply addresses, and the submission listener for signed-in members.
// It refuses at SMTP time, with the reason, whatever ingest would not
// file (non-members, other teams, forged reply addresses, SPF and DKIM
// failures under a require policy), holds hostile clients to the limits
// of package limit, and answers 250 only after ingest committed the
// message.
package smtpd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/certs"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/internal/limit"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/store"
	"github.com/emersion/go-smtp"
)

// Deps is what the SMTP and submission listeners share.
type Deps struct {
	*env.Env
	Filer *ingest.Filer
	Mem   *limit.Budget       // message bytes in flight ([smtp] memory_budget)
	Auth  *limit.AuthThrottle // failed sign-ins on the submission listener
	Certs *certs.Reloader     // the STARTTLS certificate
	// LookupTXT answers DNS TXT queries for SPF and DKIM.
	LookupTXT func(name string) ([]string, error)
}

// Server is Baton's inbound SMTP server: it accepts mail for team
// and reply addresses from team members only, and answers 250 only once
// the message is on disk.
type Server struct {
	d      *Deps
	srv    *smtp.Server
	rate   *limit.Rate
	connID atomic.Uint64
	ln     net.Listener
	listen string
	submit bool // the submission listener: AUTH first (submission.go)
}

// NewSMTP configures the SMTP listener from the config in force.
func (d *Deps) NewSMTP() (*Server, error) {
	return d.newServer(d.Config().SMTP.Listen, false)
}

func (d *Deps) newServer(listen string, submit bool) (*Server, error) {
	cfg := d.Config()
	s := &Server{d: d, rate: limit.NewRate(cfg.SMTP.RatePerMinute), listen: listen, submit: submit}
	srv := smtp.NewServer(s)
	srv.Domain = cfg.Domain
	srv.MaxMessageBytes = cfg.SMTP.MaxMessageSize
	srv.MaxRecipients = cfg.SMTP.MaxRecipients
	srv.MaxLineLength = cfg.SMTP.MaxLineLength + 2 // go-smtp counts the CRLF; the config does not
	srv.ReadTimeout = cfg.SMTP.ReadTimeout
	srv.WriteTimeout = cfg.SMTP.WriteTimeout
	srv.EnableSMTPUTF8 = true
	srv.ErrorLog = slog.NewLogLogger(d.Log.Handler(), slog.LevelWarn)
	if cfg.SMTP.TLSCert != "" {
		tc, err := d.Certs.Config(cfg.SMTP.TLSCert, cfg.SMTP.TLSKey) // reloaded without a restart
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = tc
	}
	s.srv = srv
	return s, nil
}

// Listen opens the listening socket, so callers know the address (port
// 0 in tests) before Serve.
func (s *Server) Listen() (net.Addr, error) {
	cfg := s.d.Config()
	ln, err := net.Listen("tcp", s.listen)
	if err != nil {
		return nil, fmt.Errorf("smtp listen: %w", err)
	}
	s.ln = limit.Conns{Max: cfg.SMTP.MaxConnections, PerIP: cfg.SMTP.MaxConnectionsPerIP, Idle: cfg.SMTP.ReadTimeout, Command: cfg.SMTP.CommandTimeout,
		Refused: func(remote, why, label string) {
			s.d.Log.Info("refused", "remote", remote, "reason", why)
			s.d.Metrics.Refuse(label)
		}}.Listen(ln)
	return ln.Addr(), nil
}

// Serve accepts connections until Shutdown.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting and waits for sessions in flight (a DATA
// being committed finishes) until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// NewSession implements smtp.Backend.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	remote := c.Conn().RemoteAddr().String()
	ss := &session{s: s, remote: remote, helo: c.Hostname(), log: s.d.Log.With("conn", s.connID.Add(1), "remote", remote), guard: limit.Of(c.Conn())}
	if s.submit {
		ss.log = ss.log.With("listener", "submission")
		return &submitSession{ss}, nil
	}
	return ss, nil
}

// session is one SMTP connection's state.
type session struct {
	s      *Server
	remote string
	helo   string
	log    *slog.Logger
	from   string // envelope sender, lower case; "" for a bounce
	rcpts  []string
	toTeam bool   // a recipient is a team address (no reply token)
	user   string // the member signed in, on the submission listener
	// declared is MAIL FROM's SIZE, guard the connection's deadlines
	// (data.go, limit.Conn).
	declared int64
	guard    *limit.Conn
}

func smtpErr(code int, enh [3]int, msg string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode(enh), Message: msg}
}

// Mail checks the envelope sender: a member, or the null sender of a
// bounce, which is recorded and never answered.
func (ss *session) Mail(from string, opts *smtp.MailOptions) error {
	if err := ss.admit(from, opts); err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(ss.remote)
	if !ss.s.rate.Allow(host, ss.s.d.Clock.Now()) {
		ss.log.Info("refused", "reason", "rate")
		ss.s.d.Metrics.Refuse(metrics.ReasonRate)
		return smtpErr(450, [3]int{4, 7, 1}, fmt.Sprintf("too many messages from %s this minute; try again later", host))
	}
	from = strings.ToLower(from)
	if ss.s.submit {
		if err := ss.submitter(from); err != nil {
			return err
		}
	}
	if from != "" && ss.s.d.Config().Member(from) == nil {
		ss.log.Info("refused", "from", from, "reason", "not a member")
		ss.s.d.Metrics.Refuse(metrics.ReasonNotMember)
		return smtpErr(550, [3]int{5, 7, 1}, fmt.Sprintf("%s is not a member of any team here; ask the Baton admin to add it to the config", from))
	}
	ss.from, ss.rcpts, ss.toTeam = from, nil, false
	return nil
}

// Rcpt accepts team addresses and valid reply addresses at the gateway's
// domain, for teams the sender is on. Anything else is refused here, so
// Baton is never an open relay and never bounces later.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	cfg := ss.s.d.Config()
	team, tok, err := ss.s.d.Filer.Resolve(cfg, to)
	var e *smtp.SMTPError
	var why string
	switch {
	case errors.Is(err, ingest.ErrNotOurs):
		e, why = smtpErr(550, [3]int{5, 7, 1}, fmt.Sprintf("relay access denied: this server only takes mail for @%s", cfg.Domain)), metrics.ReasonRelay
	case errors.Is(err, ingest.ErrNoTeam) && cfg.IsSender(to) && (ss.from == "" || cfg.Member(ss.from) != nil):
		// Baton's own sender address: bounces of and automatic replies
		// to what Baton sent, recorded and never answered. Ingest
		// refuses anything else sent here.
	case errors.Is(err, ingest.ErrNoTeam):
		e, why = smtpErr(550, [3]int{5, 1, 1}, fmt.Sprintf("%s: no team has this address", to)), metrics.ReasonNoTeam
	case err != nil:
		e, why = smtpErr(550, [3]int{5, 7, 1}, fmt.Sprintf("%s: this reply address is not valid here; reply to a recent Baton email or write to %s@%s", to, team.Address, cfg.Domain)), metrics.ReasonBadToken
	case ss.from == "":
		// A bounce to a team or reply address: take it to record it.
	case tok != nil && !tok.For(ss.from):
		e, why = smtpErr(550, [3]int{5, 7, 1}, fmt.Sprintf("%s: this reply address was sent to another member; reply from the address that received it", to)), metrics.ReasonOtherToken
	case !team.Has(cfg.Member(ss.from)):
		e, why = smtpErr(550, [3]int{5, 7, 1}, fmt.Sprintf("%s is not a member of team %s; ask the Baton admin to add it to the config", ss.from, team.Name)), metrics.ReasonNotOnTeam
	}
	if e != nil {
		ss.log.Info("refused", "from", ss.from, "rcpt", to, "reason", e.Message)
		ss.s.d.Metrics.Refuse(why)
		return e
	}
	ss.rcpts = append(ss.rcpts, strings.ToLower(to))
	ss.toTeam = ss.toTeam || tok == nil
	return nil
}

// Data reads the message and returns (the 250) only after it is
// committed. A storage failure is a temporary 451, never a 554.
func (ss *session) Data(r io.Reader) error {
	raw, done, err := ss.readData(r) // data.go: under the memory budget
	defer done()
	if err != nil {
		return err
	}
	env := store.Envelope{Source: store.SourceSMTP, Remote: ss.remote, MailFrom: ss.from, Rcpt: ss.rcpts, Received: ss.s.d.Clock.Now()}
	if ss.user != "" {
		env.Source, env.Auth = store.SourceSubmission, "smtp-auth="+ss.user
	}
	if r := ss.checkSender(raw, &env); r != nil {
		ss.log.Info("refused", "from", ss.from, "reason", r.Reason)
		ss.s.d.Metrics.Refuse(r.Label)
		return smtpErr(r.Code, r.Enhanced, r.Reason)
	}
	res, err := ss.s.d.Filer.Ingest(raw, env, nil)
	var refusal *ingest.Refusal
	switch {
	case errors.As(err, &refusal):
		ss.log.Info("refused", "from", ss.from, "msg_id", res.Parsed.MessageID, "reason", refusal.Reason)
		ss.s.d.Metrics.Refuse(refusal.Label)
		return smtpErr(refusal.Code, refusal.Enhanced, refusal.Reason)
	case err != nil:
		ss.log.Error("store failed", "from", ss.from, "err", err)
		return smtpErr(451, [3]int{4, 3, 0}, "temporary local problem storing the message; try again later")
	}
	ss.s.d.Filer.Count(env.Source, res)
	ss.log.Info("received", "id", res.ID, "msg_id", res.Parsed.MessageID, "from", ss.from, "team", res.Team,
		"class", res.Class, "parent", res.Parent, "duplicate", res.Duplicate, "size", len(raw), "warnings", len(res.Parsed.Warnings))
	return nil
}

// checkSender runs the SPF and DKIM checks the config asks for on mail
// from a member to a team address (reply addresses carry their own
// proof, signed in members have shown theirs), records their results
// in env, and returns the refusal of a check the policy requires.
func (ss *session) checkSender(raw []byte, env *store.Envelope) *ingest.Refusal {
	if !ss.toTeam || ss.from == "" || ss.user != "" {
		return nil
	}
	smtpCfg := ss.s.d.Config().SMTP
	var results []string
	if smtpCfg.SPF != config.PolicyOff {
		result, r := ss.s.d.checkSPF(ss.remote, ss.helo, ss.from, smtpCfg.SPF)
		if r != nil {
			return r
		}
		results = append(results, result)
	}
	if smtpCfg.DKIM != config.PolicyOff {
		pass, result := ss.s.d.checkDKIM(raw, ss.from)
		if !pass && smtpCfg.DKIM == config.PolicyRequire {
			return dkimRefusal(ss.from, result)
		}
		results = append(results, result)
	}
	env.Auth = strings.Join(results, "; ")
	return nil
}

func (ss *session) Reset()        { ss.rcpts, ss.toTeam = nil, false }
func (ss *session) Logout() error { return nil }
