package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/thread"
	bolt "go.etcd.io/bbolt"
)

// TestMain doubles as a helper process that holds a database open, for
// the lock test.
func TestMain(m *testing.M) {
	if path := os.Getenv("BATON_TEST_HOLD_DB"); path != "" {
		db, err := Open(path)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n') // hold until stdin closes
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func newTestDB(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baton.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func testDelivery(n int, msgid string) *Delivery {
	raw := fmt.Appendf(nil, "From: ana@example.com\r\nMessage-ID: <%s>\r\nSubject: update %d\r\n\r\nDone:\r\n- item %d\r\n", msgid, n, n)
	return &Delivery{
		Raw:     raw,
		Message: Message{MessageID: msgid, Class: ClassUpdate, Team: "platform", Author: "ana@example.com", Envelope: Envelope{Source: "smtp", Rcpt: []string{"platform@example.com"}, Received: time.Unix(1790000000+int64(n), 0).UTC()}},
		Update:  &Update{Team: "platform", Author: "ana@example.com", Parsed: parser.Message{MessageID: msgid, Sections: []parser.Section{{Title: "Done", Kind: parser.Done, Items: []string{fmt.Sprint("item ", n)}}}}},
	}
}

func TestDeliverRoundTripAndReopen(t *testing.T) {
	db, path := newTestDB(t)
	d := testDelivery(1, "a1@example.com")
	id, dup, err := db.Deliver(d)
	if err != nil || dup || id != 1 {
		t.Fatalf("Deliver = %d, %v, %v; want 1, false, nil", id, dup, err)
	}
	reply := testDelivery(2, "a2@example.com")
	reply.Message.Class, reply.Update.Parent = ClassReply, id
	rid, _, err := db.Deliver(reply)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := db.GetRaw(id)
	if err != nil || !bytes.Equal(raw, d.Raw) {
		t.Errorf("raw after reopen differs: %q, %v", raw, err)
	}
	m, err := db.GetMessage(id)
	if err != nil || m.ID != id || m.MessageID != "a1@example.com" || m.Size != len(d.Raw) || len(m.Hash) != 64 || m.Envelope.Rcpt[0] != "platform@example.com" {
		t.Errorf("message after reopen: %+v, %v", m, err)
	}
	u, err := db.GetUpdate(id)
	if err != nil || u.Parsed.Sections[0].Items[0] != "item 1" || u.ID != id {
		t.Errorf("update after reopen: %+v, %v", u, err)
	}
	if got, err := db.Lookup("a2@example.com"); got != rid || err != nil {
		t.Errorf("Lookup = %d, %v; want %d", got, err, rid)
	}
	if kids, _ := db.Children(id); len(kids) != 1 || kids[0] != rid {
		t.Errorf("Children(%d) = %v, want [%d]", id, kids, rid)
	}
	if _, err := db.GetUpdate(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetUpdate(99) = %v, want ErrNotFound", err)
	}
}

func TestDeliverDeduplicates(t *testing.T) {
	db, _ := newTestDB(t)
	first, _, _ := db.Deliver(testDelivery(1, "same@example.com"))
	again := testDelivery(2, "same@example.com") // other bytes, same Message-ID
	id, dup, err := db.Deliver(again)
	if err != nil || !dup || id != first {
		t.Errorf("same Message-ID: %d, %v, %v; want %d, true", id, dup, err, first)
	}
	noID := func(body string) *Delivery {
		return &Delivery{Raw: []byte("From: a@example.com\r\n\r\n" + body), Message: Message{Class: ClassUpdate}}
	}
	a, _, _ := db.Deliver(noID("x"))
	b, dup, _ := db.Deliver(noID("x"))
	c, dup2, _ := db.Deliver(noID("y"))
	if a != b || !dup || c == a || dup2 {
		t.Errorf("no Message-ID: ids %d %d %d, dup %v %v; want same bytes deduplicated by hash", a, b, c, dup, dup2)
	}
	var n int
	db.ListMessages(0, func(*Message) bool { n++; return true })
	if n != 3 {
		t.Errorf("%d messages stored, want 3", n)
	}
}

// relay is an Effects that queues one message per delivery, keyed by
// the delivery's ID, and changes no item state.
type relay struct{ calls int }

func (r *relay) States(*Update, []*Update) []State { return nil }

func (r *relay) Outbound(id uint64) ([]*Outbound, error) {
	r.calls++
	return []*Outbound{{Key: fmt.Sprint("urgent/", id), Kind: "urgent", Raw: []byte("relayed")}}, nil
}

// TestDeliverEffectsOutbound queues the mail a delivery's Effects makes
// with the delivery, and nothing again for a duplicate.
func TestDeliverEffectsOutbound(t *testing.T) {
	db, _ := newTestDB(t)
	r := &relay{}
	for range 2 {
		d := testDelivery(1, "urgent@example.com")
		d.Effects = r
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	q, err := db.Queued()
	if err != nil || len(q) != 1 || q[0].Key != "urgent/1" || r.calls != 1 {
		t.Fatalf("queued %+v, %v after %d calls; want urgent/1 after 1", q, err, r.calls)
	}
}

func TestConcurrentDeliverGroupCommit(t *testing.T) {
	db, _ := newTestDB(t)
	const writers, each = 32, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, _, err := db.Deliver(testDelivery(w*each+i, fmt.Sprintf("%d.%d@example.com", w, i))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[uint64]bool{}
	db.ListUpdates(0, func(u *Update) bool { seen[u.ID] = true; return true })
	if len(seen) != writers*each {
		t.Errorf("%d updates stored, want %d", len(seen), writers*each)
	}
}

func TestSchemaNewerRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "baton.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		m, _ := tx.CreateBucket(bMeta)
		return m.Put([]byte("schema"), u64(SchemaVersion+1))
	})
	b.Close()
	_, err = Open(path)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version %d is newer than this baton understands (%d)", SchemaVersion+1, SchemaVersion)) {
		t.Errorf("Open newer schema: %v", err)
	}
}

func TestLockHeldByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "baton.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BATON_TEST_HOLD_DB="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("holder said %q", line)
	}
	start := time.Now()
	_, err := Open(path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while held: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("error does not say why: %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Open hung for %v", d)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	db, _ := newTestDB(t)
	for i := range 50 {
		db.Deliver(testDelivery(i, fmt.Sprintf("pre%d@example.com", i)))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			db.Deliver(testDelivery(1000+i, fmt.Sprintf("during%d@example.com", i)))
		}
	}()
	out := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(f, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	close(stop)
	wg.Wait()

	copyDB, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var msgs, updates int
	copyDB.ListMessages(0, func(m *Message) bool {
		msgs++
		if _, err := copyDB.GetRaw(m.ID); err != nil {
			t.Errorf("backup lacks raw of %d", m.ID)
		}
		return true
	})
	copyDB.ListUpdates(0, func(*Update) bool { updates++; return true })
	if msgs < 50 || msgs != updates {
		t.Errorf("backup holds %d messages and %d updates; want the same number, at least 50", msgs, updates)
	}
}

