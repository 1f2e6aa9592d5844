package parser

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // every charset go-message knows
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/encoding/charmap"
)

// Limits that keep hostile input cheap. Exceeding one is never an error:
// the parser warns and carries on with what it has.
const (
	maxDepth     = 8       // nested multipart levels; real mail uses 4 or 5
	maxParts     = 1000    // parts visited in one message
	maxTextBytes = 1 << 20 // decoded bytes kept per text part
)

// walker walks a MIME tree once, in order, keeping the text of inline
// text parts and only counting the bytes of everything else.
type walker struct {
	m        *Message
	parts    int
	deep     bool // warned about depth
	tooMany  bool // warned about part count
	warnSeen map[string]bool
	copyBuf  []byte // shared by every io.CopyBuffer of one parse
	top      string // the message's own media type, as entity read it
}

// discard reads r to the end, counting the bytes.
func (w *walker) discard(r io.Reader) int64 {
	if w.copyBuf == nil {
		w.copyBuf = make([]byte, 8192)
	}
	var n countWriter
	_, err := io.CopyBuffer(&n, r, w.copyBuf)
	if err != nil {
		w.warn("part ends early: %v", shortErr(err))
	}
	return int64(n)
}

func (w *walker) warn(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if w.warnSeen == nil {
		w.warnSeen = map[string]bool{}
	}
	if w.warnSeen[s] {
		return
	}
	w.warnSeen[s] = true
	w.m.Warnings = append(w.m.Warnings, s)
}

// content is the readable text of a subtree: plain text and HTML kept
// apart so multipart/alternative can choose.
type content struct {
	plain string
	html  string
}

func (c content) empty() bool {
	return strings.TrimSpace(c.plain) == "" && strings.TrimSpace(c.html) == ""
}

// entity reads one entity (header already parsed) whose raw body is r.
func (w *walker) entity(h message.Header, r io.Reader, depth int) content {
	w.parts++
	mediaType, params, err := h.ContentType()
	if err != nil {
		// A bad parameter list still names the type; keep the type.
		mediaType = strings.ToLower(strings.TrimSpace(strings.SplitN(h.Get("Content-Type"), ";", 2)[0]))
		w.warn("bad content-type %q", h.Get("Content-Type"))
	}
	if mediaType == "" {
		mediaType = "text/plain"
	}
	if depth == 0 {
		w.top = mediaType
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if params["boundary"] == "" {
			br := bufio.NewReader(r)
			b := guessBoundary(br)
			if b == "" {
				w.warn("multipart without boundary; body read as plain text")
				return content{plain: w.text(h, br, "text/plain", nil)}
			}
			w.warn("multipart without boundary parameter; boundary taken from the body")
			r, params = br, map[string]string{"boundary": b}
		}
		if depth >= maxDepth {
			if !w.deep {
				w.deep = true
				w.warn("MIME nesting deeper than %d levels; inner parts skipped", maxDepth)
				return w.salvage(r)
			}
			w.discard(r)
			return content{}
		}
		return w.multipart(mediaType, params["boundary"], r, depth)
	}
	disp, dparams, _ := h.ContentDisposition()
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	inline := disp != "attachment" && (filename == "" || disp == "inline")
	switch {
	case inline && mediaType == "text/plain":
		return content{plain: w.text(h, r, mediaType, params)}
	case inline && mediaType == "text/html":
		return content{html: w.text(h, r, mediaType, params)}
	}
	w.attachment(h, r, mediaType, filename)
	return content{}
}

// multipart reads the parts of a multipart body and merges their text.
func (w *walker) multipart(mediaType, boundary string, r io.Reader, depth int) content {
	mr := textproto.NewMultipartReader(r, boundary)
	var parts []content
	for {
		if w.parts >= maxParts {
			if !w.tooMany {
				w.tooMany = true
				w.warn("more than %d MIME parts; the rest skipped", maxParts)
			}
			w.discard(r)
			break
		}
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			switch {
			case len(parts) == 0:
				w.warn("multipart boundary not found")
			case strings.Contains(err.Error(), "EOF"):
				w.warn("multipart without closing boundary")
			default:
				w.warn("malformed multipart: %v", shortErr(err))
			}
			break
		}
		parts = append(parts, w.entity(message.Header{Header: p.Header}, p, depth+1))
	}
	switch mediaType {
	case "multipart/alternative":
		return pickAlternative(parts)
	case "multipart/report":
		// RFC 6522: the first part is the human-readable notice.
		if len(parts) > 0 {
			return parts[0]
		}
		return content{}
	}
	var c content
	for _, p := range parts {
		c.plain = joinText(c.plain, p.plain)
		c.html = joinText(c.html, p.html)
	}
	return c
}

