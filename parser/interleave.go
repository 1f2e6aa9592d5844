package parser

import (
	"strings"
	"unicode"
)

// Block is one step of an interleaved reply: a quoted passage and the
// new text written under it. The first block's Quote is empty when the
// reply has text above all quotes.
type Block struct {
	Quote string // quoted lines with their "> " markers removed
	Text  string // the new text after the quote, trimmed as trim does
}

// splitQuotes splits a plain-text reply into blocks: each run of quoted
// lines ("> ", also nested) with the unquoted text after it. Blank
// lines between quoted lines belong to the quote. Each Text is trimmed
// as trim does for sender, so attribution lines ("On … wrote:") before
// the next quote and the signature after the last are dropped.
func splitQuotes(text, sender string) []Block {
	lines := splitLines(text)
	var blocks []Block
	var quote, fresh []string
	flush := func() {
		if len(quote) == 0 && len(fresh) == 0 {
			return
		}
		b := Block{Quote: strings.TrimSpace(strings.Join(quote, "\n")), Text: trim(strings.Join(fresh, "\n"), sender).text}
		if b.Quote != "" || b.Text != "" {
			blocks = append(blocks, b)
		}
		quote, fresh = nil, nil
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case isQuoted(t):
			if len(fresh) > 0 && !blankLines(fresh) {
				flush()
			}
			quote = append(quote, unquote(t))
		case t == "" && len(quote) > 0 && len(fresh) == 0 && nextQuoted(lines, i+1):
			quote = append(quote, "")
		default:
			fresh = append(fresh, line)
		}
	}
	flush()
	return blocks
}

// unquote removes every level of quote marker from a quoted line, also
// markers set apart by other white space ("> \t> x"); indentation after
// the last marker stays.
func unquote(t string) string {
	for {
		s := strings.TrimLeftFunc(t, unicode.IsSpace)
		switch {
		case strings.HasPrefix(s, ">"):
			t = strings.TrimPrefix(s[1:], " ")
		case strings.HasPrefix(s, "|") && isQuoted(s):
			t = strings.TrimPrefix(s[1:], " ")
		case strings.HasPrefix(s, "｜"):
			t = strings.TrimPrefix(strings.TrimPrefix(s, "｜"), " ")
		default:
			return t
		}
	}
}

func blankLines(ls []string) bool {
	for _, l := range ls {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}
