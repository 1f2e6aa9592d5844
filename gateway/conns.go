package gateway

import (
	"bytes"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/baton-mail/baton/config"
)

// connLimiter hands out connection slots: max_connections in all and
// max_connections_per_ip from one address. A connection past either
// limit is answered 421 and closed at once, never queued unseen, and
// every accepted one is wrapped in a guardConn that enforces the
// command and DATA deadlines.
type connLimiter struct {
	net.Listener
	cfg config.SMTP
	log *slog.Logger
	m   *metrics

	mu    sync.Mutex
	total int
	byIP  map[string]int
}

func newConnLimiter(ln net.Listener, cfg config.SMTP, log *slog.Logger, m *metrics) *connLimiter {
	return &connLimiter{Listener: ln, cfg: cfg, log: log, m: m, byIP: map[string]int{}}
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip, _, _ := net.SplitHostPort(c.RemoteAddr().String())
		if msg, reason := l.take(ip); reason != "" {
			l.log.Info("refused", "remote", c.RemoteAddr().String(), "reason", msg)
			l.m.refuse(reason)
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c, "421 4.7.0 "+msg+"; try again later\r\n")
			c.Close()
			continue
		}
		return &guardConn{Conn: c, cfg: l.cfg, log: l.log, m: l.m, release: func() { l.give(ip) }}, nil
	}
}

// take claims a slot for ip, or says why there is none.
func (l *connLimiter) take(ip string) (msg, reason string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.total >= l.cfg.MaxConnections:
		return "too many connections", reasonConnections
	case l.byIP[ip] >= l.cfg.MaxConnectionsPerIP:
		return "too many connections from " + ip, reasonConnectionsPerIP
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

// guardConn sets the read deadline itself before every read, so that
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
// draining what the client still trickles.
type guardConn struct {
	net.Conn
	cfg     config.SMTP
	log     *slog.Logger
	m       *metrics
	release func()
	once    sync.Once

	mu        sync.Mutex
	midLine   bool      // the last byte read was not a line feed
	lineStart time.Time // when the partial line's first byte came
	dataEnd   time.Time // the DATA deadline; zero outside DATA
	expired   bool
}

// SetReadDeadline is ignored: Read sets the deadline.
func (c *guardConn) SetReadDeadline(time.Time) error { return nil }

// SetDeadline sets the write deadline only, for the same reason.
func (c *guardConn) SetDeadline(t time.Time) error { return c.Conn.SetWriteDeadline(t) }

func (c *guardConn) Read(b []byte) (int, error) {
	now := time.Now()
	c.mu.Lock()
	if c.expired {
		c.mu.Unlock()
		return 0, os.ErrDeadlineExceeded
	}
	deadline, reason := now.Add(c.cfg.ReadTimeout), reasonIdleTimeout
	switch {
	case !c.dataEnd.IsZero() && c.dataEnd.Before(deadline):
		deadline, reason = c.dataEnd, reasonDataTimeout
	case c.dataEnd.IsZero() && c.midLine:
		deadline, reason = c.lineStart.Add(c.cfg.CommandTimeout), reasonCommandTimeout
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
		c.log.Info("refused", "remote", c.RemoteAddr().String(), "reason", reason)
		c.m.refuse(reason)
	}
	return n, err
}

// startData starts the DATA deadline; endData ends it.
func (c *guardConn) startData(d time.Duration) {
	c.mu.Lock()
	c.dataEnd = time.Now().Add(d)
	c.mu.Unlock()
}

func (c *guardConn) endData() {
	c.mu.Lock()
	c.dataEnd, c.midLine = time.Time{}, false
	c.mu.Unlock()
}

func (c *guardConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

// guardOf finds the guardConn under a session's connection, through
// STARTTLS; nil when there is none.
func guardOf(c net.Conn) *guardConn {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	g, _ := c.(*guardConn)
	return g
}
