package parser

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText renders HTML mail as plain text: paragraphs become blank
// lines, list items "- " or "1. " bullets, links "text (url)". Quoted
// history (blockquote, Gmail's gmail_quote, Yahoo's yahoo_quoted, and
// everything from Outlook's reply divider on) is rendered with "> "
// markers, so trim treats it exactly like quoted plain text.
func htmlToText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	r := &htmlRenderer{}
	r.node(doc)
	return strings.TrimSpace(r.b.String())
}

type htmlRenderer struct {
	b       strings.Builder
	depth   int  // quote depth of the text being written
	after   int  // extra quote depth from an Outlook divider on
	breaks  int  // line breaks owed before the next text
	started bool // some text written
	lineLen int  // bytes on the current line
	pre     int  // inside <pre>
}

// block asks for n line breaks (1: new line, 2: blank line) before the
// next text.
func (r *htmlRenderer) block(n int) {
	if r.started && r.breaks < n {
		r.breaks = n
	}
}

func (r *htmlRenderer) write(s string) {
	if s == "" {
		return
	}
	if r.breaks > 0 {
		for i := 0; i < r.breaks; i++ {
			r.b.WriteByte('\n')
		}
		r.breaks = 0
		r.lineLen = 0
	}
	if r.lineLen == 0 {
		if d := r.depth + r.after; d > 0 {
			r.b.WriteString(strings.Repeat("> ", d))
		}
		if r.pre == 0 {
			s = strings.TrimLeft(s, " ")
			if s == "" {
				return
			}
		}
	}
	r.b.WriteString(s)
	r.lineLen += len(s)
	r.started = true
}

// text writes a text node, collapsing white space outside <pre>.
func (r *htmlRenderer) text(s string) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	if r.pre > 0 {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if i > 0 {
				r.breaks = max(r.breaks, 1)
				r.started = true
			}
			r.write(l)
		}
		return
	}
	lead := len(s) > 0 && isSpaceByte(s[0])
	trail := len(s) > 0 && isSpaceByte(s[len(s)-1])
	f := strings.Fields(s)
	if len(f) == 0 {
		if lead && r.lineLen > 0 {
			r.write(" ")
		}
		return
	}
	out := strings.Join(f, " ")
	if lead && r.lineLen > 0 && r.breaks == 0 {
		out = " " + out
	}
	if trail {
		out += " "
	}
	r.write(out)
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (r *htmlRenderer) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
	default:
		r.children(n)
		return
	}
	switch n.DataAtom {
	case atom.Head, atom.Style, atom.Script, atom.Title, atom.Template:
		return
	case atom.Br:
		r.breaks = max(r.breaks, 1)
		r.started = true
		return
	case atom.Img:
		return
	}
	if isOutlookDivider(n) {
		r.after = 1
	}
	quote := isHTMLQuote(n)
	if quote {
		r.block(1)
		r.depth++
	}
	switch n.DataAtom {
	case atom.A:
		r.link(n)
	case atom.Ul, atom.Ol:
		r.block(1)
		r.list(n)
		r.block(2)
	case atom.Li:
		r.block(1)
		r.write("- ")
		r.children(n)
		r.block(1)
	case atom.Pre:
		r.block(2)
		r.pre++
		r.children(n)
		r.pre--
		r.block(2)
	case atom.Hr:
		r.block(1)
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		r.block(2)
		r.children(n)
		r.block(2)
	case atom.Div, atom.Tr, atom.Blockquote, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Dl, atom.Dt, atom.Dd, atom.Center:
		r.block(1)
		r.children(n)
		r.block(1)
	case atom.Td, atom.Th:
		r.children(n)
		r.text(" ")
	default:
		r.children(n)
	}
	if quote {
		r.block(1)
		r.depth--
	}
}

func (r *htmlRenderer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.node(c)
	}
}

// list renders <ul>/<ol> items with "- " or "N. " markers.
func (r *htmlRenderer) list(n *html.Node) {
	i := 1
	if s := attr(n, "start"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			i = v
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			r.node(c)
			continue
		}
		r.block(1)
		if n.DataAtom == atom.Ol {
			r.write(strconv.Itoa(i) + ". ")
			i++
		} else {
			r.write("- ")
		}
		r.children(c)
		r.block(1)
	}
}

// link keeps the link text and, when it says something else, the URL.
func (r *htmlRenderer) link(n *html.Node) {
	start := r.b.Len()
	r.children(n)
	label := strings.TrimSpace(r.b.String()[start:])
	href := strings.TrimSpace(attr(n, "href"))
	if href == "" || strings.HasPrefix(href, "#") {
		return
	}
	bare := strings.TrimPrefix(strings.TrimPrefix(href, "mailto:"), "tel:")
	if label == "" {
		r.write(bare)
		return
	}
	if label == href || label == bare || strings.TrimRight(href, "/") == strings.TrimRight(label, "/") ||
		strings.HasPrefix(href, "mailto:") || strings.HasPrefix(href, "tel:") {
		return
	}
	r.write(" (" + href + ")")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// isHTMLQuote reports whether n wraps quoted history.
func isHTMLQuote(n *html.Node) bool {
	if n.DataAtom == atom.Blockquote {
		return true
	}
	class := attr(n, "class")
	for _, c := range strings.Fields(class) {
		switch c {
		case "gmail_quote", "yahoo_quoted", "protonmail_quote", "moz-forward-container", "zmail_extra":
			return true
		}
	}
	return false
}

// isOutlookDivider reports whether n starts Outlook's reply header: the
// divRplyFwdMsg block, the appendonsend marker, or the bordered
// "From:" paragraph of desktop Outlook. Everything after it is history.
func isOutlookDivider(n *html.Node) bool {
	id := attr(n, "id")
	if strings.HasSuffix(id, "divRplyFwdMsg") || strings.HasSuffix(id, "appendonsend") {
		return true
	}
	if n.DataAtom != atom.Div {
		return false
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "border-top:solid#e1e1e1") || strings.Contains(style, "border-top:solid#b5c4df")
}
