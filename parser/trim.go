package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/baton-mail/baton/internal/ascii"
)

// trimmed is what trim found besides the text.
type trimmed struct {
	text      string
	forwarded bool // a forwarded message was cut off
}

// trim returns the new text of a plain-text reply: quoted lines (">"),
// attribution lines ("On … wrote:" in many languages, also wrapped over
// two or three lines), Outlook's "-----Original Message-----" and
// "From:/Sent:/To:/Subject:" blocks, forwarded messages, signatures
// after "-- ", sign-off and name blocks, mobile footers and legal
// disclaimers are removed. Text between quotes (interleaved replies) is
// kept, in order. sender, the sender's display name or "", recognises a
// bare name line closing the message.
func trim(text, sender string) trimmed {
	var res trimmed
	lines := splitLines(text)
	keep := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		if t == "" {
			keep = append(keep, "")
			continue
		}
		if isQuoted(t) {
			q := strings.TrimLeft(t, "> ")
			if !res.forwarded && (strings.HasPrefix(q, "-") || strings.HasSuffix(q, ":")) && isForwardMarker(fold(q)) {
				res.forwarded = true
			}
			continue
		}
		// Most lines are plain text that no check on the folded
		// line can match: skip folding them.
		checks := mayMatchFolded(t)
		var f string
		if checks {
			f = fold(t)
		}
		if checks && quoteHidden.match(f) || isImagePlaceholder(t) {
			continue
		}
		if checks && isForwardMarker(f) {
			res.forwarded = true
			break
		}
		if checks && (isOriginalMarker(f) || isHeaderBlock(f, lines, i)) || isRuleBeforeHeader(t, lines, i) || isListFooter(t, lines, i) {
			break
		}
		if n := attribution(lines, i); n > 0 {
			if nextQuoted(lines, i+n) || blankLines(keep) {
				// Drop the attribution and keep reading: quotes
				// follow, or the client put the attribution first
				// and the person wrote under it.
				i += n - 1
				continue
			}
			break // unquoted history follows
		}
		if t == "--" || t == "-- " {
			break
		}
		if checks && (isMobileFooter(f) && endsText(lines, i+1) || isDisclaimer(f, lines, i)) {
			break
		}
		keep = append(keep, strings.TrimRightFunc(line, unicode.IsSpace))
	}
	keep = dropSignOff(keep, sender)
	res.text = joinTrimmed(keep)
	return res
}

// mayMatchFolded reports whether trimmed line t could match one of the
// checks trim makes on its folded form: a webmail placeholder, a
// forward or original-message separator, a From header, a mobile
// footer or a disclaimer. It decides an ASCII line, which folds to its
// lower case byte for byte, by the same tests on t itself; a line with
// other runes may always match.
func mayMatchFolded(t string) bool {
	if !ascii.Is(t) {
		return true
	}
	if quoteHidden.matchFold(t) {
		return true
	}
	if core, dashed := separatorCore(t); dashed || strings.HasSuffix(core, ":") {
		return true // isForwardMarker, isOriginalMarker
	}
	// headerKey: edits aside, a From key after the bold marks.
	g := cutBold.trimLeft(t)
	if strings.Contains(g[:min(len(g), 26)], " :") || strings.IndexByte(g[:min(len(g), 25)], '*') >= 0 || fromKeys.matchFold(g) {
		return true
	}
	g = trimLeftDashes(t)
	if mobileFooters.matchFold(g) {
		return true
	}
	for _, s := range mobileFooterSuffixes {
		if len(g) >= len(s) && lowerEqual(g[len(g)-len(s):], s) {
			return true
		}
	}
	return disclaimerStarts.matchFold(cutDisclaimer.trimLeft(t))
}

// splitLines splits at CRLF, LF and a lone CR, dropping NUL. The lines
// share s's bytes.
func splitLines(s string) []string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	cr := strings.Count(s, "\r")
	if cr == 0 {
		return strings.Split(s, "\n")
	}
	if cr == strings.Count(s, "\r\n") {
		// CRLF only: cut at each LF and drop the CR before it.
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(l, "\r")
		}
		return lines
	}
	lines := make([]string, 0, strings.Count(s, "\n")+strings.Count(s, "\r")+1)
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			lines = append(lines, s[start:i])
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			start = i + 1
		case '\n':
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	return append(lines, s[start:])
}

