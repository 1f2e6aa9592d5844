package gateway

import (
	"testing"
	"time"
)

// TestWindowRelinksLateParent: a reply cached in the scheduler's window
// before its parent arrived must show under the parent once it does.
func TestWindowRelinksLateParent(t *testing.T) {
	tg := newTestGateway(t, mustConfig(t, testConfig), quiet)
	reply := "From: bo@example.com\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <r1@example.com>\r\nIn-Reply-To: <p1@example.com>\r\nReferences: <p1@example.com>\r\n\r\nI can take the DNS change.\r\n"
	parent := testMessage("ana@example.com", "platform@baton.test", "p1@example.com", "Blockers:\r\n- waiting on the DNS change")
	if _, err := tg.IngestFile([]byte(reply)); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.window(quiet.Add(time.Minute)); err != nil { // caches the reply, parentless
		t.Fatal(err)
	}
	res, err := tg.IngestFile([]byte(parent))
	if err != nil {
		t.Fatal(err)
	}
	w, err := tg.window(quiet.Add(2 * time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	kids := w.children[res.ID]
	if len(kids) != 1 || kids[0].Parsed.MessageID != "r1@example.com" {
		t.Errorf("children of the late parent in the window: %v; want the earlier reply", kids)
	}
}
