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

// BenchmarkSubjectReply files replies that carry no threading headers,
// only "Re: <subject>", into a store holding two weeks of updates (the
// thread window): each is threaded under its root by subject.
func BenchmarkSubjectReply(b *testing.B) {
	const updates = 5000
	tf := newTestFiler(b, testenv.Config(b, testenv.TwoTeams), testenv.Quiet)
	tf.filer.Log = slog.New(slog.DiscardHandler)
	var box bytes.Buffer
	w := mbox.NewWriter(&box)
	from := []string{"ana@example.com", "bo@example.com", "dana@example.com"}
	step := 13 * 24 * time.Hour / updates
	for i := range updates {
		date := testenv.Quiet.Add(-13 * 24 * time.Hour).Add(time.Duration(i) * step)
		raw := fmt.Sprintf("From: %s\r\nTo: platform@baton.test\r\nSubject: billing shard %d\r\nMessage-ID: <s%d@example.com>\r\nDate: %s\r\n\r\nDone:\r\n- moved billing shard %d\r\n",
			from[i%3], i, i, date.Format(time.RFC1123Z), i)
		if err := w.Write(from[i%3], date, []byte(raw)); err != nil {
			b.Fatal(err)
		}
	}
	r := mbox.NewReader(&box)
	if st, err := Import(r.Next, tf.filer.ImportMessage, 8, nil); err != nil || st.Imported != updates {
		b.Fatalf("fill: %+v, %v", st, err)
	}
	for i := 0; b.Loop(); i++ {
		root := i * 7 % updates
		raw := fmt.Sprintf("From: dana@example.com\r\nTo: platform@baton.test\r\nSubject: Re: billing shard %d\r\nMessage-ID: <r%d@example.com>\r\n\r\nThanks, shard %d looks right.\r\n", root, i, root)
		res, err := tf.filer.Ingest([]byte(raw), store.Envelope{Source: store.SourceFile, Received: testenv.Quiet}, nil)
		if err != nil || res.Parent == 0 {
			b.Fatalf("reply %d: parent %d, %v", i, res.Parent, err)
		}
	}
}
