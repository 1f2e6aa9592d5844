package store

import (
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Threads: an update's Parent and the children bucket form the tree.
// Two more buckets keep it right as mail arrives out of order and as
// replies change the items they answer:
//
//	awaited   wanted Message-ID | 0x00 | child id -> nothing: the child
//	          named that Message-ID as a nearer parent than the one it
//	          has (or it has none); when a message with that ID is filed,
//	          the child moves under it in the same transaction
//	states    update id | kind | item (2 bytes) -> State (JSON): the
//	          first change of state of one question, blocker or decision

// Item states, and the kinds of item they apply to.
const (
	StateAnswered   = "answered"   // a question someone other than its author replied to
	StateResolved   = "resolved"   // a blocker its author said is gone
	StateSuperseded = "superseded" // a decision replaced by a later one in its thread

	ItemQuestion = "question"
	ItemBlocker  = "blocker"
	ItemDecision = "decision"
)

// State is the state of one item of an update, with who changed it,
// when and by which reply.
type State struct {
	Update uint64    `json:"update"`
	Kind   string    `json:"kind"` // Item*
	Item   int       `json:"item"` // index in the update's Questions, Blockers or Decisions
	State  string    `json:"state"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reply  uint64    `json:"reply"`
}

// ItemRef names one question, blocker or decision of an update.
type ItemRef struct {
	Kind string `json:"kind"` // Item*
	Item int    `json:"item"`
}

// MaxDepth bounds every walk up or down a thread, here and in the
// readers of threads, so a loop the links should never hold (or a
// thread deeper than anyone writes) ends the walk instead of the
// process.
const MaxDepth = 100

func stateKey(s *State) []byte {
	k := u64(s.Update)
	k = append(k, s.Kind[0])
	return binary.BigEndian.AppendUint16(k, uint16(s.Item))
}

func awaitedKey(msgid string, child uint64) []byte {
	return append(append([]byte(msgid), 0), u64(child)...)
}

// fileThread does the thread work of a delivery whose update was just
// stored as id: derived pieces, awaited parents both ways, and states.
func fileThread(tx *bolt.Tx, id uint64, d *Delivery) error {
	u := d.Update
	filed := []*Update{u}
	for _, p := range d.Pieces {
		n, err := tx.Bucket(bMessages).NextSequence()
		if err != nil {
			return err
		}
		p.ID, p.Source = n, id
		rec, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := putUpdate(tx, p, rec); err != nil {
			return err
		}
		filed = append(filed, p)
	}
	awaited := tx.Bucket(bAwaited)
	for _, w := range u.Wants {
		if err := awaited.Put(awaitedKey(w, id), nil); err != nil {
			return err
		}
	}
	if msgid := d.Message.MessageID; msgid != "" {
		moved, err := adopt(tx, msgid, id)
		if err != nil {
			return err
		}
		filed = append(filed, moved...)
	}
	if d.Effects == nil {
		return nil
	}
	states := tx.Bucket(bStates)
	for _, f := range filed {
		chain, err := ancestors(tx, f)
		if err != nil {
			return err
		}
		for _, s := range d.Effects.States(f, chain) {
			k := stateKey(&s)
			if states.Get(k) != nil {
				continue // the first change stands
			}
			if err := putJSON(states, k, &s); err != nil {
				return err
			}
		}
	}
	return nil
}

// adopt moves the updates waiting for msgid under parent, the update
// just filed with that Message-ID, and returns them.
func adopt(tx *bolt.Tx, msgid string, parent uint64) ([]*Update, error) {
	awaited := tx.Bucket(bAwaited)
	prefix := append([]byte(msgid), 0)
	var waiting []uint64
	for k := range prefixed(awaited, prefix) {
		if len(k) != len(prefix)+8 {
			break
		}
		waiting = append(waiting, binary.BigEndian.Uint64(k[len(prefix):]))
	}
	var moved []*Update
	for _, child := range waiting {
		if err := awaited.Delete(awaitedKey(msgid, child)); err != nil {
			return nil, err
		}
		u, err := relink(tx, child, parent, msgid)
		if err != nil {
			return nil, err
		}
		if u != nil {
			moved = append(moved, u)
		}
	}
	return moved, nil
}

// relink makes child a reply to parent, which arrived after it with the
// Message-ID the child wanted, unless that would close a loop. Wants
// further than msgid are dropped: the child now has a nearer parent.
func relink(tx *bolt.Tx, child, parent uint64, msgid string) (*Update, error) {
	updates := tx.Bucket(bUpdates)
	var u Update
	if err := getJSON(updates, u64(child), &u); err != nil {
		return nil, nil // gone; nothing to move
	}
	for p, depth := parent, 0; p != 0 && depth < MaxDepth; depth++ {
		if p == child {
			return nil, nil // the new parent is below the child
		}
		var up Update
		if getJSON(updates, u64(p), &up) != nil {
			break
		}
		p = up.Parent
	}
	i := 0
	for i < len(u.Wants) && u.Wants[i] != msgid {
		i++
	}
	for _, w := range u.Wants[min(i+1, len(u.Wants)):] {
		if err := tx.Bucket(bAwaited).Delete(awaitedKey(w, child)); err != nil {
			return nil, err
		}
	}
	u.Wants = u.Wants[:min(i, len(u.Wants))]
	if len(u.Wants) == 0 {
		u.Wants = nil
	}
	children := tx.Bucket(bChildren)
	if u.Parent != 0 {
		if err := children.Delete(append(u64(u.Parent), u64(child)...)); err != nil {
			return nil, err
		}
	}
	u.Parent = parent
	if err := putJSON(updates, u64(child), &u); err != nil {
		return nil, err
	}
	if err := children.Put(append(u64(parent), u64(child)...), nil); err != nil {
		return nil, err
	}
	msgs := tx.Bucket(bMessages)
	var m Message
	if getJSON(msgs, u64(child), &m) == nil && m.Class == ClassUpdate {
		m.Class = ClassReply
		if err := putJSON(msgs, u64(child), &m); err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// ancestors returns the updates above u, nearest first.
func ancestors(tx *bolt.Tx, u *Update) ([]*Update, error) {
	var chain []*Update
	for p := u.Parent; p != 0 && len(chain) < MaxDepth; {
		var a Update
		if err := getJSON(tx.Bucket(bUpdates), u64(p), &a); err == ErrNotFound {
			break
		} else if err != nil {
			return nil, err
		}
		if a.ID == u.ID {
			break
		}
		chain = append(chain, &a)
		p = a.Parent
	}
	return chain, nil
}

// Root returns the first update of u's thread, u itself for a root.
func (db *DB) Root(u *Update) *Update {
	for depth := 0; u.Parent != 0 && depth < MaxDepth; depth++ {
		p, err := db.GetUpdate(u.Parent)
		if err != nil {
			break
		}
		u = p
	}
	return u
}

// States returns the item states of update id.
func (db *DB) States(id uint64) ([]State, error) {
	var out []State
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, v := range prefixed(tx.Bucket(bStates), u64(id)) {
			var s State
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// ListStates calls fn for each item state of the updates after id
// after, by update ID, until fn returns false.
func (db *DB) ListStates(after uint64, fn func(*State) bool) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx.Bucket(bStates), u64(after+1), fn)
	})
}

// Waiting returns the IDs of the updates waiting for a message with
// Message-ID msgid to arrive as their parent.
func (db *DB) Waiting(msgid string) ([]uint64, error) {
	var ids []uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		prefix := append([]byte(msgid), 0)
		for k := range prefixed(tx.Bucket(bAwaited), prefix) {
			if len(k) == len(prefix)+8 {
				ids = append(ids, binary.BigEndian.Uint64(k[len(prefix):]))
			}
		}
		return nil
	})
	return ids, err
}
