package limit

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// Labels of the connections turned away or timed out, as Conns.Refused
// gets them (the refused counter uses them).
const (
	LabelConnections      = "connections"
	LabelConnectionsPerIP = "connections_per_ip"
	LabelIdleTimeout      = "idle_timeout"
	LabelCommandTimeout   = "command_timeout"
	LabelDataTimeout      = "data_timeout"
)

// Conns are a listener's connection limits ([smtp] max_connections,
// max_connections_per_ip, read_timeout, command_timeout).
type Conns struct {
	Max, PerIP    int
	Idle, Command time.Duration
	// Refused is told of each connection turned away (why, for the
	// log) or timed out, with its label.
	Refused func(remote, why, label string)
}

// Listen wraps ln so that it hands out connection slots as c says.
func (c Conns) Listen(ln net.Listener) net.Listener {
	return &connLimiter{Listener: ln, c: c, byIP: map[string]int{}}
}

// connLimiter hands out connection slots: max_connections in all and
// max_connections_per_ip from one address. A connection past either
// limit is answered 421 and closed at once, never queued unseen, and
// every accepted one is wrapped in a Conn that enforces the
// command and DATA deadlines.
type connLimiter struct {
	net.Listener
	c Conns

	mu    sync.Mutex
	total int
	byIP  map[string]int
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip, _, _ := net.SplitHostPort(c.RemoteAddr().String())
		if msg, label := l.take(ip); label != "" {
			l.c.Refused(c.RemoteAddr().String(), msg, label)
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c, "421 4.7.0 "+msg+"; try again later\r\n")
			c.Close()
			continue
		}
		return &Conn{Conn: c, c: l.c, release: func() { l.give(ip) }}, nil
	}
}

// take claims a slot for ip, or says why there is none.
func (l *connLimiter) take(ip string) (msg, label string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.total >= l.c.Max:
		return "too many connections", LabelConnections
	case l.byIP[ip] >= l.c.PerIP:
		return "too many connections from " + ip, LabelConnectionsPerIP
	}
	l.total++
	l.byIP[ip]++
	return "", ""
}

func (l *connLimiter) give(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.byIP[ip]--; l.byIP[ip] <= 0 {
		delete(l.byIP, ip)
	}
}

// Conn sets the read deadline itself before every read, so that
// bytes trickling in cannot keep a connection alive: go-smtp's own
// deadline (read_timeout from the start of each command) is replaced by
//
//   - between commands: read_timeout of silence (RFC 5321 section
//     4.5.3.2.7 asks servers to wait 5 minutes for a command);
//   - within a command line: command_timeout from its first byte;
//   - during DATA: data_timeout from the 354, and read_timeout of
//     silence.
//
// Once a deadline passes, every later read fails at once: go-smtp then
// answers 421 (or the session 451 for a DATA) and closes, without
// draining what the client still trickles (Close).
type Conn struct {
	net.Conn
	c       Conns
	release func()
	once    sync.Once

	mu        sync.Mutex
	midLine   bool      // the last byte read was not a line feed
	lineStart time.Time // when the partial line's first byte came
	dataEnd   time.Time // the DATA deadline; zero outside DATA
	expired   bool
}

// SetReadDeadline is ignored: Read sets the deadline.
func (c *Conn) SetReadDeadline(time.Time) error { return nil }

// SetDeadline sets the write deadline only, for the same reason.
func (c *Conn) SetDeadline(t time.Time) error { return c.Conn.SetWriteDeadline(t) }

func (c *Conn) Read(b []byte) (int, error) {
	now := time.Now()
	c.mu.Lock()
	if c.expired {
		c.mu.Unlock()
		return 0, os.ErrDeadlineExceeded
	}
	deadline, label := now.Add(c.c.Idle), LabelIdleTimeout
	switch {
	case !c.dataEnd.IsZero() && c.dataEnd.Before(deadline):
		deadline, label = c.dataEnd, LabelDataTimeout
	case c.dataEnd.IsZero() && c.midLine:
		deadline, label = c.lineStart.Add(c.c.Command), LabelCommandTimeout
	}
	c.mu.Unlock()
	c.Conn.SetReadDeadline(deadline)
	n, err := c.Conn.Read(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > 0 {
		if b[n-1] == '\n' {
			c.midLine = false
		} else if !c.midLine || bytes.IndexByte(b[:n], '\n') >= 0 {
			c.midLine, c.lineStart = true, time.Now()
		}
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() && !c.expired {
		c.expired = true
		c.c.Refused(c.RemoteAddr().String(), label, label)
	}
	return n, err
}

// StartData starts the DATA deadline; EndData ends it.
func (c *Conn) StartData(d time.Duration) {
	c.mu.Lock()
	c.dataEnd = time.Now().Add(d)
	c.mu.Unlock()
}

func (c *Conn) EndData() {
	c.mu.Lock()
	c.dataEnd, c.midLine = time.Time{}, false
	c.mu.Unlock()
}

// Close sees the server's last reply delivered before the socket goes:
// closing a TCP socket with unread input makes the kernel send RST in
// place of FIN, and the client may lose the reply still in flight (the
// 221 after a pipelined QUIT, the 500 naming a too long line). So the
// first Close half-closes, then reads and drops what the client still
// sends, at most lingerBytes for lingerFor, until it closes its side.
// A connection whose deadline passed is closed at once, as before.
func (c *Conn) Close() error {
	c.once.Do(func() {
		c.linger()
		c.release()
	})
	return c.Conn.Close()
}

// The bounds of the drain after the last reply.
const (
	lingerFor   = 2 * time.Second
	lingerBytes = 1 << 20
)

func (c *Conn) linger() {
	c.mu.Lock()
	expired := c.expired
	c.mu.Unlock()
	tc, ok := c.Conn.(*net.TCPConn)
	if expired || !ok || tc.CloseWrite() != nil {
		return
	}
	tc.SetReadDeadline(time.Now().Add(lingerFor))
	io.CopyN(io.Discard, tc, lingerBytes)
}

// Of finds the Conn under a session's connection, through STARTTLS;
// nil when there is none.
func Of(c net.Conn) *Conn {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	lc, _ := c.(*Conn)
	return lc
}
