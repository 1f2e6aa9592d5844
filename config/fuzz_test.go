package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any file gets a Config or errors, each naming the file,
// never a panic; a Config it accepts has a domain and teams with members.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.toml")
	for _, p := range append(seeds, "../baton.example.toml") {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		// The admin names the files a config reads; devices are not
		// files anyone names for a password.
		if strings.Contains(src, "/dev") || strings.Contains(src, "/proc") || strings.Contains(src, "/sys") {
			return
		}
		cfg, err := parse("baton.toml", src, noEnv)
		if err != nil {
			for _, l := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(l, "baton.toml:") && !strings.HasPrefix(l, "testdata/") {
					t.Fatalf("error line does not name the file: %q", l)
				}
			}
			return
		}
		if cfg.Domain == "" || len(cfg.Teams) == 0 {
			t.Fatalf("accepted a config without a domain or teams: %+v", cfg)
		}
		for _, tm := range cfg.Teams {
			if len(tm.Members) == 0 {
				t.Fatalf("accepted team %q without members", tm.Name)
			}
		}
	})
}
