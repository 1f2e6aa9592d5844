package main

import (
	"io"
	"net/url"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
)

func runThread(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("thread", stderr)
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
	return readStore(cfg, stdout, "/thread?id="+url.QueryEscape(fs.Arg(0)), func(db *store.DB) error {
		text, err := report.ThreadText(cfg, db, fs.Arg(0))
		if err == nil {
			_, err = io.WriteString(stdout, text)
		}
		return err
	})
}
