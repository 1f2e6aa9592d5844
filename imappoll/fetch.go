package imappoll

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/textproto"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// imapItem is a message above the watermark: its UID and RFC822.SIZE.
type imapItem struct {
	uid  imap.UID
	size int64
}

// catchUp ingests every message above the watermark in UID order,
// fetching bodies in bounded batches.
func (p *imapPoller) catchUp(c *imapclient.Client) error {
	// NOOP lets the server report mail that arrived since the last
	// command (RFC 9051 section 6.1.2); it also checks the connection.
	if err := c.Noop().Wait(); err != nil {
		return fmt.Errorf("noop: %w", err)
	}
	items, err := p.list(c)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		p.state.LastPoll = p.Clock.Now()
		if err := p.DB.PutIMAPState(p.state); err != nil {
			return fmt.Errorf("store imap state: %w", err)
		}
		return nil
	}
	for len(items) > 0 {
		n := batchLen(items, p.maxSize())
		if err := p.fetchBatch(c, items[:n]); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// list returns the UIDs above the watermark with their sizes, sorted.
func (p *imapPoller) list(c *imapclient.Client) ([]imapItem, error) {
	if mb := c.Mailbox(); mb != nil && mb.NumMessages == 0 {
		return nil, nil
	}
	var set imap.UIDSet
	set.AddRange(imap.UID(p.state.LastUID+1), 0) // LastUID+1:*
	bufs, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("list new messages: %w", err)
	}
	var items []imapItem
	for _, b := range bufs {
		// "n:*" includes the highest UID even when it is below n
		// (RFC 9051 section 6.4.9): skip what is already stored.
		if uint32(b.UID) > p.state.LastUID {
			items = append(items, imapItem{b.UID, b.RFC822Size})
		}
	}
	slices.SortFunc(items, func(a, b imapItem) int { return cmp.Compare(a.uid, b.uid) })
	return items, nil
}

// batchLen is how many items the next body fetch asks for: up to
// imapBatchCount, and only the first if they exceed imapBatchBytes.
// Messages over the size limit are not fetched and cost nothing.
func batchLen(items []imapItem, maxSize int64) int {
	var bytes int64
	for i, it := range items {
		if i == imapBatchCount {
			return i
		}
		if maxSize > 0 && it.size > maxSize {
			continue
		}
		bytes += it.size
		if i > 0 && bytes > imapBatchBytes {
			return i
		}
	}
	return len(items)
}

// maxSize is the message size limit shared with SMTP; 0 means none.
func (p *imapPoller) maxSize() int64 { return p.Config().SMTP.MaxMessageSize }

// fetchBatch fetches the bodies of items without setting \Seen
// (BODY.PEEK[]), then ingests and marks each in UID order.
func (p *imapPoller) fetchBatch(c *imapclient.Client, items []imapItem) error {
	limit := p.maxSize()
	var set imap.UIDSet
	for _, it := range items {
		if limit <= 0 || it.size <= limit {
			set.AddNum(it.uid)
		}
	}
	section := &imap.FetchItemBodySection{Peek: true}
	bodies := map[imap.UID][]byte{}
	if len(set) > 0 {
		bufs, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return fmt.Errorf("fetch messages: %w", err)
		}
		for _, b := range bufs {
			bodies[b.UID] = b.FindBodySection(section)
		}
	}
	for _, it := range items {
		if limit > 0 && it.size > limit {
			if err := p.refuseOversized(c, it, limit); err != nil {
				return err
			}
			continue
		}
		raw, ok := bodies[it.uid]
		if !ok {
			continue // expunged by someone else since the listing
		}
		if raw == nil {
			return fmt.Errorf("fetch uid %d: server sent no body", it.uid)
		}
		if err := p.ingest(c, it.uid, raw); err != nil {
			return err
		}
	}
	return nil
}

// next is the watermark once uid is stored.
func (p *imapPoller) next(uid imap.UID) *store.IMAPState {
	s := p.state
	s.LastUID, s.LastPoll = uint32(uid), p.Clock.Now()
	return &s
}

