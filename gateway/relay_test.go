package gateway

import (
	"fmt"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// testRelay is a go-smtp server standing in for the outbound relay. It
// records what it accepts and can refuse with 451 while down is set.
type testRelay struct {
	addr string
	mu   sync.Mutex
	got  []relayed
	down bool
	// refused counts the 451s given.
	refused int
}

type relayed struct {
	From string
	To   []string
	Data string
}

func newTestRelay(t *testing.T) *testRelay {
	t.Helper()
	r := &testRelay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{r: r}, nil }))
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return r
}

func (r *testRelay) setDown(down bool) {
	r.mu.Lock()
	r.down = down
	r.mu.Unlock()
}

// messages returns what the relay accepted, in order.
func (r *testRelay) messages() []relayed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]relayed(nil), r.got...)
}

// to returns the messages accepted for rcpt.
func (r *testRelay) to(rcpt string) []relayed {
	var out []relayed
	for _, m := range r.messages() {
		for _, t := range m.To {
			if t == rcpt {
				out = append(out, m)
			}
		}
	}
	return out
}

type relaySession struct {
	r    *testRelay
	from string
	to   []string
}

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
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
	s.r.got = append(s.r.got, relayed{From: s.from, To: s.to, Data: string(b)})
	return nil
}
func (s *relaySession) Reset()        { s.to = nil }
func (s *relaySession) Logout() error { return nil }

func relayConfig(addr string) string {
	return testConfig + fmt.Sprintf("\n[relay]\naddress = %q\ntls = \"none\"\n", addr)
}
