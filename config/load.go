package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Load reads and validates the config file at path, reading the
// passwords it names from their files and the environment: what serve
// needs. On bad input it returns Errors listing every problem.
func Load(path string, opts ...Option) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	getenv := os.Getenv
	if o.noSecrets {
		getenv = nil
	}
	return parseWith(path, string(src), getenv, o.listen)
}

// Option changes what Load does.
type Option func(*options)

type options struct {
	noSecrets bool
	listen    string
}

// NoSecrets makes Load check that each password_file or password_env is
// set where one is needed but read neither: every Secret stays empty.
// Commands that only read the store or the config take it, so an admin
// runs them without the daemon's secrets in their environment.
var NoSecrets Option = func(o *options) { o.noSecrets = true }

// Listen makes Load use addr instead of [smtp] listen, checked as the
// file's would be: serve's -listen flag, to run a config unchanged when
// its port is taken.
func Listen(addr string) Option { return func(o *options) { o.listen = addr } }

// checker gathers problems while turning a fileConfig into a Config.
type checker struct {
	file   string
	dir    string // relative paths are taken from here
	idx    lineIndex
	getenv func(string) string // nil: secrets are not read
	listen string              // replaces [smtp] listen when set
	errs   Errors
	zones  map[string]*time.Location // loaded once per name, shared by members
	// members are the members by address, as teams read them.
	members map[string]*Member
}

// location loads the IANA zone name once per config.
func (c *checker) location(name string) (*time.Location, error) {
	if loc, ok := c.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err == nil {
		if c.zones == nil {
			c.zones = map[string]*time.Location{}
		}
		c.zones[name] = loc
	}
	return loc, err
}

func (c *checker) errorf(key []string, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.file, Line: c.idx.line(key...), Msg: fmt.Sprintf(format, args...)})
}

func parse(path, src string, getenv func(string) string) (*Config, error) {
	return parseWith(path, src, getenv, "")
}

func parseWith(path, src string, getenv func(string) string, listen string) (*Config, error) {
	var fc fileConfig
	md, err := toml.Decode(src, &fc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errors{syntaxError(path, src, pe)}
		}
		return nil, Errors{typeError(path, err)}
	}
	c := &checker{file: path, dir: filepath.Dir(path), idx: indexLines(src), getenv: getenv, listen: listen}
	c.unknownKeys(md.Undecoded())
	cfg := c.config(&fc)
	if len(c.errs) > 0 {
		// The config file's errors first, then those of files it names.
		sort.SliceStable(c.errs, func(i, j int) bool {
			a, b := c.errs[i], c.errs[j]
			if (a.File == path) != (b.File == path) {
				return a.File == path
			}
			return a.File < b.File || a.File == b.File && a.Line < b.Line
		})
		return nil, c.errs
	}
	cfg.File = path
	cfg.members = c.members
	return cfg, nil
}

// syntaxError places a TOML syntax error at the line of the character
// the decoder stopped at. The decoder's own line counts a newline it
// stopped at as the start of the next line, so "[smtp" without its "]"
// would be reported on the line after the header.
func syntaxError(path, src string, pe toml.ParseError) *Error {
	line := pe.Position.Line
	if at := pe.Position.Start; at > 0 && at <= len(src) {
		line = strings.Count(src[:at], "\n") + 1
	}
	msg := oneLine(pe.Message) + "; see baton.example.toml for the syntax"
	if h := unclosedHeader(src, line); h != "" {
		msg = fmt.Sprintf("table header %s has no closing %q; write %s%s", h, closer(h), h, closer(h))
	}
	return &Error{File: path, Line: line, Msg: msg}
}

// unclosedHeader returns the table header on the given line when it
// lacks its closing brackets, such as "[smtp" or "[[team]".
func unclosedHeader(src string, line int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := strings.TrimSpace(lines[line-1])
	if i := strings.IndexByte(l, '#'); i >= 0 {
		l = strings.TrimSpace(l[:i])
	}
	if !strings.HasPrefix(l, "[") || strings.ContainsAny(l, "=\"'") || strings.HasSuffix(l, closer(l)) {
		return ""
	}
	return strings.TrimRight(l, "]")
}

