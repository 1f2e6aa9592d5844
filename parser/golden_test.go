package parser

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files from the parser's output")

// testOptions is the team every corpus message is parsed for.
var testOptions = Options{
	Members:  []string{"Ana Souza", "Bo Chen", "Chidi Okafor", "Dana Kim"},
	Sections: map[Kind][]string{Done: {"Shipped"}},
}

// corpus lists the corpus messages: testdata/*.eml and testdata/extra/*.eml.
func corpus(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"testdata/*.eml", "testdata/extra/*.eml"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no corpus messages in testdata")
	}
	return files
}

func mustJSON(t testing.TB, m *Message) []byte {
	t.Helper()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestGolden parses each corpus message and compares the JSON with
// NAME.golden; -update rewrites the golden files.
func TestGolden(t *testing.T) {
	for _, file := range corpus(t) {
		name := strings.TrimSuffix(file, ".eml")
		t.Run(strings.TrimPrefix(name, "testdata/"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := mustJSON(t, Parse(raw, testOptions))
			golden := name + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from parser output:\n%s", golden, diffLines(string(want), string(got)))
			}
		})
	}
}

// diffLines shows the lines that differ, for a readable failure.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}
