package ingest

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/mbox"
	"github.com/baton-mail/baton/store"
)

// writeMbox writes n historic messages from the test config's members
// as an mbox: every tenth a reply to the one before it, every
// fiftieth an auto-reply and every fiftieth (offset) from a stranger.
func writeMbox(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := mbox.NewWriter(&buf)
	from := []string{"ana@example.com", "bo@example.com", "dana@example.com"}
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		date := base.Add(time.Duration(i) * time.Minute)
		f := from[i%len(from)]
		extra, subject := "", fmt.Sprintf("update %d", i)
		switch {
		case i%50 == 7:
			extra = "Auto-Submitted: auto-replied\r\n"
		case i%50 == 8:
			f = "stranger@example.org"
		case i%10 == 9:
			extra, subject = fmt.Sprintf("In-Reply-To: <imp%d@example.com>\r\n", i-1), fmt.Sprintf("Re: update %d", i-1)
		}
		raw := fmt.Sprintf("From: %s\r\nTo: platform@baton.test\r\nSubject: %s\r\nMessage-ID: <imp%d@example.com>\r\nDate: %s\r\n%s\r\nDone:\r\n- From the archive, item %d\r\n",
			f, subject, i, date.Format(time.RFC1123Z), extra, i)
		if err := w.Write(f, date, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func importMbox(t testing.TB, f *Filer, data []byte, workers int) ImportStats {
	t.Helper()
	r := mbox.NewReader(bytes.NewReader(data))
	st, err := Import(r.Next, f.ImportMessage, workers, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestImportMboxTwice imports a mailbox with replies, auto-mail and a
// stranger's mail twice with concurrent workers: the first run files
// each member message once, dated by its Date header and threaded; the
// second finds only duplicates.
func TestImportMboxTwice(t *testing.T) {
	tg := newTestFiler(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	data := writeMbox(t, 200)
	st := importMbox(t, tg.filer, data, 8)
	want := ImportStats{Read: 200, Imported: 192, Auto: 4, NonMembers: 4}
	if st != want {
		t.Errorf("first import %+v, want %+v", st, want)
	}
	st = importMbox(t, tg.filer, data, 8)
	want = ImportStats{Read: 200, Duplicates: 192, Auto: 4, NonMembers: 4}
	if st != want {
		t.Errorf("second import %+v, want %+v", st, want)
	}
	var n int
	tg.db.ListMessages(0, func(m *store.Message) bool {
		n++
		if m.Envelope.Source != store.SourceImport || m.Envelope.Received.Year() != 2025 {
			t.Errorf("message %d: source %q received %v", m.ID, m.Envelope.Source, m.Envelope.Received)
		}
		return true
	})
	if n != 192 {
		t.Errorf("%d messages stored, want 192", n)
	}
	id, _ := tg.db.Lookup("imp19@example.com")
	parent, _ := tg.db.Lookup("imp18@example.com")
	if u, err := tg.db.GetUpdate(id); err != nil || u.Parent != parent {
		t.Errorf("imp19 parent %d (%v), want imp18 = %d", u.Parent, err, parent)
	}
}

// BenchmarkImportMbox imports a 10,000-message mbox into a fresh store
// twice; every message is stored once. -workers picks the concurrency
// (1: one fsync per message).
func BenchmarkImportMbox(b *testing.B) {
	data := writeMbox(b, 10000)
	for _, workers := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for range b.N {
				tg := newTestFiler(b, testenv.Config(b, testenv.TwoTeams), testenv.Quiet)
				tg.filer.Log = slog.New(slog.DiscardHandler)
				start := time.Now()
				first := importMbox(b, tg.filer, data, workers)
				second := importMbox(b, tg.filer, data, workers)
				if first.Imported != 9600 || second.Duplicates != 9600 || second.Imported != 0 {
					b.Fatalf("first %+v second %+v", first, second)
				}
				b.ReportMetric(float64(2*first.Read)/time.Since(start).Seconds(), "msgs/s")
			}
		})
	}
}