func TestEnqueueOnceWithWatermark(t *testing.T) {
	db, _ := newTestDB(t)
	o := &Outbound{Key: "digest/ana@example.com/2026-11-24", Kind: "digest", MessageID: "d1@example.com", To: []string{"ana@example.com"}, Raw: []byte("x"), Created: time.Unix(1790000000, 0)}
	mark := &Watermark{Recipient: "ana@example.com", UntilID: 7, LocalDate: "2026-11-24"}
	first := &Queueing{Out: o, Mark: mark}
	if err := db.Enqueue(first); err != nil || first.Existed || o.ID == 0 {
		t.Fatal(err, first.Existed, o.ID)
	}
	again := &Queueing{Out: &Outbound{Key: o.Key}, Mark: &Watermark{Recipient: "ana@example.com", UntilID: 9}}
	if err := db.Enqueue(again); err != nil || !again.Existed {
		t.Errorf("second Enqueue: %v, existed %v; want existed", err, again.Existed)
	}
	if w, _ := db.GetWatermark("ana@example.com"); w.UntilID != 7 {
		t.Errorf("watermark moved by a refused enqueue: %+v", w)
	}
	q, _ := db.Queued()
	if len(q) != 1 || q[0].State != OutQueued || !q[0].NextAttempt.Equal(o.Created) {
		t.Fatalf("queued: %+v", q)
	}
	if q[0].Raw != nil {
		t.Errorf("Queued read the bytes too: %q", q[0].Raw)
	}
	if raw, err := db.OutboundRaw(q[0].ID); err != nil || string(raw) != "x" {
		t.Errorf("OutboundRaw = %q, %v; want x", raw, err)
	}
	q[0].State = OutSent
	db.PutOutbound(q[0])
	if q, _ := db.Queued(); len(q) != 0 {
		t.Errorf("sent message still queued")
	}
	if raw, _ := db.OutboundRaw(o.ID); string(raw) != "x" {
		t.Errorf("a sent message's bytes are gone: %q", raw)
	}
}