// salvage finds the first text/plain part in a subtree too deep to walk,
// by its header, and reads it up to the next boundary line.
func (w *walker) salvage(r io.Reader) content {
	buf, _ := io.ReadAll(io.LimitReader(r, maxTextBytes))
	w.discard(r)
	lower := bytes.ToLower(buf)
	i := bytes.Index(lower, []byte("content-type: text/plain"))
	if i < 0 {
		return content{}
	}
	head, body := splitHeader(buf[i:])
	if j := bytes.Index(body, []byte("\n--")); j >= 0 {
		body = body[:j+1]
	} else if bytes.HasPrefix(body, []byte("--")) {
		body = nil
	}
	var scratch Message
	h := readHeader(head, &scratch)
	_, params, _ := h.ContentType()
	return content{plain: w.text(h, bytes.NewReader(body), "text/plain", params)}
}

// guessBoundary peeks at the body for the first "--boundary" line (a
// closing "--boundary--" names it too); text may come before it.
func guessBoundary(br *bufio.Reader) string {
	head, _ := br.Peek(4096)
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimRight(line, "\r \t")
		if len(line) > 72 || !bytes.HasPrefix(line, []byte("--")) || bytes.IndexByte(line, ' ') >= 0 {
			continue
		}
		if b := bytes.TrimSuffix(line[2:], []byte("--")); len(b) > 0 {
			return string(b)
		}
	}
	return ""
}

// pickAlternative prefers text/plain, then HTML, then any nested
// alternative with text (RFC 2046 section 5.1.4).
func pickAlternative(parts []content) content {
	for _, p := range parts {
		if strings.TrimSpace(p.plain) != "" {
			return content{plain: p.plain}
		}
	}
	for _, p := range parts {
		if !p.empty() {
			return p
		}
	}
	return content{}
}

func joinText(a, b string) string {
	switch {
	case b == "":
		return a
	case a == "":
		return b
	}
	return strings.TrimRight(a, "\r\n") + "\n\n" + b
}

// attachment counts a part's decoded bytes without keeping them.
func (w *walker) attachment(h message.Header, r io.Reader, mediaType, filename string) {
	dec, _ := w.transfer(h, r)
	n := w.discard(dec)
	if b, ok := dec.(*b64Reader); ok && b.bad {
		w.warn("bad base64 in attachment %q", filename)
	}
	if len(w.m.Attachments) >= maxParts {
		return
	}
	w.m.Attachments = append(w.m.Attachments, Attachment{
		Filename:    sanitize(filename),
		ContentType: mediaType,
		Size:        n,
	})
}

// text decodes a text part: transfer encoding, charset, format=flowed.
func (w *walker) text(h message.Header, r io.Reader, mediaType string, params map[string]string) string {
	dec, enc := w.transfer(h, r)
	buf, err := io.ReadAll(io.LimitReader(dec, maxTextBytes))
	if err != nil && err != io.EOF {
		w.warn("bad %s in text part: %v", enc, shortErr(err))
	}
	if b, ok := dec.(*b64Reader); ok && b.bad {
		w.warn("bad base64 in text part; junk skipped")
	}
	if len(buf) == maxTextBytes {
		if n := w.discard(dec); n > 0 {
			w.warn("text part longer than %d bytes; truncated", maxTextBytes)
		}
	}
	s := w.charset(buf, params["charset"])
	if mediaType == "text/plain" && strings.EqualFold(params["format"], "flowed") {
		s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
	}
	return s
}

// transfer undoes the Content-Transfer-Encoding leniently: base64 skips
// bytes outside its alphabet, quoted-printable keeps broken escapes.
func (w *walker) transfer(h message.Header, r io.Reader) (io.Reader, string) {
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding")))
	switch enc {
	case "base64":
		return newB64Reader(r), enc
	case "quoted-printable":
		return quotedprintable.NewReader(r), enc
	case "", "7bit", "8bit", "binary":
		return r, "content"
	}
	w.warn("unknown transfer encoding %q; used as is", enc)
	return r, "content"
}

