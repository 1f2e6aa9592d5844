package smtpd

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// limitsServer runs a test gateway with extra [smtp] lines.
func limitsServer(t *testing.T, smtpLines string) *testServer {
	t.Helper()
	return startServer(t, testenv.Config(t, testenv.SMTPConfig(smtpLines)))
}

// dialFrom opens a raw connection to addr from the loopback address
// local and reads the greeting line.
func dialFrom(t *testing.T, local, addr string) (net.Conn, *bufio.Reader, string) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("greeting: %v", err)
	}
	return c, r, line
}

// readUntilClosed returns every line the server sends until it closes
// the connection, waiting at most 10 s.
func readUntilClosed(t *testing.T, c net.Conn, r *bufio.Reader) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	rest, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("connection not closed by the server: %v (read %q)", err, rest)
	}
	return string(rest)
}

// TestSlowlorisOtherAddressDelivers holds many connections from
// 127.0.0.2 that trickle a command and never finish it: past the
// per-address limit they are turned away with 421, a member on
// 127.0.0.1 still delivers, and the trickling ones are closed once
// command_timeout runs out.
func TestSlowlorisOtherAddressDelivers(t *testing.T) {
	ts := limitsServer(t, "max_connections = 8\nmax_connections_per_ip = 4\ncommand_timeout = \"1s\"")
	type held struct {
		c net.Conn
		r *bufio.Reader
	}
	var drips []held
	refused := 0
	for range 20 {
		c, r, greeting := dialFrom(t, "127.0.0.2", ts.addr)
		switch {
		case strings.HasPrefix(greeting, "220 "):
			io.WriteString(c, "EHLO drip\r\nNOO") // a command never finished
			drips = append(drips, held{c, r})
		case strings.HasPrefix(greeting, "421 4.7.0 too many connections from 127.0.0.2"):
			refused++
		default:
			t.Fatalf("greeting %q", greeting)
		}
	}
	if len(drips) != 4 || refused != 16 {
		t.Fatalf("%d connections held, %d refused; want 4 and 16", len(drips), refused)
	}
	msg := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "drip@example.com", "Done:\r\n- delivered past the drip")
	if err := testenv.Send(ts.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
		t.Fatalf("member on 127.0.0.1: %v", err)
	}
	for i, d := range drips {
		if got := readUntilClosed(t, d.c, d.r); !strings.Contains(got, "421 4.4.2") {
			t.Errorf("drip %d: server said %q before closing; want a 421", i, got)
		}
	}
	// The slots are free again.
	_, _, greeting := dialFrom(t, "127.0.0.2", ts.addr)
	if !strings.HasPrefix(greeting, "220 ") {
		t.Errorf("after the timeouts: %q", greeting)
	}
}

// TestDataTimeout starts a message and stops sending: data_timeout
// after the 354 the client gets 451 and the connection closes.
func TestDataTimeout(t *testing.T) {
	ts := limitsServer(t, "data_timeout = \"1s\"")
	c, r, _ := dialFrom(t, "127.0.0.1", ts.addr)
	io.WriteString(c, "HELO x\r\nMAIL FROM:<ana@example.com>\r\nRCPT TO:<platform@baton.test>\r\nDATA\r\nSubject: half\r\n\r\nDone:\r\n")
	got := readUntilClosed(t, c, r)
	if !strings.Contains(got, "451 4.4.2 the message did not arrive within 1s") {
		t.Errorf("server said %q; want 451 4.4.2 naming the data timeout", got)
	}
}

// TestMaxLineLengthExcludesCRLF: max_line_length counts the characters
// of a line, without its CRLF.
func TestMaxLineLengthExcludesCRLF(t *testing.T) {
	ts := limitsServer(t, "max_line_length = 200")
	for _, tc := range []struct {
		n    int
		want int // 0: accepted
	}{{199, 0}, {200, 0}, {201, 500}} {
		msg := testenv.Message("ana@example.com", "platform@baton.test", fmt.Sprintf("line%d@example.com", tc.n), "Done:\r\n"+strings.Repeat("x", tc.n))
		err := testenv.Send(ts.addr, "ana@example.com", []string{"platform@baton.test"}, msg)
		if tc.want == 0 && err != nil {
			t.Errorf("%d characters: %v", tc.n, err)
		}
		if tc.want != 0 {
			testenv.WantSMTPError(t, err, tc.want, "a line is longer than 200 bytes")
		}
	}
}

// TestLastReplyBeforeClose: a client that pipelines past QUIT, or
// sends a line over max_line_length with more behind it, still reads
// the server's last reply, and the connection ends with FIN, not a
// reset that would drop that reply.
func TestLastReplyBeforeClose(t *testing.T) {
	ts := limitsServer(t, "max_line_length = 200")
	for _, tc := range []struct{ name, input, want string }{
		{"quit", "EHLO a\r\nQUIT\r\n" + strings.Repeat("NOOP\r\n", 2000), "221 "},
		{"long line", "EHLO a\r\nMAIL FROM:<" + strings.Repeat("x", 300) + ">\r\n" + strings.Repeat("NOOP\r\n", 2000), "500 "},
	} {
		c, r, _ := dialFrom(t, "127.0.0.1", ts.addr)
		io.WriteString(c, tc.input)
		c.(*net.TCPConn).CloseWrite()
		if got := readUntilClosed(t, c, r); !strings.Contains(got, tc.want) {
			t.Errorf("%s: server said %q; want a %sreply", tc.name, got, tc.want)
		}
	}
}

