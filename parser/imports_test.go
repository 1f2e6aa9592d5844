package parser

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package pure: no network, no file system, no
// database in non-test files (STYLE.md, "Imports point down").
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if forbiddenImport(path) {
				t.Errorf("%s imports %q; the parser must stay pure", f, path)
			}
		}
	}
}

func forbiddenImport(path string) bool {
	switch {
	case path == "net", strings.HasPrefix(path, "net/"),
		path == "os", strings.HasPrefix(path, "os/"),
		path == "syscall", path == "time/tzdata",
		strings.HasPrefix(path, "go.etcd.io/bbolt"),
		strings.HasPrefix(path, "github.com/baton-mail/baton/"):
		return true
	}
	return false
}