// charset converts decoded bytes to UTF-8. An unknown charset is a
// warning: the bytes are used as they are, with invalid UTF-8 replaced.
func (w *walker) charset(b []byte, cs string) string {
	if bytes.IndexByte(b, 0) >= 0 {
		w.warn("NUL bytes removed")
		b = bytes.ReplaceAll(b, []byte{0}, nil)
	}
	cs = strings.ToLower(strings.TrimSpace(cs))
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8":
		return asUTF8(b)
	}
	if message.CharsetReader != nil {
		cr, err := message.CharsetReader(cs, bytes.NewReader(b))
		if err == nil {
			out, err := io.ReadAll(cr)
			if err != nil {
				w.warn("charset %q: %v", cs, shortErr(err))
			}
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	w.warn("unknown charset %q; text read as UTF-8 or Windows-1252", cs)
	return asUTF8(b)
}

// asUTF8 reads bytes that should be UTF-8 but may not be: a stray high
// byte is read as Windows-1252 (what undeclared 8-bit mail almost always
// is), a truncated multibyte sequence becomes U+FFFD.
func asUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b) + len(b)/8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			out.Write(b[i : i+n])
			i += n
			continue
		}
		c := b[i]
		i++
		if c >= 0xC2 && c <= 0xF4 && i < len(b) && b[i]&0xC0 == 0x80 {
			for i < len(b) && b[i]&0xC0 == 0x80 {
				i++
			}
			out.WriteRune(utf8.RuneError)
			continue
		}
		out.WriteRune(charmap.Windows1252.DecodeByte(c))
	}
	return out.String()
}

// b64Reader decodes base64 leniently, line by line: stray bytes inside
// a line are skipped, a line that is mostly junk is dropped, padding in
// the middle restarts decoding, and a missing final padding is
// tolerated. bad records that something was skipped.
type b64Reader struct {
	src  *bufio.Reader
	quad [4]byte
	n    int
	out  []byte // decoded, not yet read
	buf  []byte // backing store for out
	bad  bool
	err  error
}

func newB64Reader(r io.Reader) *b64Reader {
	return &b64Reader{src: bufio.NewReaderSize(r, 8192)}
}

var b64Dec = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alpha); i++ {
		t[alpha[i]] = byte(i)
	}
	return t
}()

func (b *b64Reader) Read(p []byte) (int, error) {
	for len(b.out) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		line, err := b.src.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			err = nil
		}
		b.buf = b.buf[:0]
		b.line(line)
		if err != nil {
			b.flush()
			b.err = err
		}
		b.out = b.buf
	}
	n := copy(p, b.out)
	b.out = b.out[n:]
	return n, nil
}

// line decodes one input line into b.buf.
func (b *b64Reader) line(line []byte) {
	junk, valid := 0, 0
	for _, c := range line {
		switch {
		case b64Dec[c] != 0xFF || c == '=':
			valid++
		case c != '\r' && c != '\n' && c != ' ' && c != '\t':
			junk++
		}
	}
	if junk > 0 {
		b.bad = true
		if junk*4 > valid {
			return // not base64 at all: skip the line
		}
	}
	for _, c := range line {
		if c == '=' {
			b.flush()
			continue
		}
		v := b64Dec[c]
		if v == 0xFF {
			continue
		}
		b.quad[b.n] = v
		b.n++
		if b.n == 4 {
			q := b.quad
			b.buf = append(b.buf, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
			b.n = 0
		}
	}
}

// flush emits a partial quantum, as padding would have.
func (b *b64Reader) flush() {
	q := b.quad
	switch b.n {
	case 2:
		b.buf = append(b.buf, q[0]<<2|q[1]>>4)
	case 3:
		b.buf = append(b.buf, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2)
	case 1:
		b.bad = true
	}
	b.n = 0
}

// countWriter counts bytes written to it and keeps none.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// shortErr turns an error into a short, stable warning text.
func shortErr(err error) string {
	var ce base64.CorruptInputError
	if errors.As(err, &ce) {
		return "corrupt base64"
	}
	s := err.Error()
	if len(s) > 80 {
		s = s[:80]
	}
	return sanitize(s)
}

// splitHeader finds the end of the header block. It tolerates bare LF
// and a missing blank line (then the whole input is header).
func splitHeader(raw []byte) (head, body []byte) {
	start := 0
	if bytes.HasPrefix(raw, []byte("From ")) {
		// An mbox separator line, not a header field.
		if j := bytes.IndexByte(raw, '\n'); j >= 0 {
			start = j + 1
		}
	}
	for i := start; i < len(raw); {
		end, next := len(raw), len(raw)
		if j := bytes.IndexByte(raw[i:], '\n'); j >= 0 {
			end, next = i+j, i+j+1
		}
		line := raw[i:end]
		if len(bytes.TrimRight(line, "\r")) == 0 {
			return raw[start:i], raw[next:]
		}
		if !looksHeaderLine(line) || !knownField(line) {
			// A body that starts without the blank line.
			return raw[start:i], raw[i:]
		}
		i = next
	}
	return raw[start:], nil
}

// singleWordFields are the header fields without a hyphen. A line such
// as "Done: x" right after the header is body, not a field.
var singleWordFields = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "subject": true, "date": true,
	"sender": true, "received": true, "references": true, "comments": true,
	"keywords": true, "importance": true, "priority": true, "precedence": true,
	"sensitivity": true, "organization": true, "organisation": true, "encrypted": true,
	"status": true, "lines": true, "path": true, "newsgroups": true, "xref": true,
	"autocrypt": true, "face": true, "expires": true, "supersedes": true, "approved": true,
	"distribution": true, "summary": true, "followup-to": true, "openpgp": true,
	"x-mailer": true, "bounces-to": true, "errors-to": true, "envelope-to": true,
}