// isQuoted reports whether trimmed line t is quoted: "> " as most
// clients write, "｜" (Japanese clients) or "| " (some Unix mailers). A
// line that also ends in "|" is a table row, not a quote.
func isQuoted(t string) bool {
	if t == "" {
		return false
	}
	switch {
	case t[0] == '>' || strings.HasPrefix(t, "｜"):
		return true
	case t[0] == '|':
		return t == "|" || len(t) > 1 && (t[1] == ' ' || t[1] == '|' || t[1] == '>') && t[len(t)-1] != '|'
	}
	return false
}

// nextQuoted reports whether the first non-blank line from i is quoted.
func nextQuoted(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if t := strings.TrimSpace(lines[i]); t != "" {
			return isQuoted(t)
		}
	}
	return false
}

// separatorCore strips the dashes, underscores and equals signs around
// a separator line and reports whether there were any.
func separatorCore(f string) (string, bool) {
	core := cutSeparator.trim(f)
	return strings.TrimSpace(core), len(f)-len(core) >= 4
}

// isForwardMarker matches Gmail's "---------- Forwarded message ---------",
// Thunderbird's "-------- Forwarded Message --------" and Apple Mail's
// "Begin forwarded message:" in each language.
func isForwardMarker(f string) bool {
	if len(f) > 90 || len(f) < 4 {
		return false
	}
	core, dashed := separatorCore(f)
	if !dashed && !strings.HasSuffix(core, ":") || !containsAny(f, forwardWords) {
		return false
	}
	if dashed {
		return len(core) < 60
	}
	return strings.HasSuffix(core, ":") && len(core) < 70
}

// isOriginalMarker matches Outlook's "-----Original Message-----".
func isOriginalMarker(f string) bool {
	if len(f) > 80 {
		return false
	}
	core, dashed := separatorCore(f)
	if !dashed {
		return false
	}
	for _, w := range originalWords {
		if core == w || strings.HasPrefix(core, w) && len(core) < len(w)+4 {
			return true
		}
	}
	return false
}

// headerKey reports whether folded line f starts with one of keys, with
// Outlook's bold ("*From:*") and French spacing ("De :") tolerated.
func headerKey(f string, keys *prefixSet) bool {
	if strings.Contains(f, "\u00a0") || strings.Contains(f, "\u202f") {
		f = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(f)
	}
	f = cutBold.trimLeft(f)
	if i := strings.Index(f[:min(len(f), 26)], " :"); i >= 0 {
		j := i
		for j > 0 && f[j-1] == ' ' {
			j--
		}
		f = f[:j] + f[i+1:]
	}
	if i := strings.IndexByte(f, '*'); i >= 0 && i < 25 {
		f = strings.Replace(f, "*", "", 2)
	}
	return keys.match(f)
}

// isHeaderBlock reports whether lines[i], folded and trimmed as f,
// starts a quoted header block: a From line followed by at least two
// more header lines.
func isHeaderBlock(f string, lines []string, i int) bool {
	if !headerKey(f, fromKeys) {
		return false
	}
	n := 0
	for j := i + 1; j < len(lines) && j <= i+8; j++ {
		t := strings.TrimSpace(lines[j])
		if t == "" {
			if n > 0 {
				break
			}
			continue
		}
		if headerKey(fold(t), headerKeys) {
			n++
		}
	}
	return n >= 2
}

// isRuleBeforeHeader matches Outlook's underscore rule directly above
// the From block.
func isRuleBeforeHeader(t string, lines []string, i int) bool {
	if !isRule(t) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if t := strings.TrimSpace(lines[j]); t != "" {
			return isHeaderBlock(fold(t), lines, j)
		}
	}
	return false
}

// isRule reports whether t is a rule of ten or more underscores or
// dashes.
func isRule(t string) bool {
	return len(t) >= 10 && (t[0] == '_' || t[0] == '-') && cutRuleLine.only(t)
}

