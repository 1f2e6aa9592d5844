package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
)

// TestExportItemStates files, over SMTP, an update with a question, a
// blocker and a decision, and replies that answer, resolve and
// supersede them; the Markdown and JSON exports show each item's state,
// and a reply's text written under no heading reads as text.
func TestExportItemStates(t *testing.T) {
	o := newOpsStore(t) // #1 Ana: decision and question; #2 Bo: answers, supersedes
	for _, m := range []struct{ from, msg string }{
		{"ana@example.com", opsMessage("Ana Souza <ana@example.com>", "x3@example.com", "", "Blockers:\r\n- staging DB is read-only")},
		{"ana@example.com", opsMessage("Ana Souza <ana@example.com>", "x4@example.com", "In-Reply-To: <x3@example.com>\r\n", "Resolved, thanks.")},
	} {
		if err := testenv.Send(o.addr, m.from, []string{"platform@baton.test"}, m.msg); err != nil {
			t.Fatal(err)
		}
	}
	md := mustRun(t, "export", "-config", o.cfgPath, "-team", "platform")
	wantAll(t, "markdown export", md,
		"> In reply to #1.\n> \n> Yes, drop it.\n> \n> **Decisions**\n",
		"_Items:_\n- question: Can we drop Node 18 now? (answered by Bo Chen in #2, ",
		"- decision: Use Postgres 16 (superseded by Bo Chen in #2, ",
		"> _Items:_\n> - decision: Use Postgres 17 instead (standing)\n",
		"- blocker: staging DB is read-only (resolved by Ana Souza in #4, ",
		"> Resolved, thanks.\n")
	if strings.Contains(md, "****") {
		t.Errorf("markdown export has an empty heading:\n%s", md)
	}
	o.srv.terminate()
	var js struct {
		Updates []struct {
			ID    uint64
			Items []struct{ Kind, Text, State, By string }
		}
	}
	if err := json.Unmarshal([]byte(mustRun(t, "export", "-config", o.cfgPath, "-format", "json")), &js); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range js.Updates {
		for _, it := range u.Items {
			got[it.Kind+": "+it.Text] = strings.TrimSpace(it.State + " " + it.By)
		}
	}
	for item, want := range map[string]string{
		"question: Can we drop Node 18 now?": "answered bo@example.com",
		"decision: Use Postgres 16":          "superseded bo@example.com",
		"decision: Use Postgres 17 instead":  "standing",
		"blocker: staging DB is read-only":   "resolved ana@example.com",
	} {
		if got[item] != want {
			t.Errorf("JSON export: %s is %q, want %q", item, got[item], want)
		}
	}
}
