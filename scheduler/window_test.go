package scheduler

import (
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// TestWindowRelinksLateParent: a reply cached in the scheduler's window
// before its parent arrived must show under the parent once it does.
func TestWindowRelinksLateParent(t *testing.T) {
	ts := newTestScheduler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	reply := "From: bo@example.com\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <r1@example.com>\r\nIn-Reply-To: <p1@example.com>\r\nReferences: <p1@example.com>\r\n\r\nI can take the DNS change.\r\n"
	parent := testenv.Message("ana@example.com", "platform@baton.test", "p1@example.com", "Blockers:\r\n- waiting on the DNS change")
	if _, err := ts.filer.File([]byte(reply)); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.window(testenv.Quiet.Add(time.Minute)); err != nil { // caches the reply, parentless
		t.Fatal(err)
	}
	res, err := ts.filer.File([]byte(parent))
	if err != nil {
		t.Fatal(err)
	}
	w, err := ts.window(testenv.Quiet.Add(2 * time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	kids := w.children[res.ID]
	if len(kids) != 1 || kids[0].Parsed.MessageID != "r1@example.com" {
		t.Errorf("children of the late parent in the window: %v; want the earlier reply", kids)
	}
}

// TestWindowReadsOlderThreads: the window keeps whole only the updates
// a digest could show as new, yet a new reply under a five-day-old
// update still shows under it, with the older reply too.
func TestWindowReadsOlderThreads(t *testing.T) {
	ts := newTestScheduler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	at := func(d time.Duration) store.Envelope {
		return store.Envelope{Source: "file", Received: testenv.Quiet.Add(-d)}
	}
	root := testenv.Message("ana@example.com", "platform@baton.test", "old@example.com", "Done:\r\n- shipped the quota service")
	older := "From: bo@example.com\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <a@example.com>\r\nIn-Reply-To: <old@example.com>\r\n\r\nDoes it cover the batch jobs?\r\n"
	fresh := "From: dana@example.com\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <b@example.com>\r\nIn-Reply-To: <old@example.com>\r\n\r\nThe dashboards show it working.\r\n"
	var ids []uint64
	for i, m := range []struct {
		raw string
		age time.Duration
	}{{root, 5 * 24 * time.Hour}, {older, 4 * 24 * time.Hour}, {fresh, time.Hour}} {
		res, err := ts.filer.Ingest([]byte(m.raw), at(m.age), nil)
		if err != nil || i > 0 && res.Parent != ids[0] {
			t.Fatalf("message %d: %+v, %v", i, res, err)
		}
		ids = append(ids, res.ID)
	}
	w, err := ts.loadWindow(testenv.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:2] {
		if _, ok := w.byID[id]; ok {
			t.Errorf("the window holds update %d, older than any digest's start", id)
		}
	}
	raw, _, err := ts.PreviewDigest(ts.Config().Member("bo@example.com"), testenv.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, want := range []string{"shipped the quota service", "Does it cover the batch jobs?", "The dashboards show it working."} {
		if !strings.Contains(strings.ReplaceAll(text, "=\r\n", ""), want) {
			t.Errorf("digest lacks %q", want)
		}
	}
}

// TestWindowAdoptedOlderReply: a reply that arrived days before its
// parent, so older than the window's whole updates, still shows under
// the parent once it arrives.
func TestWindowAdoptedOlderReply(t *testing.T) {
	ts := newTestScheduler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	reply := "From: bo@example.com\r\nTo: platform@baton.test\r\nSubject: Re: status\r\nMessage-ID: <early@example.com>\r\nIn-Reply-To: <late@example.com>\r\n\r\nI took the pager rotation.\r\n"
	parent := testenv.Message("ana@example.com", "platform@baton.test", "late@example.com", "Done:\r\n- rotated the pager schedule")
	if _, err := ts.filer.Ingest([]byte(reply), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-3 * 24 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.filer.Ingest([]byte(parent), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	raw, _, err := ts.PreviewDigest(ts.Config().Member("dana@example.com"), testenv.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(raw), "=\r\n", "")
	for _, want := range []string{"rotated the pager schedule", "I took the pager rotation."} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q", want)
		}
	}
}

// TestWindowAfterImport: history imported after today's mail, with its
// own old dates, hides nothing of today from the digest.
func TestWindowAfterImport(t *testing.T) {
	ts := newTestScheduler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	live := testenv.Message("ana@example.com", "platform@baton.test", "live@example.com", "Done:\r\n- cut the release branch")
	old := testenv.Message("bo@example.com", "platform@baton.test", "old@example.com", "Done:\r\n- something last year")
	if _, err := ts.filer.Ingest([]byte(live), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.filer.Ingest([]byte(old), store.Envelope{Source: "file", Received: testenv.Quiet.Add(-365 * 24 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	raw, _, err := ts.PreviewDigest(ts.Config().Member("dana@example.com"), testenv.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(raw), "=\r\n", "")
	if !strings.Contains(text, "cut the release branch") || strings.Contains(text, "something last year") {
		t.Errorf("digest after an import:\n%s", text)
	}
}