// TestMemoryBudget fills the budget with one message in flight: a
// second waits for it and is taken once it is committed; a third,
// waiting past budgetWait, gets 452 4.3.1.
func TestMemoryBudget(t *testing.T) {
	ts := limitsServer(t, "max_message_size = \"100KB\"\nmemory_budget = \"300KB\"")
	big := testenv.Message("ana@example.com", "platform@baton.test", "held@example.com", "Done:\r\n"+strings.Repeat("a line of the update\r\n", 5000))[:90000]
	start := func(id string) (*smtp.Client, io.WriteCloser) {
		c, err := smtp.Dial(ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if err := c.Mail("ana@example.com", &smtp.MailOptions{Size: 90000}); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("platform@baton.test", nil); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		return c, w
	}
	_, holder := start("held")
	io.WriteString(holder, big[:1000])
	testenv.WaitFor(t, "the first message's reservation", func() bool { used, _ := ts.smtp.Mem.State(); return used > 0 })

	done := make(chan error, 1)
	go func() {
		_, w := start("second")
		io.WriteString(w, testenv.Message("ana@example.com", "platform@baton.test", "second@example.com", "Done:\r\n- waited"))
		done <- w.Close()
	}()
	testenv.WaitFor(t, "the second message to wait", func() bool { _, waiting := ts.smtp.Mem.State(); return waiting == 1 })
	io.WriteString(holder, big[1000:]+"\r\n")
	if err := holder.Close(); err != nil {
		t.Fatalf("first message: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("second message: %v", err)
	}

	_, holder = start("held again")
	io.WriteString(holder, "Subject: x\r\n")
	testenv.WaitFor(t, "the reservation", func() bool { used, _ := ts.smtp.Mem.State(); return used > 0 })
	go func() {
		_, w := start("third")
		io.WriteString(w, testenv.Message("ana@example.com", "platform@baton.test", "third@example.com", "Done:\r\n- gave up"))
		done <- w.Close()
	}()
	testenv.WaitFor(t, "the third message to wait", func() bool { _, waiting := ts.smtp.Mem.State(); return waiting == 1 })
	ts.clock.Advance(budgetWait)
	testenv.WantSMTPError(t, <-done, 452, "too many large messages")
}

// TestBounceSize: the null sender needs no membership, so a bounce is
// taken only up to maxBounceSize, declared or not.
func TestBounceSize(t *testing.T) {
	ts := limitsServer(t, "")
	c, err := smtp.Dial(ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	testenv.WantSMTPError(t, c.Mail("", &smtp.MailOptions{Size: maxBounceSize + 1}), 552, "bounces (MAIL FROM:<>) larger than")
	bounce := "From: MAILER-DAEMON@example.com\r\nSubject: Undelivered Mail\r\n\r\n" + strings.Repeat("returned text of the message\r\n", maxBounceSize/30+10)
	testenv.WantSMTPError(t, testenv.Send(ts.addr, "", []string{"platform@baton.test"}, bounce), 552, "bounces (MAIL FROM:<>) larger than")
	small := "From: MAILER-DAEMON@example.com\r\nSubject: Undelivered Mail\r\nMessage-ID: <b1@example.com>\r\n\r\nThe message could not be delivered.\r\n"
	if err := testenv.Send(ts.addr, "", []string{"platform@baton.test"}, small); err != nil {
		t.Errorf("small bounce: %v", err)
	}
}

// TestAuthThrottleOverSMTP: after many failures from 127.0.0.1 its next
// attempt is answered 454 at once, while the right password from
// 127.0.0.2 still signs in, after the account's delay.
func TestAuthThrottleOverSMTP(t *testing.T) {
	ts := startServer(t, testenv.Config(t, testenv.SubmissionConfig(t, "")))
	for range 12 {
		ts.smtp.Auth.Done("127.0.0.1", "ana@example.com", false, ts.clock.Now())
	}
	c, err := smtp.Dial(ts.SubmissionAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("laptop.example.com"); err != nil {
		t.Fatal(err)
	}
	testenv.WantSMTPError(t, c.Auth(sasl.NewPlainClient("", "ana@example.com", "guess")), 454, "too many failed sign-ins from 127.0.0.1")

	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
	conn, err := d.Dial("tcp", ts.SubmissionAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	c2 := smtp.NewClient(conn)
	defer c2.Close()
	if err := c2.Hello("laptop.example.com"); err != nil {
		t.Fatal(err)
	}
	waiters := ts.clock.Waiters()
	done := make(chan error, 1)
	go func() { done <- c2.Auth(sasl.NewPlainClient("", "ana@example.com", "ana's password")) }()
	testenv.WaitFor(t, "the account's delay", func() bool { return ts.clock.Waiters() > waiters })
	ts.clock.Advance(8 * time.Second) // the account's longest delay (limit.authMaxDelayUser)
	if err := <-done; err != nil {
		t.Errorf("right password from 127.0.0.2: %v", err)
	}
}
