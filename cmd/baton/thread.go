package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/store"
)

func runThread(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("thread", stderr)
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
	text, err := threadText(cfg, fs.Arg(0))
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// threadText reads the store directly, or asks the running daemon when
// serve holds it.
func threadText(cfg *config.Config, id string) (string, error) {
	db, err := openStore(cfg)
	if err == nil {
		defer db.Close()
		return gateway.ThreadText(cfg, db, id)
	}
	if !errors.Is(err, store.ErrLocked) {
		return "", err
	}
	resp, err := controlClient(cfg).Get("http://baton/thread?id=" + url.QueryEscape(id))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("daemon answered %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return string(body), nil
}