// closer is the "]" or "]]" that ends header h.
func closer(h string) string {
	if strings.HasPrefix(h, "[[") {
		return "]]"
	}
	return "]"
}

// tomlTypeError matches the TOML decoder's errors for a value of the
// wrong type, which carry their line only in their text.
var tomlTypeError = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (?:incompatible types: TOML value has type (\w+); destination has type (\w+)|type mismatch for [\w.]+: expected (\w+) but found (\w+))$`)

// typeError turns the TOML decoder's error for a value of the wrong type
// into one that says where and what to write instead.
func typeError(path string, err error) *Error {
	m := tomlTypeError.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: path, Msg: oneLine(err.Error()) + "; see baton.example.toml for the syntax"}
	}
	line, _ := strconv.Atoi(m[1])
	key, found, want := m[2], m[3]+m[6], m[4]+m[5]
	if key == "team" || key == "team.member" {
		return &Error{File: path, Line: line, Msg: fmt.Sprintf("%s is %s here; write each one as a [[%s]] table, as in baton.example.toml", key, tomlType(found), key)}
	}
	return &Error{File: path, Line: line, Msg: fmt.Sprintf("%s is %s here but must be %s; see baton.example.toml", key, tomlType(found), tomlType(want))}
}

// oneLine keeps a decoder's message to the one line an error has.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// tomlType names a type as the decoder spells it, for the admin.
func tomlType(t string) string {
	switch t {
	case "string":
		return "a quoted string"
	case "integer", "int", "int64":
		return "a number without quotes"
	case "bool", "boolean":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "table", "map", "struct", "hash":
		return "a table"
	case "float":
		return "a decimal number"
	}
	return "of type " + t
}

// unknownKeys reports each key the file sets that Baton does not know,
// at every line that sets it, with the nearest known key.
func (c *checker) unknownKeys(keys []toml.Key) {
	seen := map[string]bool{}
	for _, k := range keys {
		// The decoder lists a key once per array entry that sets it;
		// linesOf already finds every line.
		if seen[k.String()] {
			continue
		}
		seen[k.String()] = true
		known := knownKeys(reflect.TypeOf(fileConfig{}), k[:len(k)-1])
		if known == nil {
			continue // under an unknown table, reported there
		}
		name := k[len(k)-1]
		hint := "remove it"
		if s := closest(name, known); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		for _, line := range c.linesOf(k) {
			c.errs = append(c.errs, &Error{File: c.file, Line: line, Msg: fmt.Sprintf("unknown key %q; %s", strings.Join(k, "."), hint)})
		}
	}
}

// linesOf finds every line setting key, whatever array entry it is in.
func (c *checker) linesOf(k toml.Key) []int {
	var lines []int
	want := strings.Join(k, ".")
	for path, line := range c.idx {
		var parts []string
		for _, p := range strings.Split(path, ".") {
			if _, err := strconv.Atoi(p); err != nil {
				parts = append(parts, p)
			}
		}
		if strings.Join(parts, ".") == want {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		lines = append(lines, 0)
	}
	slices.Sort(lines)
	return lines
}

// knownKeys lists the keys a table at path accepts, from the toml tags
// of fileConfig; nil when path is not a table Baton knows.
func knownKeys(t reflect.Type, path []string) []string {
	for _, p := range path {
		f, ok := fieldByTag(t, p)
		if !ok {
			return nil
		}
		t = f.Type
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
	}
	var keys []string
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("toml"); tag != "" && tag != "password" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if f.Tag.Get("toml") == tag {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// path makes a path relative to the config file's directory absolute.
func (c *checker) path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	abs, err := filepath.Abs(filepath.Join(c.dir, p))
	if err != nil {
		return filepath.Join(c.dir, p)
	}
	return abs
}
