package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// decisionPrefixes introduce a decision on any line, in any section.
var decisionPrefixes = newPrefixSet(foldAll([]string{
	"decision:", "decided:", "decision -", "decision –", "decision —", "we decided to ",
	"we decided that ", "we decided ", "we've decided to ", "we have decided to ",
	"we've decided that ", "we have decided that ", "team decided to ", "we agreed to ",
	"décision :", "décision:", "nous avons décidé de ", "on a décidé de ",
	"entscheidung:", "entschieden:", "wir haben entschieden, ", "wir haben beschlossen, ",
	"decisión:", "decidimos ", "decisão:", "decidimos que ", "decisione:", "abbiamo deciso di ",
	"besluit:", "we hebben besloten ", "beslut:", "vi har beslutat att ", "vi beslutade att ",
	"beslutning:", "vi besluttede at ", "vi har bestemt at ", "päätös:", "päätimme ",
	"decyzja:", "zdecydowaliśmy ", "rozhodnutí:", "rozhodli jsme se ", "решение:",
	"мы решили ", "рішення:", "ми вирішили ", "karar:", "karar verdik ", "決定:", "决定:", "결정:",
}))

// rationaleSeps split "X because Y" into decision and rationale. Where
// two match at one place the first listed wins, so a longer phrase
// ("because of") comes before the one it starts with.
var rationaleSeps = []string{
	", because of ", " because of ", " because ", ", because ", " since ", " given that ", " owing to ", " so that ", ", as ", " as we ", " — ", " – ", " -- ",
	" given ", "; ", " parce que ", " car ", " weil ", ", da ", " porque ", " pois ",
	" perché ", " poiché ", " omdat ", " eftersom ", " fordi ", " koska ", " ponieważ ",
	" protože ", " потому что ", " так как ", " тому що ", " бо ", " çünkü ", "因为", "ため", "때문에",
}

// decision parses one decision text, dropping its introducing phrase.
func decision(s string) Decision {
	s = strings.TrimSpace(s)
	f := fold(s)
	for _, p := range decisionPrefixes.by[f[:min(3, len(f))]] {
		if strings.HasPrefix(f, p) {
			s = cutRunes(s, utf8.RuneCountInString(p))
			break
		}
	}
	s = strings.TrimSpace(s)
	best, sep := -1, ""
	lower := lowerSameSize(s)
	for _, p := range rationaleSeps {
		if i := strings.Index(lower, p); i > 0 && (best < 0 || i < best) {
			best, sep = i, p
		}
	}
	d := Decision{Text: s}
	if best > 0 {
		d.Text = strings.TrimRight(strings.TrimSpace(s[:best]), ",;:")
		d.Rationale = strings.TrimRight(strings.TrimSpace(s[best+len(sep):]), ".")
	}
	d.Text = upperFirst(strings.TrimRight(d.Text, "."))
	return d
}

// lowerSameSize lowers s rune by rune where the lower case has the
// same UTF-8 length, so an index into the result is one into s (İ or
// the Kelvin sign would shift it with strings.ToLower).
func lowerSameSize(s string) string {
	return strings.Map(func(r rune) rune {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			return l
		}
		return r
	}, s)
}

// rationaleLabels start a line that gives the reason for the decision
// above it ("Rationale: …"), folded.
var rationaleLabels = newPrefixSet(foldAll([]string{
	"rationale:", "reason:", "reasoning:", "why:", "because:", "begründung:", "grund:",
	"raison :", "raison:", "justification :", "justification:", "pourquoi :", "motivo:",
	"razón:", "motivazione:", "perché:", "reden:", "motivering:", "begrundelse:",
	"uzasadnienie:", "powód:", "zdůvodnění:", "причина:", "обоснование:", "gerekçe:",
	"理由:", "理由：", "原因:", "原因：", "이유:",
}))

