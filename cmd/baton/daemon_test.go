package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// daemon is `baton serve` running in a child process, started, killed
// and restarted by a test. Each start logs to its own file in logDir.
type daemon struct {
	t      *testing.T
	args   []string
	env    []string // added to the test's environment
	addr   string   // SMTP address, to know when it is up
	logDir string

	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait returns
	err    error         // cmd.Wait's result
	starts int
	logs   []string
}

// start runs the daemon and waits until its SMTP port accepts.
func (d *daemon) start() {
	d.t.Helper()
	d.starts++
	logPath := filepath.Join(d.logDir, fmt.Sprintf("serve-%d.log", d.starts))
	f, err := os.Create(logPath)
	if err != nil {
		d.t.Fatal(err)
	}
	defer f.Close()
	d.logs = append(d.logs, logPath)
	d.cmd = batonCommand(d.args...)
	d.cmd.Env = append(d.cmd.Env, d.env...)
	d.cmd.Stdout, d.cmd.Stderr = f, f
	if err := d.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	d.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) {
		d.err = cmd.Wait()
		close(exited)
	}(d.cmd, d.exited)

	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", d.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-d.exited:
			d.t.Fatalf("baton serve (start %d) exited: %v", d.starts, d.err)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("baton serve (start %d) not accepting on %s after 15s: %v", d.starts, d.addr, err)
		}
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (d *daemon) kill() {
	d.t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		d.t.Fatalf("kill: %v", err)
	}
	d.wait(10*time.Second, "SIGKILL")
}

// terminate sends SIGTERM and expects a clean exit.
func (d *daemon) terminate() {
	d.t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		d.t.Fatalf("terminate: %v", err)
	}
	d.wait(40*time.Second, "SIGTERM")
	if d.err != nil {
		d.t.Fatalf("baton serve after SIGTERM: %v", d.err)
	}
}

func (d *daemon) wait(timeout time.Duration, after string) {
	d.t.Helper()
	select {
	case <-d.exited:
	case <-time.After(timeout):
		d.t.Fatalf("baton serve still running %v after %s", timeout, after)
	}
}

// cleanup kills a daemon left running by a failed test and, when the
// test failed, shows the end of each run's log.
func (d *daemon) cleanup() {
	if d.cmd != nil && d.cmd.Process != nil {
		select {
		case <-d.exited:
		default:
			d.cmd.Process.Kill()
			<-d.exited
		}
	}
	if !d.t.Failed() {
		return
	}
	for _, p := range d.logs {
		d.t.Logf("--- %s (last lines)\n%s", filepath.Base(p), tail(p, 15))
	}
}

// countLogLines counts the lines containing substr across every run's log.
func (d *daemon) countLogLines(substr string) int {
	n := 0
	for _, p := range d.logs {
		b, err := os.ReadFile(p)
		if err != nil {
			d.t.Fatal(err)
		}
		for l := range strings.Lines(string(b)) {
			if strings.Contains(l, substr) {
				n++
			}
		}
	}
	return n
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 300 {
			line = line[:300] + "..."
		}
		lines = append(lines, line)
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	out := ""
	for _, l := range lines {
		out += l + "\n"
	}
	return out
}
