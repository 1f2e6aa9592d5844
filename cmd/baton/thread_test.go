package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/store"
)

const threadConfig = `domain = "baton.test"
data_dir = %q

[smtp]
listen = %q

[[team]]
name = "Platform"
address = "platform"

[[team.member]]
name = "Ana Souza"
email = "ana@example.com"
timezone = "Europe/Lisbon"

[[team.member]]
name = "Bo Chen"
email = "bo@example.com"
timezone = "Asia/Singapore"
`

// TestThreadCommand files an update and a reply, prints their thread
// from the stopped store by Message-ID and by update ID, then again
// while baton serve holds the store (through its control socket); the
// same for `baton digest`, and a backup taken meanwhile opens and holds
// the thread.
func TestThreadCommand(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfgPath := filepath.Join(dir, "baton.toml")
	// Every day a workday: the digest asked for is due whatever today is.
	src := strings.Replace(threadConfig, "address = \"platform\"\n", "address = \"platform\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n", 1)
	if src == threadConfig {
		t.Fatal("threadConfig's team address line changed; update this test")
	}
	if err := os.WriteFile(cfgPath, fmt.Appendf(nil, src, filepath.Join(dir, "data"), addr), 0o600); err != nil {
		t.Fatal(err)
	}
	msgs := map[string]string{
		"a.eml": "From: Ana Souza <ana@example.com>\r\nTo: platform@baton.test\r\nSubject: status\r\nMessage-ID: <a@example.com>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nQuestions:\r\n- Can we drop Node 18 now?\r\n",
		"b.eml": "From: Bo Chen <bo@example.com>\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <b@example.com>\r\nIn-Reply-To: <a@example.com>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nYes, drop it.\r\n",
	}
	var files []string
	for _, name := range []string{"a.eml", "b.eml"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(msgs[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if code, out := runCmd(append([]string{"ingest", "-config", cfgPath}, files...)...); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, out)
	}
	check := func(how, id string) {
		t.Helper()
		code, out := runCmd("thread", "-config", cfgPath, id)
		if code != 0 {
			t.Fatalf("%s: thread %s: exit %d\n%s", how, id, code, out)
		}
		for _, want := range []string{"#1 Ana Souza <ana@example.com>, ", "    question: Can we drop Node 18 now? [answered by Bo Chen, ", "\n  #2 Bo Chen <bo@example.com>, ", ": Yes, drop it.\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: thread %s lacks %q:\n%s", how, id, want, out)
			}
		}
	}
	check("stopped", "<a@example.com>")
	check("stopped", "2")
	// ingest stamped the mail with the real clock: the digest is asked
	// for an hour later, whatever today is.
	at := time.Now().Add(time.Hour)
	sgt, err := time.LoadLocation("Asia/Singapore")
	if err != nil {
		t.Fatal(err)
	}
	wantID := "Message-Id: <digest." + at.In(sgt).Format(time.DateOnly) + "."
	digest := func(how string) string {
		t.Helper()
		code, out := runCmd("digest", "-config", cfgPath, "-for", "Bo@example.com", "-at", at.Format(time.RFC3339))
		if code != 0 || !strings.Contains(out, wantID) || !strings.Contains(out, "Can we drop Node 18 now?") {
			t.Fatalf("%s: digest: exit %d\n%s", how, code, out)
		}
		return out
	}
	stopped := digest("stopped")
	// Ana posted today, unless her day turns before at: the prompt says
	// so, or is the one she would get.
	prompt := func(how string) {
		t.Helper()
		code, out := runCmd("prompt", "-config", cfgPath, "-for", "ana@example.com", "-at", at.Format(time.RFC3339))
		if code != 0 || !strings.Contains(out, "nothing would be sent to ana@example.com at ") && !strings.Contains(out, "Hi Ana,") {
			t.Fatalf("%s: prompt: exit %d\n%s", how, code, out)
		}
	}
	prompt("stopped")
	// backup copies the store itself, or asks the daemon holding it.
	backup := func(how, path string) {
		t.Helper()
		code, out := runCmd("backup", "-config", cfgPath, path)
		if code != 0 {
			t.Fatalf("%s: backup: exit %d\n%s", how, code, out)
		}
		fi, err := os.Stat(path)
		if err != nil || out != fmt.Sprintf("wrote %s (%d bytes)\n", path, fi.Size()) {
			t.Errorf("%s: backup said %q; the file: %v", how, out, err)
		}
		copied, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := copied.Lookup("b@example.com"); err != nil {
			t.Errorf("%s: the backup lacks the reply: %v", how, err)
		}
		copied.Close()
	}
	backup("stopped", filepath.Join(dir, "stopped.db"))
	if code, out := runCmd("thread", "-config", cfgPath, "nobody@example.com"); code != exitFailure || !strings.Contains(out, "no update") {
		t.Errorf("unknown ID: exit %d\n%s", code, out)
	}

	srv := &daemon{t: t, args: []string{"serve", "-config", cfgPath}, addr: addr, logDir: dir}
	t.Cleanup(srv.cleanup)
	srv.start()
	check("serving", "b@example.com")
	msgID := func(s string) string {
		_, id, _ := strings.Cut(s, "Message-Id: ")
		id, _, _ = strings.Cut(id, "\r\n")
		return id
	}
	prompt("serving")
	if serving := digest("serving"); msgID(serving) != msgID(stopped) {
		t.Errorf("the daemon's digest is %s, the stopped store's %s", msgID(serving), msgID(stopped))
	}
	if code, out := runCmd("digest", "-config", cfgPath, "-for", "nobody@example.com"); code != exitFailure || !strings.Contains(out, "not a member") {
		t.Errorf("digest for a stranger while serving: exit %d\n%s", code, out)
	}
	backup("serving", filepath.Join(dir, "copy.db"))
	if code, out := runCmd("thread", "-config", cfgPath, "nobody@example.com"); code != exitFailure || !strings.Contains(out, "404") {
		t.Errorf("unknown ID while serving: exit %d\n%s", code, out)
	}
	srv.terminate()
}

// runCmd runs baton in this process and returns its exit code and
// combined output.
func runCmd(args ...string) (int, string) {
	var out bytes.Buffer
	code := run(args, &out, &out)
	return code, out.String()
}