// isListFooter matches the rule Mailman and Google Groups put above
// their footer ("platform-dev mailing list", "You received this …").
func isListFooter(t string, lines []string, i int) bool {
	if !isRule(t) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if s := strings.TrimSpace(lines[j]); s != "" {
			f := fold(s)
			return strings.Contains(f, "mailing list") || strings.HasPrefix(f, "you received this message") ||
				strings.HasPrefix(f, "to unsubscribe")
		}
	}
	return false
}

// attribution returns how many lines (1 to 3) starting at i form an
// attribution line such as "On Mon, 3 Mar 2025, Ana <ana@x> wrote:",
// or 0.
func attribution(lines []string, i int) int {
	if t := strings.TrimSpace(lines[i]); len(t) > 8 && len(t) <= 300 && (t[0] == '-' || t[0] == '*' || t[0] >= '0' && t[0] <= '9') {
		if oneLineAttribution(t, nextQuoted(lines, i+1)) {
			return 1
		}
	}
	colon := false
	for j := i; j < len(lines) && j < i+3; j++ {
		t := cutSpaceTab.trimRight(lines[j])
		if strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：") {
			colon = true
			break
		}
	}
	if !colon {
		return 0
	}
	var b strings.Builder
	for n := 1; n <= 3 && i+n-1 < len(lines); n++ {
		t := strings.TrimSpace(lines[i+n-1])
		if t == "" || isQuoted(t) || len(t) > 200 {
			return 0
		}
		if n > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		if isAttribution(fold(b.String()), nextQuoted(lines, i+n), n) && !quotesSomeone(b.String()) {
			return n
		}
	}
	return 0
}

// oneLineAttribution matches the attribution lines that do not end in
// a colon after a verb: Zoho's "---- On … Ana <ana@x> wrote ----",
// mutt's "* Ana <ana@x> [2026-11-24 09:00]:" and old Gmail's
// "2013/7/20 Ana <ana@x>" (followed by quotes).
func oneLineAttribution(t string, quoted bool) bool {
	switch {
	case strings.HasPrefix(t, "----") && strings.HasSuffix(t, "----"):
		core := strings.TrimSpace(strings.Trim(t, "-"))
		return len(core) < 250 && containsAny(fold(core), attributionVerbs)
	case strings.HasPrefix(t, "* "):
		return quoted && strings.HasSuffix(t, "]:") && hasAddress(t)
	}
	// "2013/7/20 Ana <ana@x>", "2016-03-03 17:21 GMT+01:00 Ana <ana@x>:"
	if !quoted || !hasAddress(t) || !strings.HasSuffix(strings.TrimSuffix(t, ":"), ">") {
		return false
	}
	j := 0
	for j < len(t) && (t[j] >= '0' && t[j] <= '9' || t[j] == '/' || t[j] == '-' || t[j] == '.') {
		j++
	}
	return j >= 8 && j < len(t) && t[j] == ' '
}

// hasAddress reports whether t holds "<local@domain>".
func hasAddress(t string) bool {
	i := strings.IndexByte(t, '<')
	return i >= 0 && strings.IndexByte(t[i:], '@') > 0 && strings.IndexByte(t[i:], '>') > 0
}

// isAttribution checks one joined attribution candidate f.
func isAttribution(f string, quoted bool, n int) bool {
	if !strings.HasSuffix(f, ":") || len(f) > 300 {
		return false
	}
	strong := strings.ContainsAny(f, "@0123456789<")
	if !quoted && !strings.ContainsAny(f, "@<") {
		// Before unquoted text only an address makes a line an
		// attribution: "The vendor wrote back at 10:15:" is prose.
		return false
	}
	if n > 1 && !strong {
		return false
	}

	if containsAny(f, attributionVerbs) {
		return true
	}
	// Gmail in ja/zh/ko: "2025年3月3日(月) 9:14 Ana <ana@example.com>:".
	return strings.HasSuffix(f, ">:") && strings.Contains(f, "@") && strings.ContainsAny(f, "0123456789")
}

