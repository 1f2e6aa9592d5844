package testenv

import (
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Relay is a go-smtp server on loopback standing in for the outbound
// relay. It records what it accepts and can refuse with 451 while down.
type Relay struct {
	Addr string
	// RejectRcpt is refused at RCPT with 550; OnePerConn drops the
	// connection at its second MAIL, as a relay with a per-connection
	// limit does. Set them before mail is sent.
	RejectRcpt string
	OnePerConn bool

	mu       sync.Mutex
	got      []Relayed
	down     bool
	refused  int // 451s given
	sessions int // connections
}

// Relayed is one message the relay accepted.
type Relayed struct {
	From string
	To   []string
	Data string
}

// NewRelay starts a relay, stopped when the test ends.
func NewRelay(t testing.TB) *Relay {
	t.Helper()
	r := &Relay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		r.mu.Lock()
		r.sessions++
		r.mu.Unlock()
		return &relaySession{r: r, conn: c}, nil
	}))
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return r
}

// SetDown makes the relay answer 451 to DATA while down.
func (r *Relay) SetDown(down bool) {
	r.mu.Lock()
	r.down = down
	r.mu.Unlock()
}

// Counts returns how many connections the relay took and how many
// 451s it gave.
func (r *Relay) Counts() (sessions, refused int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sessions, r.refused
}

// Messages returns what the relay accepted, in order.
func (r *Relay) Messages() []Relayed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Relayed(nil), r.got...)
}

// To returns the messages accepted for rcpt.
func (r *Relay) To(rcpt string) []Relayed {
	var out []Relayed
	for _, m := range r.Messages() {
		for _, t := range m.To {
			if t == rcpt {
				out = append(out, m)
			}
		}
	}
	return out
}

type relaySession struct {
	r     *Relay
	conn  *smtp.Conn
	from  string
	to    []string
	mails int
}

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error {
	s.mails++
	s.r.mu.Lock()
	drop := s.r.OnePerConn && s.mails > 1
	s.r.mu.Unlock()
	if drop { // as a relay with a per-connection limit does: 421, then close
		go func() { time.Sleep(10 * time.Millisecond); s.conn.Close() }()
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "too many messages on this connection"}
	}
	s.from = from
	return nil
}

func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if to == s.r.RejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *relaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.down {
		s.r.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	}
	s.r.got = append(s.r.got, Relayed{From: s.from, To: s.to, Data: string(b)})
	return nil
}
func (s *relaySession) Reset()        { s.to = nil }
func (s *relaySession) Logout() error { return nil }

// RelayConfig is TwoTeams sending through a relay at addr.
func RelayConfig(addr string) string {
	return TwoTeams + fmt.Sprintf("\n[relay]\naddress = %q\ntls = \"none\"\n", addr)
}
