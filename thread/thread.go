// Package thread builds conversation trees from mail headers with Jamie
// Zawinski's algorithm (https://www.jwz.org/doc/threading.html), the one
// most mail clients use, so Baton's threads match what people see.
//
// The model: every Message-ID named anywhere (a message's own, or one in
// its In-Reply-To or References) gets a Node. A message fills the Node
// of its own Message-ID; its References, oldest first and then its
// In-Reply-To, are linked into a parent chain, the first link found for
// a Node winning, except that a message's own parent is always its
// nearest reference. Nodes never filled (a parent Baton never saw) are
// pruned, their children promoted. Last, roots whose subject is a reply
// ("Re: x") join the most recent earlier root with the same base
// subject, in the same team and within a bounded window.
//
// It is robust to what real mail does: missing parents, duplicate
// Message-IDs (later copies become their own nodes), loops in
// References (a link that would close a cycle is not made), messages in
// any order, and messages without a Message-ID.
//
// It is pure: no I/O, no clock; times come from the messages.
package thread

import (
	"slices"
	"time"
)

// DefaultWindow bounds the subject fallback: a reply joins a root by
// subject only if that root is at most this much older.
const DefaultWindow = 14 * 24 * time.Hour

// Message is one message as threading sees it.
type Message struct {
	// Key is the caller's name for the message, e.g. a store ID; the
	// package only carries it.
	Key        string
	MessageID  string // without angle brackets; may be empty
	InReplyTo  string
	References []string // oldest first, as in the header
	Subject    string
	Team       string // subject fallback only joins messages of one team
	Date       time.Time
}

// Node is a place in a thread tree. Message is nil for a placeholder: a
// message referred to but never seen, kept only when it joins several
// roots.
type Node struct {
	Message   *Message
	MessageID string
	Parent    *Node
	Children  []*Node // oldest first

	seq int // creation order, for stable output
}

// Options tune Thread; the zero value uses the defaults.
type Options struct {
	// Window bounds the subject fallback; 0 means DefaultWindow, a
	// negative value turns the fallback off.
	Window time.Duration
}

// Thread returns the roots of the thread trees of msgs, oldest first.
// The nodes point into msgs, which must not change while they are used.
func Thread(msgs []Message, o Options) []*Node {
	window := o.Window
	if window == 0 {
		window = DefaultWindow
	}
	b := builder{byID: make(map[string]*Node, len(msgs)*2), all: make([]*Node, 0, len(msgs)*2)}
	for i := range msgs {
		b.add(&msgs[i])
	}
	var roots []*Node
	for _, n := range b.all {
		if n.Parent == nil {
			roots = append(roots, n)
		}
	}
	roots = prune(nil, roots)
	if window > 0 {
		roots = bySubject(roots, window)
	}
	sortTree(roots)
	return roots
}

type builder struct {
	byID map[string]*Node
	all  []*Node
}

func (b *builder) node(id string) *Node {
	if n := b.byID[id]; n != nil {
		return n
	}
	n := b.newNode(id)
	b.byID[id] = n
	return n
}

func (b *builder) newNode(id string) *Node {
	n := &Node{MessageID: id, seq: len(b.all)}
	b.all = append(b.all, n)
	return n
}

// add files m: its own node, then its reference chain.
func (b *builder) add(m *Message) {
	var n *Node
	if m.MessageID != "" {
		n = b.node(m.MessageID)
	}
	if n == nil || n.Message != nil {
		// No Message-ID, or a duplicate: a node of its own that no
		// reference can reach.
		n = b.newNode(m.MessageID)
	}
	n.Message = m
	var prev *Node
	for _, ref := range chain(m) {
		r := b.node(ref)
		if prev != nil && r.Parent == nil && !wouldLoop(prev, r) {
			link(prev, r)
		}
		prev = r
	}
	if prev != nil && prev != n.Parent && !wouldLoop(prev, n) {
		unlink(n)
		link(prev, n)
	}
}

