package gateway

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/baton-mail/baton/internal/metrics"
)

// The admin listener (/healthz, /metrics) is for a monitor scraping
// now and then: a few connections, short timeouts, small headers.
const (
	adminMaxConns    = 16
	adminIdleTimeout = time.Minute
	adminReadTimeout = 10 * time.Second
	adminWriteTime   = 30 * time.Second
)

// adminServer is an http.Server with the admin listener's limits.
func adminServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: adminReadTimeout,
		ReadTimeout:       adminReadTimeout,
		WriteTimeout:      adminWriteTime,
		IdleTimeout:       adminIdleTimeout,
		MaxHeaderBytes:    16 << 10,
	}
}

// capListener answers 503 and closes a connection past max open ones.
type capListener struct {
	net.Listener
	log *slog.Logger
	m   *metrics.Metrics

	mu   sync.Mutex
	open int
	max  int
}

func (l *capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		ok := l.open < l.max
		if ok {
			l.open++
		}
		l.mu.Unlock()
		if ok {
			return &releaseConn{Conn: c, release: func() { l.mu.Lock(); l.open--; l.mu.Unlock() }}, nil
		}
		l.log.Info("refused", "listener", "admin", "remote", c.RemoteAddr().String(), "reason", "too many connections")
		l.m.Refuse(metrics.ReasonAdminConnections)
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 21\r\nConnection: close\r\n\r\ntoo many connections\n")
		c.Close()
	}
}

type releaseConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *releaseConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
