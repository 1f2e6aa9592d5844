package parser

import "strings"

// unflow undoes format=flowed (RFC 3676 section 4): a line ending in a
// space continues on the next line of the same quote depth. Space
// stuffing is removed and, with DelSp=yes, the soft-break space too.
// Quoted lines come back with "> " markers so trimming still sees them.
func unflow(s string, delSp bool) string {
	var out strings.Builder
	out.Grow(len(s))
	var para strings.Builder
	depth, open := 0, false
	flush := func() {
		if !open {
			return
		}
		out.WriteString(strings.Repeat("> ", depth))
		out.WriteString(para.String())
		out.WriteByte('\n')
		para.Reset()
		open = false
	}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		d := 0
		for d < len(line) && line[d] == '>' {
			d++
		}
		text := line[d:]
		if strings.HasPrefix(text, " ") {
			text = text[1:] // section 4.4 space stuffing
		}
		if open && d != depth {
			flush() // section 4.5: quote depth changed mid-paragraph
		}
		depth = d
		open = true
		soft := strings.HasSuffix(text, " ") && text != "-- "
		if soft && delSp {
			text = text[:len(text)-1]
		}
		para.WriteString(text)
		if !soft {
			flush()
		}
	}
	flush()
	return strings.TrimSuffix(out.String(), "\n")
}
