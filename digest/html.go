package digest

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The HTML part: one centred single-column table (Outlook ignores
// max-width on a div), inline styles only, no images or external assets,
// system fonts. Every value is escaped as html/template would escape it
// in its context (escapeHTML, writeMailto); mailto: links carry the
// reply addresses. Written by hand: an item is written once per day,
// but a digest's frame once per recipient, and a template engine
// costs more than the escaping.
const (
	font  = `font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;`
	muted = `font-size:13px;color:#57606a;`
	link  = `color:#0969da;text-decoration:underline;`
)

const (
	htmlHead1 = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>`
	htmlHead2 = `</title></head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:#ffffff;border:1px solid #dfe2e6;"><tr><td style="padding:20px 24px;` + font + `font-size:15px;line-height:1.5;color:#1f2328;text-align:left;overflow-wrap:break-word;word-wrap:break-word;">
<p style="margin:0 0 8px 0;` + muted + `">`
	htmlFoot1 = `<p style="margin:24px 0 0 0;padding-top:12px;border-top:1px solid #dfe2e6;` + muted + `">`
	htmlFoot2 = `</p>
</td></tr></table>
</td></tr></table>
</body></html>
`
	htmlTeam   = `<h2 style="margin:24px 0 8px 0;padding:0 0 4px 0;border-bottom:2px solid #1f2328;` + font + `font-size:20px;line-height:1.3;color:#1f2328;">`
	htmlKind   = `<h3 style="margin:16px 0 6px 0;` + font + `font-size:13px;letter-spacing:0.05em;text-transform:uppercase;color:#57606a;">`
	htmlSilent = `<p style="margin:12px 0 0 0;` + muted + `">Not posted `
	htmlAway   = `<p style="margin:12px 0 0 0;` + muted + `">Away: `
)

// writeHead writes the document up to the digest's lead line.
func writeHead(b *strings.Builder, subject, lead string) {
	b.WriteString(htmlHead1)
	escapeHTML(b, subject)
	b.WriteString(htmlHead2)
	escapeHTML(b, lead)
	b.WriteString("</p>\n")
}

func writeFoot(b *strings.Builder, text string) {
	b.WriteString(htmlFoot1)
	escapeHTML(b, text)
	b.WriteString(htmlFoot2)
}

// writeHeading writes a heading (h2 or h3 as open says) around text.
func writeHeading(b *strings.Builder, open, text, end string) {
	b.WriteString(open)
	escapeHTML(b, text)
	b.WriteString(end)
}

func writeAway(b *strings.Builder, away []awayOut) {
	b.WriteString(htmlAway)
	for i, a := range away {
		if i > 0 {
			b.WriteString("; ")
		}
		escapeHTML(b, a.name)
		b.WriteString(" until " + a.until)
	}
	b.WriteString(".</p>\n")
}

func writeSilent(b *strings.Builder, since string, names []string) {
	b.WriteString(htmlSilent)
	escapeHTML(b, since)
	b.WriteString(": ")
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		escapeHTML(b, n)
	}
	b.WriteString(".</p>\n")
}

// htmlItem renders a blocker, decision or question; the recipient's
// reply link is a hole.
func htmlItem(v *itemView, h *holes) string {
	var b strings.Builder
	b.Grow(512 + len(v.Text) + len(v.Rationale))
	b.WriteString(`<p style="margin:0 0 10px 0;padding:0 0 0 10px;border-left:3px solid `)
	switch v.Kind {
	case "blocker":
		b.WriteString("#cf222e")
	case "decision":
		b.WriteString("#1a7f37")
	default:
		b.WriteString("#9a6700")
	}
	b.WriteString(`;">`)
	escapeHTML(&b, v.Text)
	if v.State != "" {
		b.WriteString(` <span style="` + muted + `">(`)
		escapeHTML(&b, v.State)
		b.WriteString(`)</span>`)
	}
	if v.To != "" {
		b.WriteString(` <span style="` + muted + `">(to `)
		escapeHTML(&b, v.To)
		b.WriteString(`)</span>`)
	}
	if v.Rationale != "" {
		b.WriteString(`<br><em>Why:</em> `)
		escapeHTML(&b, v.Rationale)
	}
	if v.Replaces != "" {
		b.WriteString(`<br><em>Replaces:</em> `)
		escapeHTML(&b, v.Replaces)
	}
	b.WriteString("\n" + `<br><span style="` + muted + `">`)
	if v.Kind == "answered" {
		b.WriteString("Answered by ")
	}
	escapeHTML(&b, v.Author)
	b.WriteByte(',')
	switch v.Kind {
	case "blocker":
		b.WriteString(" blocked for " + v.When)
	case "question":
		b.WriteString(" asked " + v.When + " ago")
	default:
		b.WriteString(" " + v.When)
	}
	b.WriteString(h.reply(replyHole{html: true, pre: ` &#183; <a href="mailto:`, post: `" style="` + link + `">Reply</a>`}))
	b.WriteString("</span></p>\n")
	return b.String()
}

// htmlUpdate renders an update with its sections and replies; the
// recipient's reply link is a hole.
func htmlUpdate(v *updateView, h *holes) string {
	var b strings.Builder
	b.Grow(1024)
	b.WriteString(`<div style="margin:0 0 14px 0;padding:0 0 10px 0;border-bottom:1px solid #eaecef;">` + "\n" +
		`<p style="margin:0;"><strong>`)
	author := escapedHTML(v.Author)
	replyLabel := "Reply to " + author
	if v.Own {
		replyLabel = "Reply"
	}
	b.WriteString(author)
	b.WriteString(`</strong> <span style="` + muted + `">` + v.When + `</span>`)
	if v.Urgent {
		b.WriteString(` <span style="font-size:12px;font-weight:bold;color:#cf222e;">URGENT</span>`)
	}
	if v.Summary != "" {
		b.WriteString(`: `)
		escapeHTML(&b, v.Summary)
	}
	b.WriteString(`</p>`)
	for _, s := range v.Sections {
		b.WriteString("\n" + `<p style="margin:6px 0 2px 0;font-weight:bold;">`)
		escapeHTML(&b, s.Title)
		b.WriteString("</p>\n" + `<ul style="margin:0;padding:0 0 0 20px;">`)
		for _, it := range s.Items {
			b.WriteString(`<li style="margin:0 0 2px 0;">`)
			escapeHTML(&b, it)
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	for _, r := range v.Replies {
		b.WriteString("\n" + `<div style="margin:6px 0 0 `)
		b.WriteString(strconv.Itoa(r.Indent()))
		b.WriteString(`px;padding:0 0 0 10px;border-left:3px solid #d0d7de;"><span style="` + muted + `"><strong style="color:#1f2328;">`)
		escapeHTML(&b, r.Author)
		b.WriteString(`</strong> ` + r.When + `</span><br>`)
		for i, l := range r.Lines {
			if i > 0 {
				b.WriteString(`<br>`)
			}
			escapeHTML(&b, l)
		}
		b.WriteString(`</div>`)
	}
	b.WriteString(h.reply(replyHole{html: true,
		pre:  "\n" + `<p style="margin:6px 0 0 0;font-size:13px;"><a href="mailto:`,
		post: `" style="` + link + `">` + replyLabel + `</a></p>`}))
	b.WriteString("\n</div>\n")
	return b.String()
}

// escapeHTML writes s to b escaped as html/template escapes a string in
// text or in a quoted attribute value. It escapes "+" too, as
// html/template does (html.EscapeString does not), so the output stays
// the same as before. Anything outside ASCII becomes a numeric character
// reference (bytes that are not UTF-8 become U+FFFD), so the part is
// 7-bit and goes out without quoted-printable.
func escapeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[last:i])
			b.WriteString("&#")
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
			i += size
			last = i
			continue
		}
		var esc string
		switch c {
		case 0:
			esc = "&#65533;"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i++
		last = i
	}
	b.WriteString(s[last:])
}

// escapedHTML returns s escaped by escapeHTML.
func escapedHTML(s string) string {
	var b strings.Builder
	escapeHTML(&b, s)
	return b.String()
}
