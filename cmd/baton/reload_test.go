package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
)

// TestReloadSIGHUP sends SIGHUP to a running baton serve: a broken
// config is refused with its FILE:LINE error in the log and the old
// one keeps taking mail; a good one adding a member is put in force.
func TestReloadSIGHUP(t *testing.T) {
	o := newOpsStore(t)
	good, err := os.ReadFile(o.cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	hup := func(wantLog string) {
		t.Helper()
		before := o.srv.countLogLines(wantLog)
		if err := o.srv.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for o.srv.countLogLines(wantLog) == before {
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the log after SIGHUP", wantLog)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	os.WriteFile(o.cfgPath, append(good, "\n[[team.member]]\nname = \"Eli\"\nemail = \"eli@example.com\"\ntimezone = \"Europe/Pariss\"\n"...), 0o600)
	hup("config reload refused")
	if n := o.srv.countLogLines(filepath.Base(o.cfgPath) + `:24: member \"eli@example.com\": unknown time zone`); n != 1 {
		t.Errorf("the refusal's FILE:LINE error is logged %d times, want once", n)
	}
	if err := testenv.Send(o.addr, "ana@example.com", []string{"platform@baton.test"}, opsMessage("ana@example.com", "r1@example.com", "", "Done:\r\n- after a bad reload")); err != nil {
		t.Errorf("the old config stopped taking mail: %v", err)
	}
	if err := testenv.Send(o.addr, "eli@example.com", []string{"platform@baton.test"}, opsMessage("eli@example.com", "r2@example.com", "", "hi")); err == nil {
		t.Error("the refused config's new member was let in")
	}

	os.WriteFile(o.cfgPath, append(good, "\n[[team.member]]\nname = \"Eli\"\nemail = \"eli@example.com\"\ntimezone = \"Europe/Paris\"\n"...), 0o600)
	hup("config reloaded")
	if err := testenv.Send(o.addr, "eli@example.com", []string{"platform@baton.test"}, opsMessage("eli@example.com", "r3@example.com", "", "Done:\r\n- joined")); err != nil {
		t.Errorf("the new member's mail after the reload: %v", err)
	}
	o.srv.terminate()
	out := mustRun(t, "status", "-config", o.cfgPath)
	wantAll(t, "status after reload", out, "Eli <eli@example.com>", "Messages: 4 stored")
}
