package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-smtp"
)

// benchMessageSize is the size of the status messages the benchmarks
// send (issue 4 measures with 4 KB messages).
const benchMessageSize = 4096

// BenchmarkSMTPIngest measures durable ingest over real SMTP on
// loopback: each of sessions senders keeps one go-smtp connection open
// and sends 4 KB status updates with unique Message-IDs; every 250 comes
// after the parse and the fsynced commit.
func BenchmarkSMTPIngest(b *testing.B) {
	for _, sessions := range []int{1, 32} {
		b.Run(fmt.Sprintf("sessions=%d", sessions), func(b *testing.B) {
			lg := startLoopbackGateway(b, nil)
			benchSMTP(b, lg.addr, sessions)
		})
	}
}

// BenchmarkSMTPNullServer is the reference point: a bare go-smtp server
// whose Data reads and discards the message, driven by the same client.
func BenchmarkSMTPNullServer(b *testing.B) {
	for _, sessions := range []int{1, 32} {
		b.Run(fmt.Sprintf("sessions=%d", sessions), func(b *testing.B) {
			benchSMTP(b, startNullServer(b), sessions)
		})
	}
}

// benchSMTP sends b.N messages to addr over sessions connections held
// open for the whole run and reports msgs/s.
func benchSMTP(b *testing.B, addr string, sessions int) {
	clients := make([]*smtp.Client, sessions)
	for i := range clients {
		c, err := smtp.Dial(addr)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Hello("bench.example.com"); err != nil {
			b.Fatal(err)
		}
		clients[i] = c
	}
	b.Cleanup(func() {
		for _, c := range clients {
			c.Quit()
			c.Close()
		}
	})
	b.SetBytes(benchMessageSize)
	b.ResetTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	for s, c := range clients {
		from := loopbackMembers[s%len(loopbackMembers)]
		msgs := newMessageMaker(from)
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				if err := c.SendMail(from, []string{"platform@baton.test"}, bytes.NewReader(msgs.next(i))); err != nil {
					b.Errorf("session %d: %v", s, err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// messageMaker makes the benchmark's status messages from one
// template, only the number in the Message-ID changing, so the client
// costs the server under test as little CPU as a remote one would.
type messageMaker struct {
	msg   []byte
	holes []int // offsets of the number
}

const messageHole = "000000000000"

func newMessageMaker(from string) *messageMaker {
	m := &messageMaker{msg: testenv.Update(from, "bench-"+messageHole+"@example.com", benchMessageSize)}
	for off := 0; ; {
		i := bytes.Index(m.msg[off:], []byte(messageHole))
		if i < 0 {
			return m
		}
		m.holes = append(m.holes, off+i)
		off += i + len(messageHole)
	}
}

// next returns message n; the slice is reused by the next call.
func (m *messageMaker) next(n int64) []byte {
	var num [len(messageHole)]byte
	for i := len(num) - 1; i >= 0; i, n = i-1, n/10 {
		num[i] = byte('0' + n%10)
	}
	for _, h := range m.holes {
		copy(m.msg[h:], num[:])
	}
	return m.msg
}

// startNullServer serves SMTP on loopback with a backend that accepts
// everything and stores nothing.
func startNullServer(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := smtp.NewServer(nullBackend{})
	s.Domain = "baton.test"
	s.MaxMessageBytes = 25 << 20
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	tb.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			tb.Errorf("null server: %v", err)
		}
	})
	return ln.Addr().String()
}

type nullBackend struct{}

func (nullBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return nullSession{}, nil }

type nullSession struct{}

func (nullSession) Mail(string, *smtp.MailOptions) error { return nil }
func (nullSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (nullSession) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}
func (nullSession) Reset()        {}
func (nullSession) Logout() error { return nil }
