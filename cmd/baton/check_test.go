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
)

// TestCheckEachProblemOnce runs baton check on configs with one problem
// of each kind the first week turned up: every problem is printed once,
// at its own line.
func TestCheckEachProblemOnce(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"unknown-keys.toml", []string{
			`unknown-keys.toml:6: unknown key "team.sned_empty"`,
			`unknown-keys.toml:12: unknown key "team.member.tmezone"`,
			`unknown-keys.toml:18: unknown key "team.member.tmezone"`,
			`unknown-keys.toml:22: unknown key "team.sned_empty"`}},
		{"member.toml", []string{
			`member.toml:8: member email "ana@@example.com" is not a plain mail address`,
			`member.toml:9: member "ana@@example.com": unknown time zone "Europe/Pariss"`,
			`member.toml:10: working_hours "9-5" is not a range of times`}},
		{"ports.toml", []string{
			`ports.toml:4: listen "127.0.0.1:99999": port 99999 is out of range`,
			`ports.toml:14: address "smtp.example.com:0": port 0 is out of range`}},
		{"header.toml", []string{`header.toml:2: table header [smtp has no closing "]"; write [smtp]`}},
	} {
		code, out := runCmd("check", "-config", filepath.Join("../../config/testdata/bad", tc.file))
		if code != exitFailure {
			t.Errorf("%s: exit %d, want 1", tc.file, code)
		}
		for _, w := range tc.want {
			if n := strings.Count(out, w); n != 1 {
				t.Errorf("%s: %q printed %d times, want once:\n%s", tc.file, w, n, out)
			}
		}
		for l := range strings.Lines(out) {
			if strings.Count(out, l) != 1 {
				t.Errorf("%s: printed twice: %s", tc.file, l)
			}
		}
	}
}

// TestReloadListenPutBack: a SIGHUP with [smtp] listen changed warns
// that it waits for a restart; one with listen put back to the running
// value reloads without that warning, and the daemon keeps taking mail
// on its address.
func TestReloadListenPutBack(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
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
	if err := sendSMTP(addr, "ana@example.com", "platform@baton.test", opsMessage("ana@example.com", "h1@example.com", "", "Done:\r\n- put listen back")); err != nil {
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