// ingest files one message and the new watermark in one commit, then
// marks it on the server.
func (p *imapPoller) ingest(c *imapclient.Client, uid imap.UID, raw []byte) error {
	next := p.next(uid)
	env := store.Envelope{Source: store.SourceIMAP, MailFrom: returnPath(raw), Received: p.Clock.Now()}
	res, err := p.filer.Ingest(raw, env, next)
	if err != nil {
		return fmt.Errorf("ingest uid %d: %w", uid, err)
	}
	p.state = *next
	p.filer.Count(store.SourceIMAP, res)
	p.log.Info("received", "source", "imap", "uid", uid, "id", res.ID, "team", res.Team, "class", res.Class, "duplicate", res.Duplicate)
	return p.mark(c, uid)
}

// refuseOversized records a message over the size limit as refused,
// keeping only its header, and moves the watermark past it. Skipping it
// without a record would hide it from the admin; fetching it again on
// every poll would loop forever.
func (p *imapPoller) refuseOversized(c *imapclient.Client, it imapItem, limit int64) error {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	bufs, err := c.Fetch(imap.UIDSetNum(it.uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return fmt.Errorf("fetch header of uid %d: %w", it.uid, err)
	}
	if len(bufs) == 0 {
		return nil // expunged by someone else since the listing
	}
	hdr := bufs[0].FindBodySection(section)
	pm := parser.Parse(hdr, parser.Options{})
	next := p.next(it.uid)
	d := &store.Delivery{
		Raw: hdr,
		Message: store.Message{
			MessageID: pm.MessageID,
			Envelope:  store.Envelope{Source: store.SourceIMAP, Received: p.Clock.Now()},
			Class:     store.ClassRefused,
			Reason:    fmt.Sprintf("the message is %d bytes, over this gateway's limit of %d bytes; send it without large attachments", it.size, limit),
			Warnings:  []string{"only the header was kept"},
		},
		IMAP: next,
	}
	id, dup, err := p.DB.Deliver(d)
	if err != nil {
		return fmt.Errorf("store oversized uid %d: %w", it.uid, err)
	}
	p.state = *next
	p.Metrics.Refuse(metrics.ReasonSize)
	p.log.Error("imap message over the size limit; recorded as refused", "uid", it.uid, "id", id, "from", pm.From.Address, "size", it.size, "limit", limit, "duplicate", dup)
	return p.mark(c, it.uid)
}

// mark records on the server that uid is stored: UID MOVE to the
// configured folder, or UID STORE +FLAGS.SILENT (\Seen). Without MOVE
// it copies and marks \Seen, never \Deleted. A refusal from the server
// (NO, BAD) is logged and polling goes on: the message is stored and
// the watermark is past it. Any other error ends the connection, and
// the next one marks uid first.
func (p *imapPoller) mark(c *imapclient.Client, uid imap.UID) error {
	err := p.markErr(c, imap.UIDSetNum(uid))
	var refused *imap.Error
	if errors.As(err, &refused) {
		p.log.Warn("imap could not mark a stored message", "uid", uid, "move_to", p.cfg.MoveTo, "err", err)
		return nil
	}
	if err != nil {
		p.unmarked = append(p.unmarked, uid)
		return fmt.Errorf("mark uid %d: %w", uid, err)
	}
	return nil
}

// markUnmarked marks what the last connection stored but could not mark.
func (p *imapPoller) markUnmarked(c *imapclient.Client) error {
	uids := p.unmarked
	p.unmarked = nil
	for i, uid := range uids {
		if err := p.mark(c, uid); err != nil {
			p.unmarked = append(p.unmarked, uids[i+1:]...)
			return err
		}
	}
	return nil
}

func (p *imapPoller) markErr(c *imapclient.Client, set imap.UIDSet) error {
	seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
	if p.cfg.MoveTo == "" {
		return c.Store(set, seen, nil).Close()
	}
	// imapclient's Move falls back to COPY, \Deleted and EXPUNGE on
	// servers without MOVE (RFC 6851); call it only when MOVE exists.
	if c.Caps().Has(imap.CapMove) {
		_, err := c.Move(set, p.cfg.MoveTo).Wait()
		return err
	}
	if _, err := c.Copy(set, p.cfg.MoveTo).Wait(); err != nil {
		return err
	}
	return c.Store(set, seen, nil).Close()
}

// returnPath reads the Return-Path header the mailbox's server wrote on
// final delivery (RFC 5321 section 4.4): the envelope sender it saw.
// Delivery prepends, so the topmost one is the mailbox server's own.
func returnPath(raw []byte) string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	h, _ := r.ReadMIMEHeader()
	v := strings.TrimSpace(h.Get("Return-Path"))
	return strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
}
