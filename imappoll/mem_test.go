package imappoll

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// memIMAP is a go-imap memory server on loopback whose sessions check
// the poller: a message may be marked or moved only once the gateway
// has stored it and its watermark, and nothing is ever expunged.
type memIMAP struct {
	t    *testing.T
	user *imapmemserver.User
	caps imap.CapSet
	addr string

	mu        sync.Mutex
	srv       *imapserver.Server
	ids       map[imap.UID]string // INBOX UID -> Message-ID appended
	fetches   map[imap.UID]int    // INBOX UID -> full-body fetches
	marks     int
	closed    int
	idles     int
	problems  []string
	committed func(msgID string, uid imap.UID) bool
	onFetch   func()
}

func startMemIMAP(t *testing.T, caps imap.CapSet) *memIMAP {
	t.Helper()
	m := &memIMAP{t: t, caps: caps, user: imapmemserver.NewUser(imapTestUser, imapTestPassword), ids: map[imap.UID]string{}, fetches: map[imap.UID]int{}}
	if err := m.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	m.listen("127.0.0.1:0")
	t.Cleanup(func() {
		m.mu.Lock()
		srv := m.srv
		m.mu.Unlock()
		srv.Close()
		m.mu.Lock()
		defer m.mu.Unlock()
		for _, p := range m.problems {
			t.Error(p)
		}
	})
	return m
}

func (m *memIMAP) listen(addr string) {
	m.t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.t.Fatal(err)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &watchedSession{UserSession: imapmemserver.NewUserSession(m.user), m: m}, nil, nil
		},
		Caps:         m.caps,
		InsecureAuth: true,
		Logger:       discardLogger{},
	})
	m.mu.Lock()
	m.srv, m.addr = srv, ln.Addr().String()
	m.mu.Unlock()
	go srv.Serve(ln)
}

// add appends raw to INBOX as a mail server delivering it would.
func (m *memIMAP) add(raw []byte) imap.UID {
	m.t.Helper()
	data, err := m.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{})
	if err != nil {
		m.t.Fatal(err)
	}
	m.mu.Lock()
	m.ids[data.UID] = messageID(raw)
	m.mu.Unlock()
	return data.UID
}

// recreateInbox deletes and creates INBOX: it gets a new UIDVALIDITY.
func (m *memIMAP) recreateInbox() {
	m.t.Helper()
	if err := m.user.Delete("INBOX"); err != nil {
		m.t.Fatal(err)
	}
	if err := m.user.Create("INBOX", nil); err != nil {
		m.t.Fatal(err)
	}
	m.mu.Lock()
	m.ids, m.fetches = map[imap.UID]string{}, map[imap.UID]int{}
	m.mu.Unlock()
}

func (m *memIMAP) problem(format string, args ...any) {
	m.mu.Lock()
	m.problems = append(m.problems, fmt.Sprintf(format, args...))
	m.mu.Unlock()
}

func (m *memIMAP) fetchCount(uid imap.UID) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fetches[uid]
}

func (m *memIMAP) counts() (marks, closed int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.marks, m.closed
}

func (m *memIMAP) idleCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.idles
}

// checkMark is called when a client marks, copies or moves set.
func (m *memIMAP) checkMark(mailbox, op string, set imap.NumSet) {
	uidSet, ok := set.(imap.UIDSet)
	if !ok {
		m.problem("%s by sequence number; want UID %s", op, op)
		return
	}
	uids, ok := uidSet.Nums()
	if !ok {
		m.problem("%s of a dynamic UID set %v", op, set)
		return
	}
	m.mu.Lock()
	m.marks++
	committed := m.committed
	ids := make([]string, len(uids))
	for i, uid := range uids {
		ids[i] = m.ids[uid]
	}
	m.mu.Unlock()
	for i, uid := range uids {
		if mailbox != "INBOX" {
			m.problem("%s in %s; want INBOX", op, mailbox)
		} else if committed != nil && !committed(ids[i], uid) {
			m.problem("%s of UID %d before the gateway committed it", op, uid)
		}
	}
}

// watchedSession is an imapmemserver session that reports to its
// memIMAP.
type watchedSession struct {
	*imapmemserver.UserSession
	m       *memIMAP
	mailbox string
}

