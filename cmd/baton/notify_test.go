package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testcert"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/emersion/go-smtp"
)

// certSerial returns the serial of the certificate offered on STARTTLS.
func certSerial(t *testing.T, addr string) int64 {
	t.Helper()
	c, err := smtp.DialStartTLS(addr, &tls.Config{InsecureSkipVerify: true}) // which one, not whether trusted
	if err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	defer c.Close()
	if err := c.Noop(); err != nil { // completes the handshake
		t.Fatal(err)
	}
	st, _ := c.TLSConnectionState()
	return st.PeerCertificates[0].SerialNumber.Int64()
}

// notifySocket listens where systemd would and returns its path and a
// function that waits for the next datagram.
func notifySocket(t *testing.T) (string, func(what string) string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Skipf("no unix datagram sockets here: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return path, func(what string) string {
		t.Helper()
		buf := make([]byte, 4096)
		conn.SetReadDeadline(time.Now().Add(15 * time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("waiting for %s on the notify socket: %v", what, err)
		}
		return string(buf[:n])
	}
}

// TestSystemdNotify runs baton serve as systemd would with Type=notify:
// READY=1 once SMTP accepts, RELOADING=1 then READY=1 around a SIGHUP
// that also puts a renewed certificate in force, STOPPING=1 on SIGTERM.
func TestSystemdNotify(t *testing.T) {
	sock, next := notifySocket(t)
	dir := t.TempDir()
	testcert.Renew(t, dir, 1, nil)
	addr := testenv.FreeAddr(t)
	cfgPath := filepath.Join(dir, "baton.toml")
	cfg := strings.Replace(fmt.Sprintf(threadConfig, filepath.Join(dir, "data"), addr), "[smtp]\n",
		fmt.Sprintf("[smtp]\ntls_cert = %q\ntls_key = %q\n", filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")), 1)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	d := &daemon{t: t, args: []string{"serve", "-config", cfgPath}, env: []string{"NOTIFY_SOCKET=" + sock}, addr: addr, logDir: dir}
	t.Cleanup(d.cleanup)
	d.start()

	if got := next("READY=1"); got != "READY=1\nSTATUS=serving SMTP on "+addr {
		t.Errorf("first notification %q, want READY=1 and the SMTP address", got)
	}
	if s := certSerial(t, addr); s != 1 {
		t.Fatalf("serial %d, want 1", s)
	}

	testcert.Renew(t, dir, 2, nil) // certbot renewed; its deploy hook runs systemctl reload
	if err := d.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if got := next("RELOADING=1"); !strings.HasPrefix(got, "RELOADING=1\n") {
		t.Errorf("after SIGHUP %q, want RELOADING=1", got)
	}
	if got := next("READY=1"); got != "READY=1\nSTATUS=config reloaded" {
		t.Errorf("after the reload %q, want READY=1 and its status", got)
	}
	if s := certSerial(t, addr); s != 2 {
		t.Errorf("after SIGHUP serial %d, want the renewed certificate's 2", s)
	}

	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if got := next("STOPPING=1"); !strings.HasPrefix(got, "STOPPING=1\n") {
		t.Errorf("after SIGTERM %q, want STOPPING=1", got)
	}
	d.wait(40*time.Second, "SIGTERM")
	if d.err != nil {
		t.Errorf("baton serve after SIGTERM: %v", d.err)
	}
}

// TestRestartOnlyTLS: new certificate and key files follow a reload;
// turning STARTTLS on or off waits for a restart.
func TestRestartOnlyTLS(t *testing.T) {
	with := func(cert, key string) *config.Config {
		return &config.Config{SMTP: config.SMTP{Listen: "127.0.0.1:2525", TLSCert: cert, TLSKey: key}}
	}
	for _, tt := range []struct {
		name     string
		old, cfg *config.Config
		want     []string
	}{
		{"renewed in place", with("/etc/baton/cert.pem", "/etc/baton/key.pem"), with("/etc/baton/cert.pem", "/etc/baton/key.pem"), nil},
		{"other files", with("/etc/baton/cert.pem", "/etc/baton/key.pem"), with("/etc/letsencrypt/live/x/fullchain.pem", "/etc/letsencrypt/live/x/privkey.pem"), nil},
		{"turned on", with("", ""), with("/etc/baton/cert.pem", "/etc/baton/key.pem"), []string{"[smtp]"}},
		{"turned off", with("/etc/baton/cert.pem", "/etc/baton/key.pem"), with("", ""), []string{"[smtp]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := restartOnly(tt.old, tt.cfg); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
