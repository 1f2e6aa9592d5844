package testenv

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyTests: the harness and the fake clock are for tests; the
// daemon never links them.
func TestOnlyTests(t *testing.T) {
	harness := []string{"github.com/baton-mail/baton/internal/testenv", "github.com/baton-mail/baton/internal/clock/clocktest", "github.com/baton-mail/baton/internal/testcert"}
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		for _, h := range harness {
			if strings.Contains(path, strings.TrimPrefix(h, "github.com/baton-mail/baton/")+"/") {
				return nil // the harness may import itself
			}
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, h := range harness {
				if p == h {
					t.Errorf("%s imports %s, which only tests may", path, p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