// TestUpgradeSchema1 opens a file written by schema 1, which kept an
// outbound message's bytes in its JSON record: they move to outraw and
// the record keeps everything else.
func TestUpgradeSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMeta, bOutbox, bPending} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		tx.Bucket(bMeta).Put([]byte("schema"), u64(1))
		tx.Bucket(bPending).Put(u64(1), nil)
		return tx.Bucket(bOutbox).Put(u64(1), []byte(`{"id":1,"key":"k","kind":"digest","message_id":"m@x","to":["ana@example.com"],"raw":"aGVsbG8=","state":"queued"}`))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q, err := db.Queued()
	if err != nil || len(q) != 1 || q[0].MessageID != "m@x" || q[0].Key != "k" {
		t.Fatalf("queued after upgrade: %+v, %v", q, err)
	}
	if raw, err := db.OutboundRaw(1); err != nil || string(raw) != "hello" {
		t.Errorf("OutboundRaw after upgrade = %q, %v; want hello", raw, err)
	}
	db.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get([]byte("schema")); !bytes.Equal(v, u64(SchemaVersion)) {
			t.Errorf("schema after upgrade: %x", v)
		}
		if rec := tx.Bucket(bOutbox).Get(u64(1)); bytes.Contains(rec, []byte("raw")) {
			t.Errorf("record still holds the bytes: %s", rec)
		}
		return nil
	})
}

func TestIMAPStateAndTokenKey(t *testing.T) {
	db, path := newTestDB(t)
	d := testDelivery(1, "i1@example.com")
	d.IMAP = &IMAPState{Mailbox: "INBOX", UIDValidity: 7, LastUID: 42}
	db.Deliver(d)
	dup := testDelivery(1, "i1@example.com")
	dup.IMAP = &IMAPState{Mailbox: "INBOX", UIDValidity: 7, LastUID: 43}
	if _, isDup, _ := db.Deliver(dup); !isDup {
		t.Error("want duplicate")
	}
	if s, _ := db.GetIMAPState("INBOX"); s.LastUID != 43 || s.UIDValidity != 7 {
		t.Errorf("IMAP state %+v; a duplicate still advances the watermark", s)
	}
	k1, _ := db.TokenKey()
	db.Close()
	db2, _ := Open(path)
	defer db2.Close()
	k2, _ := db2.TokenKey()
	if len(k1) != 32 || !bytes.Equal(k1, k2) {
		t.Errorf("token key not kept: %x vs %x", k1, k2)
	}
}

func TestClosedRefusesWrites(t *testing.T) {
	db, _ := newTestDB(t)
	db.Close()
	if _, _, err := db.Deliver(testDelivery(1, "x@example.com")); !errors.Is(err, ErrClosed) {
		t.Errorf("Deliver after Close: %v", err)
	}
}

