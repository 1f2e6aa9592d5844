package thread

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPure keeps the package free of I/O: its non-test files may not
// import the network, the file system, the store or other Baton
// packages.
func TestPure(t *testing.T) {
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
			for _, bad := range []string{"net", "os", "syscall", "go.etcd.io/bbolt", "github.com/baton-mail/baton"} {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %q; the package must stay pure", name, path)
				}
			}
		}
	}
}
