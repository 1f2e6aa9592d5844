package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/store"
)

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	cfgPath := fs.String("config", "baton.toml", "config file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	out := fs.Arg(0)
	tmp, err := os.CreateTemp(filepath.Dir(out), ".baton-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := backupTo(cfg, tmp)
	if err == nil {
		err = tmp.Sync()
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

// backupTo copies the database directly, or asks the running daemon to
// when serve holds it.
func backupTo(cfg *config.Config, w io.Writer) (int64, error) {
	db, err := openStore(cfg)
	if err == nil {
		defer db.Close()
		return db.Backup(w, nil)
	}
	if !errors.Is(err, store.ErrLocked) {
		return 0, err
	}
	resp, err := controlClient(cfg).Get("http://baton/backup")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("daemon answered %s", resp.Status)
	}
	// The daemon sends the length first: a copy cut short is an
	// error here (unexpected EOF), not a backup.
	return io.Copy(w, resp.Body)
}

// controlClient talks HTTP to the running daemon over its unix socket in
// the data directory.
func controlClient(cfg *config.Config) *http.Client {
	sock := gateway.ControlSocket(cfg)
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
}
