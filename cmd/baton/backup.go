package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/control"
	"github.com/baton-mail/baton/store"
)

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	loadConfig := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	out := fs.Arg(0)
	tmp, err := os.CreateTemp(filepath.Dir(out), ".baton-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// Directly, or through the running daemon when serve holds the
	// database. The daemon sends the length first: a copy cut short is
	// an error (unexpected EOF), not a backup.
	err = readStore(cfg, tmp, "/backup", func(db *store.DB) error {
		_, err := db.Backup(tmp, nil)
		return err
	})
	var n int64
	if err == nil {
		err = tmp.Sync()
	}
	if fi, serr := tmp.Stat(); err == nil && serr == nil {
		n = fi.Size()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", out, n)
	return nil
}

// controlClient talks HTTP to the running daemon over its unix socket in
// the data directory.
func controlClient(cfg *config.Config) *http.Client {
	sock := control.Socket(cfg)
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
}
