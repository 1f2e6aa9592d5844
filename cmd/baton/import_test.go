package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand imports a Maildir and an mbox into the store of a
// stopped daemon and into a running one (through its control socket):
// members' mail is filed once, dated by its Date header and threaded;
// auto-mail and strangers are skipped and counted.
func TestImportCommand(t *testing.T) {
	o := newOpsStore(t) // serving, with a.example.com and b.example.com filed
	md := filepath.Join(o.dir, "Maildir")
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	msgs := []string{
		"From: Ana Souza <ana@example.com>\r\nTo: platform@baton.test\r\nSubject: history\r\nMessage-ID: <h1@example.com>\r\nDate: Tue, 04 Mar 2025 09:00:00 +0000\r\n\r\nDone:\r\n- the old thing\r\n",
		"From: Bo Chen <bo@example.com>\r\nTo: platform@baton.test\r\nSubject: Re: history\r\nMessage-ID: <h2@example.com>\r\nIn-Reply-To: <h1@example.com>\r\nDate: Tue, 04 Mar 2025 10:00:00 +0000\r\n\r\nNice.\r\n",
		"From: Ana Souza <ana@example.com>\r\nTo: platform@baton.test\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <h3@example.com>\r\n\r\nAway.\r\n",
		"From: eve@example.org\r\nTo: platform@baton.test\r\nSubject: hi\r\nMessage-ID: <h4@example.com>\r\n\r\nhello\r\n",
		// already filed over SMTP
		opsMessage("Ana Souza <ana@example.com>", "a@example.com", "", "Done:\r\n- billing | migration"),
	}
	for i, m := range msgs {
		if err := os.WriteFile(filepath.Join(md, "cur", fmt.Sprintf("17000000%02d.M1P1.host:2,S", i)), []byte(m), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := mustRun(t, "import", "-config", o.cfgPath, "maildir", md)
	wantAll(t, "maildir import while serving", out, "5 messages read", "2 imported, 1 duplicates, 1 auto-mail skipped, 1 non-members skipped, 0 failed")
	o.srv.terminate()
	wantAll(t, "thread", mustRun(t, "thread", "-config", o.cfgPath, "h2@example.com"), "#3 Ana Souza <ana@example.com>, Tue 2025-03-04 09:00 WET: ", "  #4 Bo Chen")

	var box strings.Builder
	for i := range 3 {
		fmt.Fprintf(&box, "From bo@example.com Mon Mar  3 09:00:00 2025\nFrom: Bo Chen <bo@example.com>\nTo: platform@baton.test\nSubject: mbox %d\nMessage-ID: <mb%d@example.com>\nDate: Mon, 03 Mar 2025 09:00:00 +0000\n\nDone:\n>From the archive, item %d\n\n", i, i, i)
	}
	path := filepath.Join(o.dir, "old.mbox")
	os.WriteFile(path, []byte(box.String()), 0o600)
	wantAll(t, "mbox import", mustRun(t, "import", "-config", o.cfgPath, "mbox", path), "3 messages read", "3 imported, 0 duplicates")
	wantAll(t, "mbox reimport", mustRun(t, "import", "-config", o.cfgPath, "mbox", path), "0 imported, 3 duplicates")
	wantAll(t, "export", mustRun(t, "export", "-config", o.cfgPath, "-team", "platform"), "- From the archive, item 2")
	if code, out := runCmd("import", "-config", o.cfgPath, "mbox", filepath.Join(md, "cur", "1700000000.M1P1.host:2,S")); code != exitFailure || !strings.Contains(out, "not an mbox") {
		t.Errorf("import of a non-mbox: exit %d\n%s", code, out)
	}
	if code, _ := runCmd("import", "-config", o.cfgPath, "tarball", path); code != exitUsage {
		t.Errorf("unknown source kind: exit %d, want %d", code, exitUsage)
	}
}
