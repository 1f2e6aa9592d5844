package store

import (
	"slices"
	"testing"
)

// TestThreadAwaitedParent files a reply before the update it names:
// the reply waits, and when the update arrives it moves under it in the
// same delivery, its class becomes reply, and the state rule sees it.
func TestThreadAwaitedParent(t *testing.T) {
	db, _ := newTestDB(t)
	var calls []uint64
	rule := func(u *Update, chain []*Update) []State {
		calls = append(calls, u.ID)
		if len(chain) == 0 {
			return nil
		}
		return []State{{Update: chain[0].ID, Kind: ItemQuestion, Item: 0, State: StateAnswered, By: u.Author, Reply: u.ID}}
	}

	child := testDelivery(2, "child@example.com")
	child.Update.Wants = []string{"parent@example.com", "root@example.com"}
	child.Effects = statesRule(rule)
	cid, _, err := db.Deliver(child)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := db.Waiting("parent@example.com"); !slices.Equal(w, []uint64{cid}) {
		t.Fatalf("waiting for parent: %v, want [%d]", w, cid)
	}

	parent := testDelivery(1, "parent@example.com")
	parent.Effects = statesRule(rule)
	pid, _, err := db.Deliver(parent)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.GetUpdate(cid)
	if u.Parent != pid || len(u.Wants) != 0 {
		t.Errorf("child: parent %d wants %v; want parent %d, no wants", u.Parent, u.Wants, pid)
	}
	if kids, _ := db.Children(pid); !slices.Equal(kids, []uint64{cid}) {
		t.Errorf("children of the parent: %v", kids)
	}
	if m, _ := db.GetMessage(cid); m.Class != ClassReply {
		t.Errorf("child class %q, want reply", m.Class)
	}
	for _, w := range []string{"parent@example.com", "root@example.com"} {
		if ids, _ := db.Waiting(w); len(ids) != 0 {
			t.Errorf("still waiting for %s: %v", w, ids)
		}
	}
	if !slices.Contains(calls, cid) {
		t.Errorf("the state rule never saw the moved child (calls %v)", calls)
	}
	st, _ := db.States(pid)
	if len(st) != 1 || st[0].State != StateAnswered || st[0].Reply != cid {
		t.Errorf("states of the parent: %+v", st)
	}
}

// TestThreadAwaitedLoop: a message that names its own descendant as its
// parent does not take it as a child.
func TestThreadAwaitedLoop(t *testing.T) {
	db, _ := newTestDB(t)
	a := testDelivery(1, "a@example.com")
	a.Update.Wants = []string{"b@example.com"}
	aid, _, _ := db.Deliver(a)
	b := testDelivery(2, "b@example.com")
	b.Update.Parent = aid // b replies to a; a wanted b
	bid, _, err := db.Deliver(b)
	if err != nil {
		t.Fatal(err)
	}
	ua, _ := db.GetUpdate(aid)
	ub, _ := db.GetUpdate(bid)
	if ua.Parent != 0 || ub.Parent != aid {
		t.Errorf("a under %d, b under %d; want a a root and b under a", ua.Parent, ub.Parent)
	}
}

// TestThreadPiecesOnce files a message with derived pieces twice: the
// pieces get IDs of their own from the message sequence, point back at
// their message, and the resend adds nothing.
func TestThreadPiecesOnce(t *testing.T) {
	db, _ := newTestDB(t)
	pid, _, _ := db.Deliver(testDelivery(1, "p@example.com"))
	for range 2 {
		d := testDelivery(2, "digest-reply@example.com")
		d.Message.Class = ClassReply
		d.Update.Digest = "digest.2026-11-24.abc@baton.test"
		d.Pieces = []*Update{{Team: "platform", Author: "bo@example.com", Parent: pid}}
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	var all []*Update
	db.ListUpdates(0, func(u *Update) bool { all = append(all, u); return true })
	if len(all) != 3 {
		t.Fatalf("%d updates, want 3 (update, reply, one piece)", len(all))
	}
	piece := all[2]
	if piece.Source != all[1].ID || piece.Parent != pid || piece.ID <= all[1].ID {
		t.Errorf("piece %+v", piece)
	}
	if all[1].Digest == "" {
		t.Error("the digest reply lost its digest reference")
	}
	if kids, _ := db.Children(pid); !slices.Equal(kids, []uint64{piece.ID}) {
		t.Errorf("children %v", kids)
	}
	// The next message still gets a fresh ID.
	nid, _, _ := db.Deliver(testDelivery(3, "n@example.com"))
	if nid <= piece.ID {
		t.Errorf("next message id %d not after the piece's %d", nid, piece.ID)
	}
}

// TestStatesFirstStands keeps the first change of an item's state.
func TestStatesFirstStands(t *testing.T) {
	db, _ := newTestDB(t)
	pid, _, _ := db.Deliver(testDelivery(1, "q@example.com"))
	for i, who := range []string{"bo@example.com", "dana@example.com"} {
		d := testDelivery(2+i, who+".reply")
		d.Update.Parent, d.Update.Author = pid, who
		d.Effects = statesRule(func(u *Update, chain []*Update) []State {
			return []State{{Update: chain[0].ID, Kind: ItemQuestion, State: StateAnswered, By: u.Author, Reply: u.ID}}
		})
		if _, _, err := db.Deliver(d); err != nil {
			t.Fatal(err)
		}
	}
	var got []State
	db.ListStates(0, func(s *State) bool { got = append(got, *s); return true })
	if len(got) != 1 || got[0].By != "bo@example.com" {
		t.Errorf("states %+v, want one, by bo", got)
	}
}

// statesRule is an Effects that changes item states and sends nothing.
type statesRule func(reply *Update, chain []*Update) []State

func (r statesRule) States(reply *Update, chain []*Update) []State { return r(reply, chain) }

func (statesRule) Outbound(uint64) ([]*Outbound, error) { return nil, nil }
