package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
)

// TestReloadListenPutBack: a SIGHUP with [smtp] listen changed warns
// that it waits for a restart; one with listen put back to the running
// value reloads without that warning, and the daemon keeps taking mail
// on its address.
func TestReloadListenPutBack(t *testing.T) {
	dir := t.TempDir()
	addr := testenv.FreeAddr(t)
	cfgPath := filepath.Join(dir, "baton.toml")
	running := fmt.Sprintf(threadConfig, filepath.Join(dir, "data"), addr)
	if err := os.WriteFile(cfgPath, []byte(running), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startLogged(t, "serve", "-config", cfgPath)
	srv.waitLine("baton serving")

	moved := strings.Replace(running, addr, "127.0.0.1:1", 1)
	if err := os.WriteFile(cfgPath, []byte(moved), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.hup()
	srv.waitLine("config reloaded")
	if l := srv.waitLine("take effect only after a restart"); !strings.Contains(l, "[smtp]") {
		t.Errorf("the warning does not name [smtp]: %s", l)
	}

	if err := os.WriteFile(cfgPath, []byte(running), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.hup()
	srv.waitLine("config reloaded")
	if err := testenv.Send(addr, "ana@example.com", []string{"platform@baton.test"}, opsMessage("ana@example.com", "h1@example.com", "", "Done:\r\n- put listen back")); err != nil {
		t.Fatalf("mail after the second reload: %v", err)
	}
	srv.waitLine("received")
	srv.stop()
	n := 0
	for _, l := range srv.lines {
		if strings.Contains(l, "take effect only after a restart") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d restart warnings in the log, want 1 (for the first reload only)", n)
	}
}

// logged is baton running in a child process whose log the test reads
// line by line as it is written.
type logged struct {
	t      *testing.T
	proc   *os.Process
	ch     chan string
	exited chan struct{}
	lines  []string // read so far
}

func startLogged(t *testing.T, args ...string) *logged {
	t.Helper()
	cmd := batonCommand(args...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l := &logged{t: t, proc: cmd.Process, ch: make(chan string, 100), exited: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			l.ch <- sc.Text()
		}
		close(l.ch)
		cmd.Wait()
		close(l.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-l.exited:
		default:
			l.proc.Kill()
			for range l.ch {
			}
			<-l.exited
		}
		if t.Failed() {
			t.Logf("serve log:\n%s", strings.Join(l.lines, "\n"))
		}
	})
	return l
}

// waitLine returns the next log line containing substr, failing the test
// after 15s or when the process ends first.
func (l *logged) waitLine(substr string) string {
	l.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case line, ok := <-l.ch:
			if !ok {
				l.t.Fatalf("baton exited before logging %q", substr)
			}
			l.lines = append(l.lines, line)
			if strings.Contains(line, substr) {
				return line
			}
		case <-deadline:
			l.t.Fatalf("no %q in the log after 15s", substr)
		}
	}
}

func (l *logged) hup() {
	l.t.Helper()
	if err := l.proc.Signal(syscall.SIGHUP); err != nil {
		l.t.Fatal(err)
	}
}

// stop sends SIGTERM and reads the log to its end.
func (l *logged) stop() {
	l.t.Helper()
	if err := l.proc.Signal(syscall.SIGTERM); err != nil {
		l.t.Fatal(err)
	}
	l.waitLine("stopped")
	for line := range l.ch {
		l.lines = append(l.lines, line)
	}
}

// TestServeListenFlag runs the example config unchanged on another
// port, as the README's Quickstart suggests when 2525 is taken: mail is
// taken there, and a SIGHUP keeps the flag's address without warning
// that [smtp] changed.
func TestServeListenFlag(t *testing.T) {
	src, err := os.ReadFile("../../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(t.TempDir(), "baton.toml")
	if err := os.WriteFile(cfgPath, src, 0o600); err != nil {
		t.Fatal(err)
	}
	addr := testenv.FreeAddr(t)
	srv := startLogged(t, "serve", "-config", cfgPath, "-listen", addr)
	if l := srv.waitLine("baton serving"); !strings.Contains(l, "smtp="+addr) {
		t.Errorf("serving elsewhere: %s", l)
	}
	msg := "From: ana@example.com\r\nSubject: Tuesday\r\n\r\nDone:\r\n- billing migration\r\n"
	if err := testenv.Send(addr, "ana@example.com", []string{"platform@baton.example.com"}, msg); err != nil {
		t.Fatalf("mail on -listen %s: %v", addr, err)
	}
	srv.waitLine("received")
	srv.hup()
	srv.waitLine("config reloaded")
	srv.stop()
	for _, l := range srv.lines {
		if strings.Contains(l, "restart") {
			t.Errorf("a reload with -listen warns: %s", l)
		}
	}
	if code, out := runCmd("serve", "-config", cfgPath, "-listen", "2526"); code != exitFailure || !strings.Contains(out, `-listen flag: listen "2526" is not host:port`) {
		t.Errorf("a bad -listen: exit %d\n%s", code, out)
	}
}