// rationaleOf returns the text after a rationale label, or "".
func rationaleOf(item string) (string, bool) {
	t := strings.TrimSpace(item)
	if !rationaleLabels.matchFold(t) {
		return "", false
	}
	i := strings.IndexAny(t, ":：")
	_, n := utf8.DecodeRuneInString(t[i:])
	return strings.TrimRight(strings.TrimSpace(t[i+n:]), "."), true
}

// cutRunes drops the first n runes of s. Folding keeps rune counts for
// the prefixes above (they hold no characters that fold to two).
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[i:]
		}
		n--
	}
	return ""
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func isDecisionLine(s string) bool {
	return decisionPrefixes.matchFold(strings.TrimSpace(s))
}

// extract fills decisions, blockers and questions from the sections.
func extract(m *Message, opts Options) {
	names := memberNames(opts.Members)
	seenQ := map[string]bool{}
	seenD := map[string]bool{}
	addQ := func(q string) {
		if !seenQ[q] {
			seenQ[q] = true
			m.Questions = append(m.Questions, q)
		}
	}
	addD := func(d Decision) {
		if d.Text != "" && !seenD[d.Text] {
			seenD[d.Text] = true
			m.Decisions = append(m.Decisions, d)
		}
	}
	for _, s := range m.Sections {
		for i, it := range s.Items {
			if s.Kind == Decisions || isDecisionLine(it) {
				if _, ok := rationaleOf(it); ok && i > 0 {
					continue // attached to the decision above
				}
				d := decision(it)
				if i+1 < len(s.Items) {
					if why, ok := rationaleOf(s.Items[i+1]); ok && d.Rationale == "" {
						d.Rationale = why
					}
				}
				addD(d)
			}
			switch {
			case s.Kind == Blockers:
				m.Blockers = append(m.Blockers, it)
			case s.Kind == Questions:
				addQ(it)
			case isAimedQuestion(it, names):
				addQ(it)
			}
		}
	}
}

// memberNames returns folded full names and first names of members.
func memberNames(members []string) []string {
	var out []string
	for _, m := range members {
		f := fold(strings.TrimSpace(m))
		if f == "" {
			continue
		}
		out = append(out, f)
		if w := strings.Fields(f); len(w) > 1 {
			out = append(out, w[0])
		}
	}
	return out
}

// isAimedQuestion reports whether s asks someone: it ends in "?" and
// names an @handle or a team member.
func isAimedQuestion(s string, names []string) bool {
	t := strings.TrimRight(s, " )")
	if !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "？") {
		return false
	}
	if i := strings.IndexByte(s, '@'); i >= 0 && i+1 < len(s) && (i == 0 || s[i-1] == ' ' || s[i-1] == '(') {
		return true
	}
	f := fold(s)
	for _, n := range names {
		if HasWord(f, n) {
			return true
		}
	}
	return false
}

// HasWord reports whether w occurs in s with no letter or digit right
// before or after it.
func HasWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		off = i + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isUrgent reports the urgency signals: "[urgent]" or "urgent:" in the
// subject, Importance: high, X-Priority 1 or 2, Priority: urgent, or a
// body line starting "Urgent:".
func isUrgent(subject, importance, xPriority, priority, body string) bool {
	s := fold(subject)
	if strings.Contains(s, "[urgent]") || strings.HasPrefix(s, "urgent:") || strings.Contains(s, "[urgente]") || strings.Contains(s, "[dringend]") {
		return true
	}
	if strings.EqualFold(strings.TrimSpace(importance), "high") || strings.EqualFold(strings.TrimSpace(priority), "urgent") {
		return true
	}
	if p := strings.TrimSpace(xPriority); p != "" && (p[0] == '1' || p[0] == '2') {
		return true
	}
	if !strings.Contains(body, "rgent") && !strings.Contains(body, "RGENT") {
		return false
	}
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if bt, ok := bulletText(t); ok {
			t = bt
		}
		t = strings.TrimLeft(t, "*_ ")
		if len(t) >= 7 && strings.EqualFold(t[:7], "urgent:") || strings.HasPrefix(fold(t), "urgent :") {
			return true
		}
	}
	return false
}