// TestRecentUpdatesByReceipt: updates come back by the time they were
// received, newest first, also one filed later with an older date (an
// import), which neither hides newer ones nor shows as recent.
func TestRecentUpdatesByReceipt(t *testing.T) {
	db, path := newTestDB(t)
	now := time.Unix(1790000000, 0)
	for i, age := range []time.Duration{time.Hour, 365 * 24 * time.Hour, 30 * time.Minute} {
		d := testDelivery(i+1, fmt.Sprintf("r%d@example.com", i))
		d.Update.Received = now.Add(-age)
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	recent := func(db *DB) []uint64 {
		var ids []uint64
		if err := db.RecentUpdates(now.Add(-24*time.Hour), func(u *Update) bool { ids = append(ids, u.ID); return true }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := recent(db); !slices.Equal(got, []uint64{3, 1}) {
		t.Errorf("recent updates %v, want [3 1]", got)
	}

	// A schema 2 file has no received index: opening it builds one.
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(bReceived)
		return tx.Bucket(bMeta).Put([]byte("schema"), u64(2))
	})
	b.Close()
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := recent(db2); !slices.Equal(got, []uint64{3, 1}) {
		t.Errorf("after the upgrade from schema 2: %v, want [3 1]", got)
	}
}

func TestWithIDInPlace(t *testing.T) {
	rec, err := encodeRecord(&Message{MessageID: "<a@b>", Class: ClassUpdate})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []uint64{7, 1 << 40, math.MaxUint64, 12} {
		var m Message
		if err := json.Unmarshal(withID(rec, id), &m); err != nil {
			t.Fatalf("id %d: %v", id, err)
		}
		if m.ID != id || m.MessageID != "<a@b>" || m.Class != ClassUpdate {
			t.Errorf("id %d: decoded %+v", id, m)
		}
	}
	if _, err := encodeRecord(struct{ X int }{}); err == nil {
		t.Error("a record without a leading id was accepted")
	}
}

// TestSubjectUpdates: the subject tags find a team's updates of one
// base subject within the window, newest first, leaving out replies by
// subject, other teams and other subjects; a schema 3 file gets the
// tags when opened.
func TestSubjectUpdates(t *testing.T) {
	db, path := newTestDB(t)
	now := time.Unix(1790000000, 0)
	for i, c := range []struct {
		team, subject string
		age           time.Duration
	}{
		{"platform", "Billing move", time.Hour},               // 1
		{"platform", "Billing move", 20 * 24 * time.Hour},     // 2: before the window
		{"platform", "Re: Billing move", 30 * time.Minute},    // 3: a reply
		{"data", "Billing move", 10 * time.Minute},            // 4: another team
		{"platform", "[Platform] Billing  move", time.Minute}, // 5: the same base subject
		{"platform", "Billing moved", 2 * time.Minute},        // 6: another subject
	} {
		d := testDelivery(i+1, fmt.Sprintf("s%d@example.com", i))
		d.Message.Team, d.Update.Team = c.team, c.team
		d.Update.Parsed.Subject, d.Update.Received = c.subject, now.Add(-c.age)
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	found := func(db *DB) []uint64 {
		var ids []uint64
		if err := db.SubjectUpdates("platform", "billing move", now.Add(-14*24*time.Hour), func(u *Update) bool { ids = append(ids, u.ID); return true }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	base, _ := thread.BaseSubject("[Platform] Billing  move")
	if base != "billing move" {
		t.Fatalf("base subject %q; the test assumes %q", base, "billing move")
	}
	if got := found(db); !slices.Equal(got, []uint64{5, 1}) {
		t.Errorf("subject updates %v, want [5 1]", got)
	}

	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { // schema 3 kept no subject tags
		idx := tx.Bucket(bReceived)
		var keys [][]byte
		idx.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		for _, k := range keys {
			idx.Put(k, nil)
		}
		return tx.Bucket(bMeta).Put([]byte("schema"), u64(3))
	})
	b.Close()
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := found(db2); !slices.Equal(got, []uint64{5, 1}) {
		t.Errorf("after the upgrade from schema 3: %v, want [5 1]", got)
	}
}
