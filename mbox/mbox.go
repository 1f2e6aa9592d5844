// Package mbox reads and writes mailbox files in the mboxrd flavour of
// RFC 4155: each message starts with a "From " line (the From_ line:
// envelope sender and date), and a line of the message that starts
// with "From ", after any number of ">", gets one more ">" in the file,
// which a reader takes off again.
//
// The Reader streams: it holds one message at a time, never the file.
// A From_ line starts a message only at the start of the file or after
// an empty line, so an unquoted "From " inside a paragraph (mboxo
// files written by careless tools) does not split a message.
package mbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrNotMbox is returned when the input does not start with a From_ line.
var ErrNotMbox = errors.New("not an mbox file: it does not start with a \"From \" line")

// Reader returns the messages of an mbox one by one.
type Reader struct {
	r    *bufio.Reader
	next bool // a From_ line was read and starts the next message
	line int  // lines read, for errors
	err  error
}

// NewReader reads an mbox from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

var fromLine = []byte("From ")

// Next returns the next message, its From_ line removed and its quoted
// ">From " lines unquoted, with line endings as in the file. It returns
// io.EOF after the last message.
func (r *Reader) Next() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.next {
		if err := r.start(); err != nil {
			r.err = err
			return nil, err
		}
	}
	r.next = false
	var msg []byte
	prevBlank := false
	for {
		line, err := r.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long := bytes.Clone(line)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = r.r.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if len(line) > 0 {
			r.line++
			if prevBlank && bytes.HasPrefix(line, fromLine) {
				r.next = true
				return trimSeparator(msg), nil
			}
			isBlank := len(bytes.TrimRight(line, "\r\n")) == 0
			if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, fromLine) {
				line = line[1:]
			}
			msg = append(msg, line...)
			prevBlank = isBlank
		}
		if err == io.EOF {
			r.err = io.EOF
			if prevBlank {
				msg = trimSeparator(msg)
			}
			return msg, nil
		}
		if err != nil {
			r.err = fmt.Errorf("mbox line %d: %w", r.line+1, err)
			return nil, r.err
		}
	}
}

// start skips blank lines and reads the first From_ line.
func (r *Reader) start() error {
	for {
		line, err := r.r.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.r.ReadSlice('\n')
		}
		if len(line) > 0 {
			r.line++
		}
		if bytes.HasPrefix(line, fromLine) {
			if err == io.EOF {
				r.err = io.EOF // a From_ line and nothing more: one empty message
			}
			return nil
		}
		if len(bytes.TrimSpace(line)) != 0 {
			return ErrNotMbox
		}
		if err != nil {
			if err == io.EOF {
				return io.EOF
			}
			return fmt.Errorf("mbox line %d: %w", r.line+1, err)
		}
	}
}

// trimSeparator drops the empty line that separates msg from the next
// From_ line.
func trimSeparator(msg []byte) []byte {
	if bytes.HasSuffix(msg, []byte("\r\n")) {
		return msg[:len(msg)-2]
	}
	if bytes.HasSuffix(msg, []byte("\n")) {
		return msg[:len(msg)-1]
	}
	return msg
}

// Writer writes messages as an mboxrd file.
type Writer struct {
	w   io.Writer
	buf bytes.Buffer
}

// NewWriter writes an mbox to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write appends one message: a From_ line with sender and date, the
// message with CRLF turned into LF and "From " lines quoted, a newline
// at its end if it lacked one, and the empty separator line.
func (w *Writer) Write(sender string, date time.Time, raw []byte) error {
	if sender == "" {
		sender = "MAILER-DAEMON"
	}
	b := &w.buf
	b.Reset()
	fmt.Fprintf(b, "From %s %s\n", sender, date.UTC().Format(time.ANSIC))
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i+1], raw[i+1:]
		} else {
			raw = nil
		}
		if bytes.HasPrefix(bytes.TrimLeft(line, ">"), fromLine) {
			b.WriteByte('>')
		}
		b.Write(line)
	}
	if b.Len() > 0 && b.Bytes()[b.Len()-1] != '\n' {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	_, err := w.w.Write(b.Bytes())
	return err
}
