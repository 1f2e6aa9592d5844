package gateway

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-mail/baton/store"
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
	// sessions counts connections; rejectRcpt is refused at RCPT with
	// 550; onePerConn drops the connection at its second MAIL.
	sessions   int
	rejectRcpt string
	onePerConn bool
}

type relayed struct {
	From string
	To   []string
	Data string
}

func newTestRelay(t testing.TB) *testRelay {
	t.Helper()
	r := &testRelay{}
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
	r     *testRelay
	conn  *smtp.Conn
	from  string
	to    []string
	mails int
}

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error {
	s.mails++
	s.r.mu.Lock()
	drop := s.r.onePerConn && s.mails > 1
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
	if to == s.r.rejectRcpt {
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
	s.r.got = append(s.r.got, relayed{From: s.from, To: s.to, Data: string(b)})
	return nil
}
func (s *relaySession) Reset()        { s.to = nil }
func (s *relaySession) Logout() error { return nil }

func relayConfig(addr string) string {
	return testConfig + fmt.Sprintf("\n[relay]\naddress = %q\ntls = \"none\"\n", addr)
}

// queueTestMail queues n messages to rcpts in turn, due now.
func queueTestMail(t *testing.T, tg *testGateway, rcpts ...string) {
	t.Helper()
	for i, to := range rcpts {
		o := &store.Outbound{Key: fmt.Sprint("test/", i), Kind: "test", MessageID: fmt.Sprintf("m%d@baton.test", i), From: "baton@baton.test",
			To: []string{to}, Raw: fmt.Appendf(nil, "Subject: %d\r\n\r\nbody\r\n", i), Created: tg.clock.Now()}
		if err := tg.db.Enqueue(&store.Queueing{Out: o}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRelaySessionsPerPass: a pass over the queue sends its messages
// through at most Senders relay sessions; a recipient the relay refuses
// fails alone.
func TestRelaySessionsPerPass(t *testing.T) {
	relay := newTestRelay(t)
	relay.rejectRcpt = "gone@example.com"
	tg := newTestGateway(t, mustConfig(t, relayConfig(relay.addr)), quiet)
	rcpts := []string{"gone@example.com"}
	for range 11 {
		rcpts = append(rcpts, "ana@example.com")
	}
	queueTestMail(t, tg, rcpts...)
	tg.sendDue(context.Background())
	relay.mu.Lock()
	sessions := relay.sessions
	relay.mu.Unlock()
	if got := len(relay.messages()); got != 11 || sessions > Senders {
		t.Errorf("relay got %d messages over %d sessions, want 11 over at most %d", got, sessions, Senders)
	}
	var failed []string
	tg.db.ListOutbound(func(o *store.Outbound) bool {
		if o.State == store.OutFailed {
			failed = append(failed, o.To[0])
		} else if o.State != store.OutSent {
			t.Errorf("%s still %s", o.To[0], o.State)
		}
		return true
	})
	if len(failed) != 1 || failed[0] != "gone@example.com" {
		t.Errorf("failed: %v, want only gone@example.com", failed)
	}
}

// TestRelayDropsSession: a relay that takes one message per connection
// and then drops it delays nothing; each message goes over a new one.
func TestRelayDropsSession(t *testing.T) {
	relay := newTestRelay(t)
	relay.onePerConn = true
	tg := newTestGateway(t, mustConfig(t, relayConfig(relay.addr)), quiet)
	queueTestMail(t, tg, "ana@example.com", "bo@example.com", "dana@example.com")
	tg.sendDue(context.Background())
	if got := len(relay.messages()); got != 3 {
		t.Errorf("relay got %d messages, want 3 in one pass", got)
	}
	if q, _ := tg.db.Queued(); len(q) != 0 {
		t.Errorf("%d messages deferred", len(q))
	}
}

// BenchmarkRelaySend measures the sender draining a queue of 20 KB
// messages into a go-smtp relay on loopback, in one pass.
func BenchmarkRelaySend(b *testing.B) {
	relay := newTestRelay(b)
	tg := newTestGateway(b, mustConfig(b, relayConfig(relay.addr)), quiet)
	body := strings.Repeat("A digest line of some seventy characters, as digests are written.\r\n", 300)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		o := &store.Outbound{Key: fmt.Sprint("bench/", i), Kind: "test", MessageID: fmt.Sprintf("b%d@baton.test", i), From: "baton@baton.test",
			To: []string{"ana@example.com"}, Raw: []byte("Subject: bench\r\n\r\n" + body), Created: tg.clock.Now()}
		b.StopTimer()
		if err := tg.db.Enqueue(&store.Queueing{Out: o}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if i%100 == 99 {
			tg.sendDue(context.Background())
		}
	}
	tg.sendDue(context.Background())
	b.ReportMetric(float64(len(relay.messages()))/b.Elapsed().Seconds(), "msgs/s")
}