func (s *watchedSession) Select(name string, o *imap.SelectOptions) (*imap.SelectData, error) {
	s.mailbox = name
	return s.UserSession.Select(name, o)
}

func (s *watchedSession) Fetch(w *imapserver.FetchWriter, set imap.NumSet, o *imap.FetchOptions) error {
	for _, sec := range o.BodySection {
		if sec.Specifier != imap.PartSpecifierNone || len(sec.Part) > 0 || s.mailbox != "INBOX" {
			continue
		}
		if !sec.Peek {
			s.m.problem("FETCH BODY[] without PEEK sets \\Seen before the commit")
		}
		if uidSet, ok := set.(imap.UIDSet); ok {
			uids, _ := uidSet.Nums()
			s.m.mu.Lock()
			for _, uid := range uids {
				s.m.fetches[uid]++
			}
			onFetch := s.m.onFetch
			s.m.mu.Unlock()
			if onFetch != nil {
				onFetch()
			}
		}
	}
	return s.UserSession.Fetch(w, set, o)
}

func (s *watchedSession) Store(w *imapserver.FetchWriter, set imap.NumSet, flags *imap.StoreFlags, o *imap.StoreOptions) error {
	if slices.Contains(flags.Flags, imap.FlagDeleted) {
		s.m.problem("STORE \\Deleted: the poller must never delete mail")
	}
	s.m.checkMark(s.mailbox, "STORE", set)
	return s.UserSession.Store(w, set, flags, o)
}

func (s *watchedSession) Move(w *imapserver.MoveWriter, set imap.NumSet, dest string) error {
	s.m.checkMark(s.mailbox, "MOVE", set)
	return s.UserSession.Move(w, set, dest)
}

func (s *watchedSession) Copy(set imap.NumSet, dest string) (*imap.CopyData, error) {
	s.m.checkMark(s.mailbox, "COPY", set)
	return s.UserSession.Copy(set, dest)
}

func (s *watchedSession) Expunge(w *imapserver.ExpungeWriter, uids *imap.UIDSet) error {
	s.m.problem("EXPUNGE: the poller must never delete mail")
	return s.UserSession.Expunge(w, uids)
}

func (s *watchedSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	s.m.mu.Lock()
	s.m.idles++
	s.m.mu.Unlock()
	return s.UserSession.Idle(w, stop)
}

func (s *watchedSession) Close() error {
	s.m.mu.Lock()
	s.m.closed++
	s.m.mu.Unlock()
	return s.UserSession.Close()
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

func messageID(raw []byte) string {
	for _, l := range strings.Split(string(raw), "\r\n") {
		if v, ok := strings.CutPrefix(l, "Message-ID: "); ok {
			return strings.Trim(v, "<>")
		}
	}
	return ""
}

// proxy relays TCP to an IMAP server; it can drop every connection
// and hide IDLE from the capability lists the server sends.
type proxy struct {
	addr      string
	target    string
	stripIdle bool

	mu    sync.Mutex
	conns map[net.Conn]bool
	n     int
}

func startProxy(t *testing.T, target string, stripIdle bool) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), target: target, stripIdle: stripIdle, conns: map[net.Conn]bool{}}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); p.dropAll(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			p.mu.Lock()
			p.conns[client], p.conns[server] = true, true
			p.n++
			p.mu.Unlock()
			wg.Add(2)
			go func() {
				defer wg.Done()
				io.Copy(server, client)
				server.Close()
			}()
			go func() {
				defer wg.Done()
				defer client.Close()
				p.relay(client, server)
			}()
		}
	}()
	return p
}

// relay copies the server's lines to the client.
func (p *proxy) relay(client, server net.Conn) {
	r := bufio.NewReader(server)
	for {
		line, err := r.ReadString('\n')
		if p.stripIdle && strings.Contains(line, "CAPABILITY") {
			line = strings.ReplaceAll(line, " IDLE", "")
		}
		if _, werr := io.WriteString(client, line); werr != nil || err != nil {
			return
		}
	}
}

// dropAll breaks every connection, as a server restart or a network
// failure would.
func (p *proxy) dropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *proxy) accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}
