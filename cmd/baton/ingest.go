package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/gateway"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/store"
)

func runIngest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", stderr)
	loadConfig := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(config.NoSecrets)
	if err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	file, done, err := ingester(cfg)
	if err != nil {
		return err
	}
	defer done()
	failed := 0
	for _, f := range files {
		raw, err := readInput(f)
		if err == nil {
			var res ingest.Result
			if res, err = file(raw); err == nil {
				dup := ""
				if res.Duplicate {
					dup = " (already stored)"
				}
				fmt.Fprintf(stdout, "%s: id %d, %s%s\n", f, res.ID, res.Class, dup)
				continue
			}
		}
		failed++
		fmt.Fprintf(stderr, "%s: %v\n", f, err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d messages not filed", failed, len(files))
	}
	return nil
}

// ingester files as if mail had arrived; see filer.
func ingester(cfg *config.Config) (func([]byte) (ingest.Result, error), func(), error) {
	return filer(cfg, "ingest", func(g *gateway.Gateway) func([]byte) (ingest.Result, error) { return g.Filer().File })
}

// filer returns a function that files one message with the gateway's
// method direct, through the store directly, or through the running
// daemon's control socket endpoint /name when serve holds the database;
// and a function that closes what it opened.
func filer(cfg *config.Config, name string, direct func(*gateway.Gateway) func([]byte) (ingest.Result, error)) (func([]byte) (ingest.Result, error), func(), error) {
	db, err := openStore(cfg)
	if errors.Is(err, store.ErrLocked) {
		c := controlClient(cfg)
		return func(raw []byte) (ingest.Result, error) {
			var res ingest.Result
			resp, err := c.Post("http://baton/"+name, "message/rfc822", bytes.NewReader(raw))
			if err != nil {
				return res, err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				msg, _ := io.ReadAll(resp.Body)
				return res, fmt.Errorf("%s", bytes.TrimSpace(msg))
			}
			return res, json.NewDecoder(resp.Body).Decode(&res)
		}, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	g, err := gateway.New(cfg, db, slog.New(slog.DiscardHandler), gateway.Options{})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return direct(g), func() { db.Close() }, nil
}