// chain is m's references oldest first, then In-Reply-To, without
// empties, repeats or m's own Message-ID.
func chain(m *Message) []string {
	out := make([]string, 0, len(m.References)+1)
	seen := func(id string) bool { return slices.Contains(out, id) }
	for _, id := range m.References {
		if id != "" && id != m.MessageID && !seen(id) {
			out = append(out, id)
		}
	}
	if id := m.InReplyTo; id != "" && id != m.MessageID {
		if i := slices.Index(out, id); i >= 0 {
			out = append(out[:i], out[i+1:]...) // nearest: move it last
		}
		out = append(out, id)
	}
	return out
}

// wouldLoop reports whether making child a child of parent closes a
// cycle: child is parent or one of its ancestors.
func wouldLoop(parent, child *Node) bool {
	for p := parent; p != nil; p = p.Parent {
		if p == child {
			return true
		}
	}
	return false
}

func link(parent, child *Node) {
	child.Parent = parent
	parent.Children = append(parent.Children, child)
}

func unlink(n *Node) {
	if p := n.Parent; p != nil {
		if i := slices.Index(p.Children, n); i >= 0 {
			p.Children = slices.Delete(p.Children, i, i+1)
		}
		n.Parent = nil
	}
}

// prune drops placeholders without children and promotes the children
// of the others, except a root placeholder holding several messages,
// which stays to keep them together. It returns the new list of nodes
// under parent.
func prune(parent *Node, nodes []*Node) []*Node {
	out := nodes[:0:0]
	for _, n := range nodes {
		n.Children = prune(n, n.Children)
		switch {
		case n.Message != nil:
			out = append(out, n)
		case len(n.Children) == 0:
		case parent == nil && len(n.Children) > 1:
			out = append(out, n)
		default:
			for _, c := range n.Children {
				c.Parent = parent
			}
			out = append(out, n.Children...)
			n.Children = nil
		}
	}
	return out
}

// first is the message that speaks for a node: its own, or for a
// placeholder its oldest child's.
func first(n *Node) *Message {
	for n.Message == nil && len(n.Children) > 0 {
		best := n.Children[0]
		for _, c := range n.Children[1:] {
			if before(c, best) {
				best = c
			}
		}
		n = best
	}
	return n.Message
}

// bySubject joins each root whose subject is a reply to the newest
// earlier root of the same team and base subject at most window older.
func bySubject(roots []*Node, window time.Duration) []*Node {
	slices.SortStableFunc(roots, compare)
	type seen struct {
		n  *Node
		at time.Time
	}
	last := map[string]seen{}
	out := roots[:0]
	for _, r := range roots {
		m := first(r)
		if m == nil {
			out = append(out, r)
			continue
		}
		base, reply := BaseSubject(m.Subject)
		key := m.Team + "\x00" + base
		if prev, ok := last[key]; ok && base != "" && reply && !m.Date.Before(prev.at) && m.Date.Sub(prev.at) <= window {
			link(prev.n, r)
			continue
		}
		if base != "" {
			last[key] = seen{r, m.Date}
		}
		out = append(out, r)
	}
	return out
}

func sortTree(nodes []*Node) {
	slices.SortStableFunc(nodes, compare)
	for _, n := range nodes {
		if len(n.Children) > 0 {
			sortTree(n.Children)
		}
	}
}

func compare(a, b *Node) int {
	if before(a, b) {
		return -1
	}
	if before(b, a) {
		return 1
	}
	return 0
}

// before orders nodes by date, then by when they were first named.
func before(a, b *Node) bool {
	ma, mb := first(a), first(b)
	if ma != nil && mb != nil && !ma.Date.Equal(mb.Date) {
		return ma.Date.Before(mb.Date)
	}
	return a.seq < b.seq
}

// Walk calls fn for n and every node under it, depth first, with its
// depth below n.
func Walk(n *Node, fn func(n *Node, depth int)) {
	walk(n, 0, fn)
}

func walk(n *Node, depth int, fn func(*Node, int)) {
	fn(n, depth)
	for _, c := range n.Children {
		walk(c, depth+1, fn)
	}
}