// knownField reports whether a header line is a continuation, a field
// with a hyphen in its name (Message-ID, X-Mailer) or a known field.
func knownField(line []byte) bool {
	if line[0] == ' ' || line[0] == '\t' {
		return true
	}
	key := line[:bytes.IndexByte(line, ':')]
	return bytes.IndexByte(key, '-') >= 0 || singleWordFields[strings.ToLower(string(key))]
}

func looksHeaderLine(line []byte) bool {
	if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
		return true
	}
	k := bytes.IndexByte(line, ':')
	if k <= 0 {
		return false
	}
	for _, c := range line[:k] {
		if c <= ' ' || c >= 127 {
			return false
		}
	}
	return true
}

// headerClean reports whether go-message can read head as it is.
func headerClean(head []byte) bool {
	if len(head) == 0 || head[0] == ' ' || head[0] == '\t' || head[len(head)-1] != '\n' || bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		line := head[:i+1]
		head = head[i+1:]
		if len(bytes.TrimSpace(line)) == 0 || !looksHeaderLine(line) {
			return false
		}
	}
	return true
}

// headerBufSize sizes the reader of a header: the whole header when it
// is small, instead of bufio's 4 KB for every message. ReadHeader
// reads long lines in pieces, so the size never changes the result.
func headerBufSize(head []byte) int {
	return min(len(head)+2, 4096)
}

// readHeader parses the header block, dropping lines go-message would
// reject so that one bad line does not lose the rest.
func readHeader(head []byte, m *Message) message.Header {
	if headerClean(head) {
		r := io.MultiReader(bytes.NewReader(head), strings.NewReader("\r\n"))
		h, err := textproto.ReadHeader(bufio.NewReaderSize(r, headerBufSize(head)))
		if err != nil {
			m.Warnings = append(m.Warnings, "read header: "+shortErr(err))
		}
		return message.Header{Header: h}
	}
	var clean bytes.Buffer
	clean.Grow(len(head) + 2)
	dropped := false
	for i, line := range bytes.SplitAfter(head, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if !looksHeaderLine(line) || (i == 0 && (line[0] == ' ' || line[0] == '\t')) {
			dropped = true
			continue
		}
		clean.Write(bytes.ReplaceAll(line, []byte{0}, nil))
		if line[len(line)-1] != '\n' {
			clean.WriteString("\r\n")
		}
	}
	if dropped {
		m.Warnings = append(m.Warnings, "malformed header lines skipped")
	}
	clean.WriteString("\r\n")
	h, err := textproto.ReadHeader(bufio.NewReaderSize(&clean, headerBufSize(clean.Bytes())))
	if err != nil {
		m.Warnings = append(m.Warnings, "read header: "+shortErr(err))
	}
	return message.Header{Header: h}
}
