package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const signOffPunct = " ,.!;:-–—~。、！🙏🙂😊"

var signOffSet = func() map[string]bool {
	m := make(map[string]bool, len(signOffs))
	for _, s := range signOffs {
		m[strings.TrimRight(s, signOffPunct)] = true
	}
	return m
}()

// dropSignOff removes a closing block: a sign-off line ("Thanks,",
// "Best, Ana", "Mit freundlichen Grüßen") followed only by a few short
// name, title or phone lines; then a bare name line ("- Ana", or the
// sender's own name) left at the end.
func dropSignOff(keep []string, sender string) []string {
	seen := 0
	for i := len(keep) - 1; i >= 0 && seen < 6; i-- {
		t := strings.TrimSpace(keep[i])
		if t == "" {
			continue
		}
		seen++
		if isSignOff(t) {
			if !blankLines(keep[:i]) {
				// A sign-off closes other text; alone ("Thanks!")
				// it is the whole reply.
				keep = keep[:i]
			}
			break
		}
		if !nameLike(t) {
			break
		}
	}
	last := len(keep) - 1
	for last >= 0 && strings.TrimSpace(keep[last]) == "" {
		last--
	}
	if last < 0 {
		return keep[:0]
	}
	t := strings.TrimSpace(keep[last])
	afterBlank := last > 0 && strings.TrimSpace(keep[last-1]) == ""
	if isDashName(t) && afterBlank || isSenderName(strings.TrimLeft(t, "-–—~/ "), sender) && last > 0 {
		keep = keep[:last]
	}
	return keep
}

// isSignOff reports whether t is a sign-off, alone or followed by a
// short name: "Thanks!", "Cheers, Bo", "Best regards — Ana Souza".
func isSignOff(t string) bool {
	f := strings.TrimRight(fold(t), signOffPunct)
	if signOffSet[f] {
		return true
	}
	for _, sep := range []string{",", " - ", " – ", " — ", "! ", ". ", "、", "，", "。"} {
		if i := strings.Index(f, sep); i > 0 {
			head := strings.TrimRight(f[:i], signOffPunct)
			tail := strings.TrimSpace(f[i+len(sep):])
			if signOffSet[head] && shortName(tail) {
				return true
			}
		}
	}
	// "Thanks Ana": the sign-off then one or two capitalised words.
	words := strings.Fields(t)
	for k := 1; k <= 2 && k < len(words); k++ {
		head := strings.TrimRight(fold(strings.Join(words[:len(words)-k], " ")), signOffPunct)
		if signOffSet[head] && capitalised(words[len(words)-k:]) {
			return true
		}
	}
	return false
}

func shortName(s string) bool {
	w := strings.Fields(s)
	return len(w) >= 1 && len(w) <= 3 && !strings.ContainsAny(s, "0123456789?:")
}

func capitalised(words []string) bool {
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// nameLike reports whether t could sit in a signature block under a
// sign-off: a name, a title, a phone number, a company.
func nameLike(t string) bool {
	if utf8.RuneCountInString(t) > 60 || isBullet(t) || strings.HasSuffix(t, ":") || strings.HasSuffix(t, "?") {
		return false
	}
	return len(strings.Fields(t)) <= 8
}

// isDashName matches "-Ana", "—Ana", "~ Bo Chen", "/Erik". "- Ana" is
// left alone: it reads as a bullet unless it is the sender's name.
func isDashName(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	if r != '-' && r != '–' && r != '—' && r != '~' && r != '/' {
		return false
	}
	if r == '-' && strings.HasPrefix(t, "- ") {
		return false
	}
	rest := strings.TrimLeft(t[n:], "-–—/ ")
	return shortName(rest) && len(strings.Fields(rest)) <= 2 && capitalised(strings.Fields(rest))
}

// isSenderName reports whether t is the sender's name or first name.
func isSenderName(t, sender string) bool {
	if sender == "" {
		return false
	}
	f := strings.TrimRight(fold(t), " .!")
	s := fold(sender)
	if f == s {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '"' }) {
		if len(w) > 1 && f == w {
			return true
		}
		// "林美玲" signs "美玲", "田中宏" signs "宏": CJK names are
		// written without a space between family and given name.
		if hanName(w) && hanName(f) && len(f) < len(w) && (strings.HasSuffix(w, f) || strings.HasPrefix(w, f)) {
			return true
		}
	}
	return false
}

// hanName reports whether s is a short run of Han characters, as a
// Chinese or Japanese name is written.
func hanName(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 4
}

// isBullet reports whether line starts with a list marker.
func isBullet(line string) bool {
	_, ok := bulletText(line)
	return ok
}
