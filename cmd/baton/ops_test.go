package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/report"
)

func opsMessage(from, msgid, extra, body string) string {
	return fmt.Sprintf("From: %s\r\nTo: platform@baton.test\r\nSubject: status\r\nMessage-ID: <%s>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n%s\r\n%s\r\n", from, msgid, extra, body)
}

// opsStore is a config and a store built through the SMTP path of a
// running baton serve: an update with a decision and a question, a
// reply from Bo that answers and supersedes it, and a refused message.
type opsStore struct {
	cfgPath, addr, dir string
	srv                *daemon
}

func newOpsStore(t *testing.T) *opsStore {
	t.Helper()
	dir := t.TempDir()
	o := &opsStore{dir: dir, addr: testenv.FreeAddr(t), cfgPath: filepath.Join(dir, "baton.toml")}
	if err := os.WriteFile(o.cfgPath, fmt.Appendf(nil, threadConfig, filepath.Join(dir, "data"), o.addr), 0o600); err != nil {
		t.Fatal(err)
	}
	o.srv = &daemon{t: t, args: []string{"serve", "-config", o.cfgPath}, addr: o.addr, logDir: dir}
	t.Cleanup(o.srv.cleanup)
	o.srv.start()
	for _, m := range []struct{ from, msg string }{
		{"ana@example.com", opsMessage("Ana Souza <ana@example.com>", "a@example.com", "",
			"Done:\r\n- billing | migration\r\n\r\nDecisions:\r\n- Use Postgres 16 because it has logical replication\r\n\r\nQuestions:\r\n- Can we drop Node 18 now?")},
		{"bo@example.com", opsMessage("Bo Chen <bo@example.com>", "b@example.com", "In-Reply-To: <a@example.com>\r\n",
			"Yes, drop it.\r\n\r\nDecisions:\r\n- Use Postgres 17 instead because 16 is near its end")},
	} {
		if err := testenv.Send(o.addr, m.from, []string{"platform@baton.test"}, m.msg); err != nil {
			t.Fatal(err)
		}
	}
	if err := testenv.Send(o.addr, "eve@example.com", []string{"platform@baton.test"}, opsMessage("eve@example.com", "e@example.com", "", "hi")); err == nil {
		t.Fatal("mail from a non-member was accepted")
	}
	return o
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out := runCmd(args...)
	if code != 0 {
		t.Fatalf("baton %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

func wantAll(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// TestStatusCommand reads the status while serve runs (control socket)
// and after it stopped (the store), as text and as JSON.
func TestStatusCommand(t *testing.T) {
	o := newOpsStore(t)
	check := func(how string) {
		t.Helper()
		out := mustRun(t, "status", "-config", o.cfgPath)
		wantAll(t, how+" status", out, "Messages: 2 stored (reply 1, update 1)", "Updates:  2 filed", "Team Platform (platform)",
			"Ana Souza <ana@example.com>", "last update #1 ", "next digest ", " WET = ", "Outbound queue: 0 queued",
			"Permanent failures: none", "IMAP: not configured")
		var s report.Status
		if err := json.Unmarshal([]byte(mustRun(t, "status", "-config", o.cfgPath, "-json")), &s); err != nil {
			t.Fatal(err)
		}
		if s.Messages != 2 || s.Updates != 2 || s.ByClass["reply"] != 1 || len(s.Teams) != 1 || s.Teams[0].Members[1].LastUpdateID != 2 || s.Teams[0].Members[0].NextDigest.IsZero() {
			t.Errorf("%s status JSON: %+v", how, s)
		}
	}
	check("serving")
	o.srv.terminate()
	check("stopped")
}

// TestExportCommand exports the team as Markdown, JSON and mbox, while
// serving and stopped; the mbox holds the raw messages and imports back
// as duplicates only.
func TestExportCommand(t *testing.T) {
	o := newOpsStore(t)
	md := mustRun(t, "export", "-config", o.cfgPath, "-team", "Platform", "-since", "2020-01-01")
	wantAll(t, "markdown export", md, "# Team Platform since 2020-01-01", "### #1 Ana Souza, ", " UTC: status\n",
		"- billing | migration", "> ### #2 Bo Chen", "> In reply to #1.", `| Use Postgres 16 (#1) | it has logical replication | superseded | #2: Use Postgres 17 instead (Bo Chen) |`)
	if out := mustRun(t, "export", "-config", o.cfgPath, "-since", "2999-01-01"); strings.Contains(out, "###") {
		t.Errorf("export since 2999 has updates:\n%s", out)
	}
	if code, out := runCmd("export", "-config", o.cfgPath, "-team", "nope"); code != exitFailure || !strings.Contains(out, "no such team") {
		t.Errorf("unknown team: exit %d\n%s", code, out)
	}
	o.srv.terminate()
	var js struct {
		Updates []struct {
			ID     uint64
			Parent uint64
			Thread uint64
		}
		Decisions []report.DecisionEntry
	}
	if err := json.Unmarshal([]byte(mustRun(t, "export", "-config", o.cfgPath, "-team", "platform", "-format", "json")), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Updates) != 2 || js.Updates[1].Parent != 1 || js.Updates[1].Thread != 1 || len(js.Decisions) != 2 {
		t.Errorf("json export: %+v", js)
	}
	box := mustRun(t, "export", "-config", o.cfgPath, "-team", "platform", "-format", "mbox")
	wantAll(t, "mbox export", box, "From ana@example.com ", "Message-ID: <b@example.com>\n")
	path := filepath.Join(o.dir, "out.mbox")
	os.WriteFile(path, []byte(box), 0o600)
	wantAll(t, "reimport", mustRun(t, "import", "-config", o.cfgPath, "mbox", path), "2 messages read", "0 imported, 2 duplicates")
}

// TestDecisionsCommand prints the decision log with states, by team and
// date, as Markdown and JSON, the same with serve running or not.
func TestDecisionsCommand(t *testing.T) {
	o := newOpsStore(t)
	out := mustRun(t, "decisions", "-config", o.cfgPath)
	wantAll(t, "decisions", out, "# Decision log", "| date | team | author | decision | rationale | state | superseded by |",
		" | platform | Ana Souza | Use Postgres 16 (#1) | it has logical replication | superseded | #2: Use Postgres 17 instead (Bo Chen) |",
		" | platform | Bo Chen | Use Postgres 17 instead (#2) | 16 is near its end | standing |  |")
	served := mustRun(t, "decisions", "-config", o.cfgPath, "-team", "platform", "-json")
	o.srv.terminate()
	stopped := mustRun(t, "decisions", "-config", o.cfgPath, "-team", "platform", "-json")
	if served != stopped {
		t.Errorf("decisions JSON differs with serve running:\n%s\nand stopped:\n%s", served, stopped)
	}
	var list []report.DecisionEntry
	if err := json.Unmarshal([]byte(stopped), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].State != "superseded" || list[0].SupersededBy != 2 || list[1].State != "standing" {
		t.Errorf("decisions JSON: %+v", list)
	}
	if out := mustRun(t, "decisions", "-config", o.cfgPath, "-since", "2999-01-01"); !strings.Contains(out, "No decisions recorded.") {
		t.Errorf("decisions since 2999:\n%s", out)
	}
}

// TestCompactCommand refuses while serve runs, then compacts the
// stopped store, which still holds everything.
func TestCompactCommand(t *testing.T) {
	o := newOpsStore(t)
	if code, out := runCmd("compact", "-config", o.cfgPath); code != exitFailure || !strings.Contains(out, "stop baton serve first") {
		t.Errorf("compact while serving: exit %d\n%s", code, out)
	}
	o.srv.terminate()
	wantAll(t, "compact", mustRun(t, "compact", "-config", o.cfgPath), "compacted ", " bytes")
	wantAll(t, "thread after compact", mustRun(t, "thread", "-config", o.cfgPath, "a@example.com"), "#2 Bo Chen")
}
