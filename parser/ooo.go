package parser

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// An out-of-office reply usually says when its writer is back: "out of
// the office until 14 December", "bis zum 14.12.", "de retour le 14
// décembre", "2026-12-14". returnDate reads that date, as the first day
// back: a date named after "until" is taken as the day they return, one
// named after "through" or "tot en met", or followed by "inclusive"
// ("inclus", "incluso"), as their last day away. A date without a year is the next such date on or after the
// message's own Date; without a Date, only a date with a year is read.

// months maps month names and abbreviations in English, German, French,
// Spanish, Portuguese, Italian and Dutch to their number.
var months = func() map[string]time.Month {
	ms := map[string]time.Month{}
	for i, names := range [12]string{
		"january jan januar janvier enero janeiro gennaio januari jänner",
		"february feb februar février fevrier febrero fevereiro febbraio februari",
		"march mar märz maerz mars marzo março marco maart mrt",
		"april apr avril abril aprile",
		"may mai mayo maio maggio mei",
		"june jun juni juin junio junho giugno",
		"july jul juli juillet julio julho luglio",
		"august aug août aout agosto augustus",
		"september sep sept septembre septiembre setembro settembre",
		"october oct oktober octobre octubre outubro ottobre okt",
		"november nov novembre noviembre novembro",
		"december dec dezember décembre decembre diciembre dezembro dicembre",
	} {
		for _, n := range strings.Fields(names) {
			ms[n] = time.Month(i + 1)
		}
	}
	return ms
}()

var (
	monthAlt = func() string {
		var names []string
		for n := range months {
			names = append(names, regexp.QuoteMeta(n))
		}
		// Longest first, so "sept" is not read as "sep".
		slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
		return strings.Join(names, "|")
	}()
	// returnCue is what comes before a return date, a few words (a
	// weekday, "the") apart at most; group 1 is the cue.
	returnCue = `(?i)(?:^|[^\pL])(until|till|til|through|thru|back on|back in the office on|returning on|returning|return on|back|bis einschließlich|bis zum|bis|ab dem|ab|zurück am|wieder am|jusqu'au|jusqu’au|jusqu'à|jusqu’à|de retour le|retour le|à partir du|hasta el|hasta|de vuelta el|regreso el|a partir del|até ao dia|até dia|até|de volta a|de volta em|regresso a|fino al|fino a|rientro il|di ritorno il|dal|tot en met|tot|terug op|vanaf)[^\pL\d][^\d\n]{0,23}?`
	dateISO   = regexp.MustCompile(returnCue + `(\d{4})-(\d{1,2})-(\d{1,2})`)
	dateNum   = regexp.MustCompile(returnCue + `(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?`)
	dateDM    = regexp.MustCompile(returnCue + `(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?(` + monthAlt + `)\.?(?:\s+(?:de\s+)?(\d{4}))?`)
	dateMD    = regexp.MustCompile(returnCue + `(` + monthAlt + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?`)
)

// inclusiveCues name the last day away rather than the first day back.
var inclusiveCues = map[string]bool{"through": true, "thru": true, "bis einschließlich": true, "tot en met": true}

// returnDate returns the first day back an out-of-office text names,
// "" when it names none.
func returnDate(text string, sent time.Time) string {
	type found struct {
		at, end   int
		cue       string
		y, m, d   int
		yearGiven bool
	}
	var best *found
	consider := func(f found) {
		if f.m < 1 || f.m > 12 || f.d < 1 || f.d > 31 {
			return
		}
		if best == nil || f.at < best.at {
			best = &f
		}
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for _, m := range dateISO.FindAllStringSubmatchIndex(text, -1) {
		consider(found{at: m[0], end: m[1], cue: text[m[2]:m[3]], y: atoi(text[m[4]:m[5]]), m: atoi(text[m[6]:m[7]]), d: atoi(text[m[8]:m[9]]), yearGiven: true})
	}
	for _, m := range dateNum.FindAllStringSubmatchIndex(text, -1) {
		a, b := atoi(text[m[4]:m[5]]), atoi(text[m[6]:m[7]])
		f := found{at: m[0], end: m[1], cue: text[m[2]:m[3]], d: a, m: b}
		if b > 12 && a <= 12 { // 12/14: month first, as in the US
			f.d, f.m = b, a
		}
		if m[8] >= 0 {
			f.y, f.yearGiven = atoi(text[m[8]:m[9]]), true
			if f.y < 100 {
				f.y += 2000
			}
		}
		consider(f)
	}
	for _, m := range dateDM.FindAllStringSubmatchIndex(text, -1) {
		f := found{at: m[0], end: m[1], cue: text[m[2]:m[3]], d: atoi(text[m[4]:m[5]]), m: int(months[strings.ToLower(text[m[6]:m[7]])])}
		if m[8] >= 0 {
			f.y, f.yearGiven = atoi(text[m[8]:m[9]]), true
		}
		consider(f)
	}
	for _, m := range dateMD.FindAllStringSubmatchIndex(text, -1) {
		f := found{at: m[0], end: m[1], cue: text[m[2]:m[3]], m: int(months[strings.ToLower(text[m[4]:m[5]])]), d: atoi(text[m[6]:m[7]])}
		if m[8] >= 0 {
			f.y, f.yearGiven = atoi(text[m[8]:m[9]]), true
		}
		consider(f)
	}
	if best == nil || !best.yearGiven && sent.IsZero() {
		return ""
	}
	if !best.yearGiven {
		best.y = sent.Year()
		if time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC).Before(time.Date(sent.Year(), sent.Month(), sent.Day(), 0, 0, 0, 0, time.UTC)) {
			best.y++
		}
	}
	day := time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC)
	if day.Day() != best.d { // 31 November
		return ""
	}
	after := strings.ToLower(text[best.end:min(len(text), best.end+16)])
	if inclusiveCues[strings.ToLower(best.cue)] || strings.Contains(after, "inclu") || strings.Contains(after, "incl.") {
		day = day.AddDate(0, 0, 1)
	}
	return day.Format(time.DateOnly)
}