// endsText reports whether no new text follows from line i: only blank
// lines, quotes, an attribution, a signature, another footer or the
// start of a quoted header block. A footer line ("Sent from my
// iPhone") is only a footer there; "Sent via the portal, …" in the
// middle of an update is prose.
func endsText(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		if isQuoted(t) || t == "--" || t == "-- " || isRule(t) || attribution(lines, i) > 0 {
			return true
		}
		f := fold(t)
		return isMobileFooter(f) || isForwardMarker(f) || isOriginalMarker(f) || isHeaderBlock(f, lines, i) ||
			isImagePlaceholder(t) || strings.HasPrefix(t, "<http")
	}
	return true
}

// quotesSomeone reports whether an attribution-like line t without an
// address is prose that quotes someone: a sentence ends inside it
// ("Heads-up for on-call. As Priya wrote on Monday:"), a word and
// ".", "!" or "?" then a capital letter.
func quotesSomeone(t string) bool {
	if strings.ContainsAny(t, "@<") {
		return false
	}
	for i := 1; i+2 < len(t); i++ {
		if (t[i] == '.' || t[i] == '!' || t[i] == '?') && t[i+1] == ' ' {
			prev, _ := utf8.DecodeLastRuneInString(t[:i])
			next, _ := utf8.DecodeRuneInString(t[i+2:])
			if unicode.IsLower(prev) && len(t[:i]) > 3 && unicode.IsUpper(next) {
				return true
			}
		}
	}
	return false
}

func isMobileFooter(f string) bool {
	if len(f) > 90 || strings.Contains(f, ", ") {
		return false
	}
	f = trimLeftDashes(f)
	if mobileFooters.match(f) {
		return true
	}
	for _, s := range mobileFooterSuffixes {
		if strings.HasSuffix(f, s) {
			return true
		}
	}
	return false
}

// trimLeftDashes strips leading dashes (also en and em dashes),
// underscores and spaces: strings.TrimLeft(f, "-–—_ ") without its
// per-call set.
func trimLeftDashes(f string) string {
	for f != "" {
		switch {
		case f[0] == '-' || f[0] == '_' || f[0] == ' ':
			f = f[1:]
		case strings.HasPrefix(f, "–") || strings.HasPrefix(f, "—"):
			f = f[len("–"):]
		default:
			return f
		}
	}
	return f
}

// isDisclaimer reports whether line i starts a legal footer. Short
// prefixes that could begin real prose also need a long paragraph.
func isDisclaimer(f string, lines []string, i int) bool {
	f = cutDisclaimer.trimLeft(f)
	if !disclaimerStarts.match(f) {
		return false
	}
	if strings.HasPrefix(f, "confidential") || strings.HasPrefix(f, "disclaimer") ||
		strings.HasPrefix(f, "legal") || strings.HasPrefix(f, "privileged") || strings.HasPrefix(f, "vertraulichkeit") {
		return true
	}
	n := 0
	for j := i; j < len(lines) && strings.TrimSpace(lines[j]) != ""; j++ {
		n += utf8.RuneCountInString(lines[j])
	}
	return n >= 60
}

// joinTrimmed joins kept lines, dropping leading and trailing blank or
// rule-only lines and squeezing runs of blank lines.
func joinTrimmed(keep []string) string {
	for len(keep) > 0 && isBlankOrRule(keep[len(keep)-1]) {
		keep = keep[:len(keep)-1]
	}
	for len(keep) > 0 && strings.TrimSpace(keep[0]) == "" {
		keep = keep[1:]
	}
	n := 0
	for _, l := range keep {
		n += len(l) + 2
	}
	var b strings.Builder
	b.Grow(n)
	blank := false
	for _, l := range keep {
		if strings.TrimSpace(l) == "" {
			blank = true
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

func isBlankOrRule(l string) bool {
	return cutRule.only(l)
}

// isImagePlaceholder matches the "[image: chart.png]" and "[cid:…]"
// lines mail clients leave for inline images.
func isImagePlaceholder(t string) bool {
	if !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") {
		return false
	}
	f := strings.ToLower(t)
	return strings.HasPrefix(f, "[image:") || strings.HasPrefix(f, "[cid:") || strings.HasPrefix(f, "[inline image")
}
