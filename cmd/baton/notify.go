package main

import (
	"log/slog"
	"net"
	"os"
	"strings"
)

// notifier speaks systemd's readiness protocol (sd_notify(3)) for a unit
// of Type=notify: one datagram of NAME=VALUE lines to the unix socket
// named by $NOTIFY_SOCKET ("@name" is in the abstract namespace). Without
// that variable, as outside systemd, every method does nothing.
type notifier struct {
	conn *net.UnixConn
	log  *slog.Logger
}

// newNotifier connects to $NOTIFY_SOCKET when it is set. A socket that
// cannot be reached is logged, not fatal: systemd then times the start
// out, which says more than a daemon that refuses to run.
func newNotifier(log *slog.Logger) *notifier {
	n := &notifier{log: log}
	name := os.Getenv("NOTIFY_SOCKET")
	if name == "" {
		return n
	}
	if name[0] == '@' {
		name = "\x00" + name[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		log.Error("systemd notify socket", "err", err)
		return n
	}
	n.conn = conn
	return n
}

// send writes one state message, lines joined by newlines.
func (n *notifier) send(lines ...string) {
	if n.conn == nil {
		return
	}
	if _, err := n.conn.Write([]byte(strings.Join(lines, "\n"))); err != nil {
		n.log.Warn("systemd notify", "err", err)
	}
}

// ready says the listeners are open: systemd starts dependent units and
// `systemctl start` returns.
func (n *notifier) ready(smtp net.Addr) {
	n.send("READY=1", "STATUS=serving SMTP on "+smtp.String())
}

// reloading and reloaded bracket a SIGHUP reload; status says how it
// went, for `systemctl status`.
func (n *notifier) reloading() { n.send("RELOADING=1", "STATUS=reloading the config") }
func (n *notifier) reloaded(status string) {
	n.send("READY=1", "STATUS="+status)
}

// stopping says shutdown has begun (messages in flight finish first).
func (n *notifier) stopping() {
	n.send("STOPPING=1", "STATUS=finishing messages in flight and stopping")
}

func (n *notifier) close() {
	if n.conn != nil {
		n.conn.Close()
	}
}
