package gateway

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
)

// TestAdminConnectionCap: the admin listener serves adminMaxConns open
// connections and answers 503 to the next, and has an idle timeout.
func TestAdminConnectionCap(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams+"\n[admin]\nlisten = \"127.0.0.1:0\"\n"), testenv.Quiet)
	tg.Start(t)
	for range adminMaxConns {
		c, err := net.Dial("tcp", tg.AdminAddr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	c, err := net.Dial("tcp", tg.AdminAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, _ := io.ReadAll(c)
	if !strings.HasPrefix(string(got), "HTTP/1.1 503") {
		t.Errorf("connection past the cap got %q; want a 503", got)
	}
	if s := adminServer(nil); s.IdleTimeout <= 0 || s.ReadTimeout <= 0 {
		t.Errorf("admin server timeouts: idle %v read %v", s.IdleTimeout, s.ReadTimeout)
	}
}
