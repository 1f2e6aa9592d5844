package config

import (
	"strconv"
	"strings"
)

// lineIndex maps key paths such as "team.1.member.0.email" to the line
// where the file sets them. BurntSushi/toml records one position per key
// name, so entries of an array of tables would share it; this scan keeps
// each entry apart. It reads the common TOML layout (one key per line,
// [table] and [[array]] headers); whatever it cannot place falls back to
// its parent's line.
type lineIndex map[string]int

func indexLines(src string) lineIndex {
	idx := lineIndex{}
	counts := map[string]int{} // array-of-tables path -> entries so far
	var table []string         // current table path, with entry numbers
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "" || line[0] == '#':
		case strings.HasPrefix(line, "[["):
			name := headerName(line, "[[", "]]")
			table = withEntries(splitKey(name), counts, true)
			idx[strings.Join(table, ".")] = i + 1
		case line[0] == '[':
			name := headerName(line, "[", "]")
			table = withEntries(splitKey(name), counts, false)
			idx[strings.Join(table, ".")] = i + 1
		default:
			eq := strings.IndexByte(line, '=')
			if eq < 0 {
				continue
			}
			key := append(append([]string{}, table...), splitKey(line[:eq])...)
			idx[strings.Join(key, ".")] = i + 1
			i += continuation(lines[i:], line[eq+1:])
		}
	}
	return idx
}

// withEntries resolves a header path to one with entry numbers: every
// prefix that is an array of tables points at its latest entry, and a
// [[header]] starts a new entry.
func withEntries(name []string, counts map[string]int, array bool) []string {
	var out []string
	for j, part := range name {
		out = append(out, part)
		p := strings.Join(out, ".")
		last := j == len(name)-1
		if last && array {
			counts[p]++
		}
		if n, ok := counts[p]; ok {
			out = append(out, strconv.Itoa(n-1))
		}
	}
	return out
}

func headerName(line, open, close string) string {
	line = strings.TrimPrefix(line, open)
	if k := strings.Index(line, close); k >= 0 {
		line = line[:k]
	}
	return line
}

func splitKey(k string) []string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// continuation reports how many lines after the first a value spans:
// multi-line strings and arrays.
func continuation(lines []string, value string) int {
	value = strings.TrimSpace(value)
	for _, q := range []string{`"""`, `'''`} {
		if strings.HasPrefix(value, q) && !strings.Contains(value[3:], q) {
			for n := 1; n < len(lines); n++ {
				if strings.Contains(lines[n], q) {
					return n
				}
			}
		}
	}
	depth := bracketDepth(value)
	n := 0
	for depth > 0 && n+1 < len(lines) {
		n++
		depth += bracketDepth(lines[n])
	}
	return n
}

// bracketDepth counts unclosed [ and { outside strings and comments.
func bracketDepth(s string) int {
	d := 0
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#':
			return d
		case r == '[' || r == '{':
			d++
		case r == ']' || r == '}':
			d--
		}
	}
	return d
}

// line returns the line of key, or of its closest parent that has one.
func (idx lineIndex) line(key ...string) int {
	for n := len(key); n > 0; n-- {
		if l, ok := idx[strings.Join(key[:n], ".")]; ok {
			return l
		}
	}
	return 0
}
