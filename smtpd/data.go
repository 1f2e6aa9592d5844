package smtpd

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/limit"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/emersion/go-smtp"
)

const (
	// maxBounceSize is the largest message taken from the null sender.
	// Bounces need no membership (anyone can send one) and are only
	// recorded, never filed; a DSN of anything Baton sends, original
	// included, is far smaller.
	maxBounceSize = 1 << 20
	// budgetWait is how long a session waits for memory_budget before
	// 452: the client is held by TCP flow control meanwhile, and RFC
	// 5321 section 4.5.3.2.5 lets it wait 3 minutes per data block.
	budgetWait = time.Minute
	// firstChunk is the size of the pooled first piece of a message read
	// without a declared SIZE, and what such a message reserves first;
	// most status mail fits in it.
	firstChunk = 64 << 10
	// maxChunk is the largest further piece: pieces grow to it, so a
	// large message costs few reads and little slack.
	maxChunk = 1 << 20
)

// firstChunks hold the first 64 KB of DATA between messages.
var firstChunks = sync.Pool{New: func() any { b := make([]byte, firstChunk); return &b }}

// admit records MAIL FROM's SIZE (RFC 1870) for the reservation DATA
// makes, and refuses a bounce declared larger than bounces may be.
func (ss *session) admit(from string, opts *smtp.MailOptions) error {
	ss.declared = 0
	if opts != nil {
		ss.declared = opts.Size
	}
	if from == "" && ss.declared > maxBounceSize {
		return ss.bounceTooLarge()
	}
	return nil
}

func (ss *session) bounceTooLarge() *smtp.SMTPError {
	ss.log.Info("refused", "from", "", "reason", "bounce too large", "size", ss.declared)
	ss.s.d.Metrics.Refuse(metrics.ReasonBounceSize)
	return smtpErr(552, [3]int{5, 3, 4}, fmt.Sprintf("bounces (MAIL FROM:<>) larger than %d bytes are not taken here; send the headers only (RET=HDRS)", maxBounceSize))
}

// readData reads one message under the memory budget into a slice of
// exactly its size. Each byte is charged messageCost times: the read
// buffer, the store's copy in the commit and bbolt's copy when it
// remaps its file mid-commit. A declared SIZE is reserved whole before
// reading, waiting in line for the budget; without one the reservation
// grows with the bytes read, into budget free at the time, so a client
// trickling its message holds only what it sent. It returns the bytes
// with a func that gives the reservation back; its errors are SMTP
// replies, counted and logged.
func (ss *session) readData(r io.Reader) (raw []byte, done func(), err error) {
	cfg := ss.s.d.Config().SMTP
	limit := cfg.MaxMessageSize
	if ss.from == "" {
		limit = min(limit, maxBounceSize)
	}
	reserve := min(limit, firstChunk)
	if ss.declared > 0 {
		reserve = min(limit, ss.declared+4096) // headers a relay adds
	}
	mem := ss.s.d.Mem
	wait, stop := ss.s.d.Clock.Timer(budgetWait)
	ok := mem.Acquire(messageCost*reserve, wait)
	stop()
	if !ok {
		ss.log.Info("refused", "from", ss.from, "reason", "memory budget", "reserve", reserve)
		ss.s.d.Metrics.Refuse(metrics.ReasonBudget)
		return nil, func() {}, smtpErr(452, [3]int{4, 3, 1}, "too many large messages are arriving at once; try again in a few minutes")
	}
	if ss.guard != nil {
		ss.guard.StartData(cfg.DataTimeout)
		defer ss.guard.EndData()
	}
	raw, pooled, held, err := readExact(r, reserve, limit, ss.declared > 0, mem)
	if err == nil && held > int64(len(raw)) {
		mem.Release(messageCost * (held - int64(len(raw)))) // SIZE said more
		held = int64(len(raw))
	}
	done = func() {
		mem.Release(messageCost * held)
		if pooled != nil {
			firstChunks.Put(pooled)
		}
	}
	if err != nil {
		return nil, done, ss.dataErr(err)
	}
	return raw, done, nil
}

// messageCost is how many times its size a message costs in memory
// while it is read, parsed and committed (BENCHMARKS.md).
const messageCost = config.MessageCost

// errOverBudget is readExact's error when a message outgrows its
// reservation while the budget has nothing left to spare.
var errOverBudget = errors.New("message outgrew its reservation")

// readExact reads r into one slice of its exact length. With a
// declared size the first piece is allocated at reserve bytes and is
// usually the whole message; without one, pieces grow from a pooled
// 64 KB to 1 MB and are joined at the end. held is the message bytes
// reserved of mem (reserve and any growth past it; each costs
// messageCost), and pooled the pooled piece to return once raw is no
// longer used.
func readExact(r io.Reader, reserve, limit int64, declared bool, mem *limit.Budget) (raw []byte, pooled *[]byte, held int64, err error) {
	held = reserve
	var first []byte
	if declared || reserve < firstChunk {
		first = make([]byte, reserve)
	} else {
		pooled = firstChunks.Get().(*[]byte)
		first = *pooled
	}
	var pieces [][]byte
	var total int64
	piece, n := first, 0
	for {
		if n == len(piece) {
			pieces, total = append(pieces, piece), total+int64(n)
			size := int64(min(max(firstChunk, len(piece)*2), maxChunk))
			if total+size > held {
				// Past the reservation: grow only into budget free
				// now. Waiting here could deadlock sessions that each
				// hold part of the budget.
				grow := min(total+size-held, limit+1-held)
				if grow <= 0 || !mem.TryAcquire(messageCost*grow) {
					return nil, pooled, held, errOverBudget
				}
				held += grow
				size = held - total
			}
			piece, n = make([]byte, size), 0
		}
		m, rerr := r.Read(piece[n:])
		n += m
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, pooled, held, rerr
		}
	}
	if len(pieces) == 0 {
		return piece[:n], pooled, held, nil
	}
	raw = make([]byte, 0, total+int64(n))
	for _, p := range pieces {
		raw = append(raw, p...)
	}
	return append(raw, piece[:n]...), pooled, held, nil
}

// dataErr turns a failed DATA read into its reply.
func (ss *session) dataErr(err error) *smtp.SMTPError {
	var se *smtp.SMTPError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		ss.s.d.Metrics.Refuse(metrics.ReasonSize)
		return se // 552 size
	case errors.Is(err, smtp.ErrTooLongLine):
		ss.s.d.Metrics.Refuse(metrics.ReasonLine)
		return smtpErr(500, [3]int{5, 4, 0}, fmt.Sprintf("a line is longer than %d bytes; wrap long lines or send the file as an attachment", ss.s.d.Config().SMTP.MaxLineLength))
	case errors.Is(err, errOverBudget) && ss.from == "":
		return ss.bounceTooLarge()
	case errors.Is(err, errOverBudget):
		ss.log.Info("refused", "from", ss.from, "reason", "larger than declared SIZE and memory budget full", "declared", ss.declared)
		ss.s.d.Metrics.Refuse(metrics.ReasonBudget)
		return smtpErr(452, [3]int{4, 3, 1}, "the message is larger than its declared SIZE and too many large messages are arriving at once; try again later")
	case errors.As(err, &ne) && ne.Timeout():
		// conns.go logged and counted which deadline passed.
		return smtpErr(451, [3]int{4, 4, 2}, fmt.Sprintf("the message did not arrive within %s; try again later", ss.s.d.Config().SMTP.DataTimeout))
	}
	return smtpErr(451, [3]int{4, 4, 2}, "reading the message failed; try again later")
}
