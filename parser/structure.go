package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bulletText strips a list marker: "-", "*", "+", "•", "·", "◦", "▪",
// "–", "1.", "1)", "a)", "(a)", "[x]". ok is false for a line that is
// not a list item.
func bulletText(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if t == "" {
		return "", false
	}
	r, n := utf8.DecodeRuneInString(t)
	switch r {
	case '・':
		if rest := strings.TrimSpace(t[n:]); rest != "" {
			return rest, true
		}
		return "", false
	case '-', '*', '+', '•', '·', '◦', '▪', '–', '‣', '○', '●', '■', '□', '►', '✓', '✔', '☐', '☑', '✅':
		rest := t[n:]
		if rest == "" {
			return "", false
		}
		if r == '-' || r == '*' || r == '+' || r == '–' {
			// "-- ", "**bold**" and "+1" are not bullets.
			if c := rest[0]; c != ' ' && c != '\t' {
				return "", false
			}
		}
		return checkbox(strings.TrimSpace(rest)), true
	case '(':
		if j := strings.IndexByte(t, ')'); j >= 2 && j <= 3 && isMarker(t[1:j]) && j+1 < len(t) && t[j+1] == ' ' {
			return strings.TrimSpace(t[j+1:]), true
		}
		return "", false
	}
	// "1." "12)" "a)" "iv."
	j := 0
	for j < len(t) && j < 4 && t[j] != '.' && t[j] != ')' && t[j] != ' ' {
		j++
	}
	if j == 0 || j >= len(t)-1 || (t[j] != '.' && t[j] != ')') || t[j+1] != ' ' || !isMarker(t[:j]) {
		return "", false
	}
	if t[j] == '.' && !isDigits(t[:j]) {
		return "", false // "e.g. x" and "Mr. X" are prose
	}
	return strings.TrimSpace(t[j+1:]), true
}

