// Package puretest checks a package's imports: that it stays pure (the
// tests of parser, digest, schedule and thread call Check, so none of
// them grows a dependency on the network, the file system or the
// store), and that it imports nothing above it (Below).
package puretest

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// forbidden is what no pure package may import, nor anything below it.
var forbidden = []string{"net", "os", "syscall", "go.etcd.io/bbolt"}

// helpers are the module's pure internal packages: small, pure
// themselves (each checks so with Check) and open to every pure
// package. The others (env, metrics, limit, certs, the test harnesses)
// hold the daemon's state or reach the system, like any package.
var helpers = []string{
	"github.com/baton-mail/baton/internal/ascii",
	"github.com/baton-mail/baton/internal/clock",
	"github.com/baton-mail/baton/internal/outmail",
}

// Check fails t for each import of forbidden or of extra (each also
// forbidding what is below it, helpers aside) in the non-test files of
// the current directory, the package under test.
func Check(t *testing.T, extra ...string) {
	t.Helper()
	check(t, "the package must stay pure", append(append([]string{}, forbidden...), extra...))
}

// Below fails t for each import of above (or anything below them) in
// the non-test files of the current directory: imports point down
// (STYLE.md), so a package never imports one that builds on it.
func Below(t *testing.T, above ...string) {
	t.Helper()
	check(t, "imports point down", above)
}

func check(t *testing.T, why string, bad []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if slices.Contains(helpers, path) {
				continue
			}
			for _, b := range bad {
				if path == b || strings.HasPrefix(path, b+"/") {
					t.Errorf("%s imports %q; %s", name, path, why)
				}
			}
		}
	}
}
