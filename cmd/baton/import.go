package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/mbox"
)

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	loadConfig := configFlag(fs)
	workers := fs.Int("workers", 32, "messages filed at once (they share fsyncs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 || fs.Arg(0) != "mbox" && fs.Arg(0) != "maildir" {
		fs.Usage()
		return errUsage
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	next, closeSrc, err := importSource(fs.Arg(0), fs.Arg(1))
	if err != nil {
		return err
	}
	defer closeSrc()
	file, done, err := importer(cfg)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	progress := newProgress(stderr, start)
	st, err := ingest.Import(next, file, *workers, progress)
	if progress != nil {
		fmt.Fprint(stderr, "\r\033[K") // clear the progress line
	}
	fmt.Fprintf(stdout, "%d messages read in %.1fs: %d imported, %d duplicates, %d auto-mail skipped, %d non-members skipped, %d failed\n",
		st.Read, time.Since(start).Seconds(), st.Imported, st.Duplicates, st.Auto, st.NonMembers, st.Failed)
	return err
}

// importSource returns the messages of an mbox file or a Maildir, one
// at a time.
func importSource(kind, path string) (func() ([]byte, error), func(), error) {
	if kind == "mbox" {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		r := mbox.NewReader(f)
		return r.Next, func() { f.Close() }, nil
	}
	var files []string
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(path, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(path, sub, e.Name()))
			}
		}
	}
	if files == nil {
		if _, err := os.Stat(filepath.Join(path, "cur")); err != nil {
			return nil, nil, fmt.Errorf("%s is not a Maildir: it has no cur/ or new/ with messages", path)
		}
	}
	// Maildir names start with the delivery time: name order is
	// arrival order, near enough for parents to come before replies.
	sort.Slice(files, func(i, j int) bool { return filepath.Base(files[i]) < filepath.Base(files[j]) })
	i := 0
	return func() ([]byte, error) {
		if i == len(files) {
			return nil, io.EOF
		}
		i++
		return os.ReadFile(files[i-1])
	}, func() {}, nil
}

// importer files history; see filer.
func importer(cfg *config.Config) (func([]byte) (ingest.Result, error), func(), error) {
	return filer(cfg, "import", func(g *gateway.Gateway) func([]byte) (ingest.Result, error) { return g.Filer().ImportMessage })
}

// newProgress returns a progress callback that keeps one updating line
// on stderr when it is a terminal, and nil otherwise.
func newProgress(stderr io.Writer, start time.Time) func(ingest.ImportStats) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	var last time.Time
	return func(st ingest.ImportStats) {
		now := time.Now()
		if now.Sub(last) < 100*time.Millisecond {
			return
		}
		last = now
		rate := float64(st.Read) / max(now.Sub(start).Seconds(), 0.001)
		fmt.Fprintf(f, "\r\033[Kimporting: %d read, %d imported, %d duplicates, %d skipped (%.0f msg/s)", st.Read, st.Imported, st.Duplicates, st.Auto+st.NonMembers, rate)
	}
}