func checkbox(s string) string {
	for _, p := range []string{"[ ] ", "[x] ", "[X] "} {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

func isMarker(s string) bool {
	if isDigits(s) {
		return true
	}
	return len(s) == 1 && s[0] >= 'a' && s[0] <= 'z'
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func indent(line string) int {
	n := 0
	for _, c := range line {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// block is the body lines of one section before they become items.
type block struct {
	title string
	kind  Kind
	lines []string
}

// sections splits the trimmed body into headed sections. Text before
// the first heading becomes a notes section unless it is only a
// greeting or an intro line ending in ":". A body without headings is
// one notes section.
func sections(body string, x *headingIndex) []Section {
	lines := strings.Split(body, "\n")
	blocks := []block{{kind: Notes}}
	inline, blank := false, false // current block opened as "Title: text"
	for i := 0; i < len(lines); i++ {
		if h, ok := parseHeading(x, lines, i); ok && (h.known || followedByBullet(lines, i+h.lines)) {
			blocks = append(blocks, block{title: h.title, kind: h.kind})
			if h.inline != "" {
				blocks[len(blocks)-1].lines = append(blocks[len(blocks)-1].lines, h.inline)
			}
			inline, blank = h.inline != "", false
			i += h.lines - 1
			continue
		}
		t := strings.TrimSpace(lines[i])
		if t == "" {
			blank = true
		} else if inline && blank && !isBullet(t) {
			// A paragraph after "Decided: x" and a blank line is
			// not part of that one-line section.
			blocks = append(blocks, block{kind: Notes})
			inline = false
		}
		b := &blocks[len(blocks)-1]
		b.lines = append(b.lines, lines[i])
	}
	out := make([]Section, 0, len(blocks))
	add := func(s Section) {
		if n := len(out); n > 0 && s.Kind == Notes && s.Title == "" && out[n-1].Kind == Notes {
			out[n-1].Items = append(out[n-1].Items, s.Items...)
			return
		}
		out = append(out, s)
	}
	for i, b := range blocks {
		// Paragraphs after a bulleted list are notes, in place.
		items, extra := itemize(b.lines)
		if i == 0 {
			items = dropGreeting(items, len(blocks) > 1)
		}
		if b.kind == Blockers || b.kind == Questions {
			items = dropNone(items)
		}
		if len(items) > 0 { // "Blockers: none" says nothing to file
			add(Section{Title: b.title, Kind: b.kind, Items: items})
		}
		if len(extra) > 0 {
			add(Section{Kind: Notes, Items: extra})
		}
	}
	return out
}

func followedByBullet(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return isBullet(lines[i])
		}
	}
	return false
}

// itemize turns section lines into items: one per bullet, wrapped
// lines joined; without bullets one per paragraph, or per line when the
// lines are short and not hard-wrapped prose. Paragraphs that follow a
// bulleted list after a blank line are returned apart as extra.
func itemize(lines []string) (items, extra []string) {
	var cur []string
	bulleted, inBullet, blank := false, false, false
	curIndent := 0
	flush := func() {
		if len(cur) > 0 {
			if s := joinFields(cur); s != "" {
				if inBullet || !bulleted {
					items = append(items, s)
				} else {
					extra = append(extra, s)
				}
			}
		}
		cur = cur[:0]
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if t == "" || isBlankOrRule(t) && len(t) >= 3 {
			blank = true
			continue
		}
		if text, ok := bulletText(line); ok {
			flush()
			cur = append(cur, text)
			bulleted, inBullet, blank = true, true, false
			curIndent = indent(line)
			continue
		}
		switch {
		case inBullet && !blank && (indent(line) > curIndent || !startsSentence(t) || len(cur) > 0 && !endsSentence(cur[len(cur)-1])):
			cur = append(cur, t) // wrapped bullet line
		case !inBullet && !blank && len(cur) > 0 && joinsPrev(cur[len(cur)-1], t):
			cur = append(cur, t)
		default:
			flush()
			inBullet = false
			cur = append(cur, t)
		}
		blank = false
	}
	flush()
	return items, extra
}

// joinFields joins parts with single spaces and squeezes every run of
// white space to one space, trimming both ends: what
// strings.Join(strings.Fields(strings.Join(parts, " ")), " ") returns,
// without building the intermediate strings.
func joinFields(parts []string) string {
	if len(parts) == 1 && singleSpaced(parts[0]) {
		return parts[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		for i := 0; i < len(p); {
			if sp, size := spaceAt(p, i); sp {
				i += size
				continue
			}
			j := i
			for j < len(p) {
				sp, size := spaceAt(p, j)
				if sp {
					break
				}
				j += size
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p[i:j])
			i = j
		}
	}
	return b.String()
}

// spaceAt reports whether the rune at s[i] is white space as
// strings.Fields sees it, and its size.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || '\t' <= c && c <= '\r', 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), size
}

// singleSpaced reports whether s is ASCII with single spaces between
// words and none at either end, so joinFields would return it as is.
func singleSpaced(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || '\t' <= c && c <= '\r' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// joinsPrev reports whether line continues the previous line of a
// paragraph (hard-wrapped prose) rather than starting a new item.
func joinsPrev(prev, line string) bool {
	if !startsSentence(line) {
		return true
	}
	return utf8.RuneCountInString(prev) >= 55 && !endsSentence(prev)
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return !unicode.IsLower(r)
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(cutCloseQuote.trimRight(s))
	return strings.ContainsRune(".!?:;。！？", r)
}

// greetings open a message; dropped from items, kept in the body.
var greetings = foldAll([]string{
	"hi", "hello", "hey", "dear", "morning", "good morning", "good afternoon", "team",
	"all", "folks", "hi all", "hi team", "hello team", "hey team", "hiya", "yo",
	"bonjour", "salut", "hallo", "moin", "servus", "guten morgen", "liebes team", "hola",
	"buenos días", "buenas", "olá", "oi", "bom dia", "ciao", "buongiorno", "hoi",
	"goedemorgen", "hej", "god morgon", "hei", "moi", "huomenta", "cześć", "dzień dobry",
	"ahoj", "dobrý den", "привет", "добрый день", "доброе утро", "здравствуйте", "коллеги",
	"привіт", "добрий день", "merhaba", "selam", "günaydın", "お疲れ様です", "おつかれさまです",
	"こんにちは", "お疲れさまです", "各位", "大家好", "你好", "안녕하세요", "皆さん",
})

// dropGreeting removes a leading greeting ("Hi team,") and, when
// headings follow, an intro line ending in ":".
func dropGreeting(items []string, headed bool) []string {
	if len(items) > 0 && isGreeting(items[0]) {
		items = items[1:]
	}
	if headed {
		out := items[:0]
		for _, it := range items {
			if !strings.HasSuffix(it, ":") && !strings.HasSuffix(it, "：") {
				out = append(out, it)
			}
		}
		items = out
	}
	return items
}

func isGreeting(s string) bool {
	if utf8.RuneCountInString(s) > 40 {
		return false
	}
	f := strings.TrimRight(fold(s), " ,!:.;-—。、")
	for _, g := range greetings {
		if g[0] >= 0x80 && strings.HasPrefix(f, g) && utf8.RuneCountInString(f) <= 20 {
			return true
		}
	}
	words := strings.Fields(f)
	for n := len(words); n >= 1; n-- {
		p := strings.Join(words[:n], " ")
		for _, g := range greetings {
			if p == g && n+3 >= len(words) {
				return true
			}
		}
	}
	return false
}

// dropNone removes "None", "N/A", "Nothing" items that only say a
// section is empty.
func dropNone(items []string) []string {
	out := items[:0]
	for _, it := range items {
		f := strings.TrimRight(fold(it), " .!。")
		if noneWords[f] {
			continue
		}
		out = append(out, it)
	}
	return out
}

// noneWords say a section is empty ("None", "Keine", "なし"), folded.
var noneWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range foldAll([]string{
		"none", "n/a", "na", "nothing", "-", "no", "nope", "none so far", "none right now",
		"nothing blocking", "no blockers", "none yet", "nothing yet", "nothing new",
		"no questions", "aucun", "rien", "keine", "nichts", "ninguno", "nada", "nenhum",
		"nessuno", "niente", "geen", "inga", "ingen", "ei", "ei mitaan", "brak", "žádné", "nic",
		"нет", "немає", "yok", "なし", "特になし", "无", "없음", "暂无", "没有", "无。", "ingenting", "inget",
		"intet", "niets", "無", "ei esteitä", "keine blocker", "sin bloqueos", "nessun blocco",
		"geen blokkades", "brak blokerów", "нет блокеров", "немає блокерів", "nessuno.",
		"keine.", "ninguna", "žádný", "žádná", "немає.", "nada.", "не", "ничего",
	}) {
		m[w] = true
	}
	return m
}()
