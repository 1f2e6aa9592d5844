package parser

import "strings"

// warnKeptUnquoted is the warning added when trimming left nothing of
// text the sender wrote and Parse kept the unquoted lines instead.
const warnKeptUnquoted = "trimming left nothing; kept the unquoted text"

// unquotedLines returns the lines of text a person may have written in
// this message: neither blank nor quoted, not an attribution line, and
// above any forwarded or original message, signature delimiter or
// unquoted history. Mobile footers are left out. It is the floor under
// trim: what trim returns is never less than these lines when they
// exist (see keepUnquoted).
func unquotedLines(text string) []string {
	lines := splitLines(text)
	var out []string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || isQuoted(t) {
			continue
		}
		if t == "--" || t == "-- " || isRuleBeforeHeader(t, lines, i) {
			break
		}
		f := fold(t)
		if isForwardMarker(f) || isOriginalMarker(f) || isHeaderBlock(f, lines, i) {
			break
		}
		if n := attribution(lines, i); n > 0 {
			if len(out) > 0 && !nextQuoted(lines, i+n) {
				break // unquoted history follows
			}
			i += n - 1
			continue
		}
		if isMobileFooter(f) && endsText(lines, i+1) || isImagePlaceholder(t) || quoteHidden.match(f) {
			continue
		}
		out = append(out, strings.TrimRightFunc(lines[i], isSpaceRune))
	}
	return out
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }

// keepUnquoted is Parse's last step before structure: when trimming
// left nothing but the sender wrote unquoted text, that text is the
// body, with a warning. What a member wrote is never dropped silently.
func keepUnquoted(m *Message, text string) {
	if strings.TrimSpace(m.Body) != "" {
		return
	}
	lines := unquotedLines(text)
	if len(lines) == 0 {
		return
	}
	m.Body = joinTrimmed(lines)
	m.Warnings = append(m.Warnings, warnKeptUnquoted)
}
