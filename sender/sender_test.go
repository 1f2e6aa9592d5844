package sender

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// testSender is a sender on a temp store and a fake clock.
type testSender struct {
	*Sender
	db    *store.DB
	clock *clocktest.Fake
}

func newTestSender(t testing.TB, cfg *config.Config, now time.Time) *testSender {
	t.Helper()
	e, c := testenv.Env(t, cfg, now)
	return &testSender{Sender: New(e), db: e.DB, clock: c}
}

// queueTestMail queues n messages to rcpts in turn, due now.
func queueTestMail(t *testing.T, ts *testSender, rcpts ...string) {
	t.Helper()
	for i, to := range rcpts {
		o := &store.Outbound{Key: fmt.Sprint("test/", i), Kind: "test", MessageID: fmt.Sprintf("m%d@baton.test", i), From: "baton@baton.test",
			To: []string{to}, Raw: fmt.Appendf(nil, "Subject: %d\r\n\r\nbody\r\n", i), Created: ts.clock.Now()}
		if err := ts.db.Enqueue(&store.Queueing{Out: o}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRelaySessionsPerPass: a pass over the queue sends its messages
// through at most senders relay sessions; a recipient the relay refuses
// fails alone.
func TestRelaySessionsPerPass(t *testing.T) {
	relay := testenv.NewRelay(t)
	relay.RejectRcpt = "gone@example.com"
	ts := newTestSender(t, testenv.Config(t, testenv.RelayConfig(relay.Addr)), testenv.Quiet)
	rcpts := []string{"gone@example.com"}
	for range 11 {
		rcpts = append(rcpts, "ana@example.com")
	}
	queueTestMail(t, ts, rcpts...)
	ts.sendDue(context.Background())
	sessions, _ := relay.Counts()
	if got := len(relay.Messages()); got != 11 || sessions > senders {
		t.Errorf("relay got %d messages over %d sessions, want 11 over at most %d", got, sessions, senders)
	}
	var failed []string
	ts.db.ListOutbound(func(o *store.Outbound) bool {
		if o.State == store.OutFailed {
			failed = append(failed, o.To[0])
		} else if o.State != store.OutSent {
			t.Errorf("%s still %s", o.To[0], o.State)
		}
		return true
	})
	if len(failed) != 1 || failed[0] != "gone@example.com" {
		t.Errorf("failed: %v, want only gone@example.com", failed)
	}
}

// TestRelayDropsSession: a relay that takes one message per connection
// and then drops it delays nothing; each message goes over a new one.
func TestRelayDropsSession(t *testing.T) {
	relay := testenv.NewRelay(t)
	relay.OnePerConn = true
	ts := newTestSender(t, testenv.Config(t, testenv.RelayConfig(relay.Addr)), testenv.Quiet)
	queueTestMail(t, ts, "ana@example.com", "bo@example.com", "dana@example.com")
	ts.sendDue(context.Background())
	if got := len(relay.Messages()); got != 3 {
		t.Errorf("relay got %d messages, want 3 in one pass", got)
	}
	if q, _ := ts.db.Queued(); len(q) != 0 {
		t.Errorf("%d messages deferred", len(q))
	}
}

// BenchmarkRelaySend measures the sender draining a queue of 20 KB
// messages into a go-smtp relay on loopback, in one pass.
func BenchmarkRelaySend(b *testing.B) {
	relay := testenv.NewRelay(b)
	ts := newTestSender(b, testenv.Config(b, testenv.RelayConfig(relay.Addr)), testenv.Quiet)
	body := strings.Repeat("A digest line of some seventy characters, as digests are written.\r\n", 300)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		o := &store.Outbound{Key: fmt.Sprint("bench/", i), Kind: "test", MessageID: fmt.Sprintf("b%d@baton.test", i), From: "baton@baton.test",
			To: []string{"ana@example.com"}, Raw: []byte("Subject: bench\r\n\r\n" + body), Created: ts.clock.Now()}
		b.StopTimer()
		if err := ts.db.Enqueue(&store.Queueing{Out: o}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if i%100 == 99 {
			ts.sendDue(context.Background())
		}
	}
	ts.sendDue(context.Background())
	b.ReportMetric(float64(len(relay.Messages()))/b.Elapsed().Seconds(), "msgs/s")
}
