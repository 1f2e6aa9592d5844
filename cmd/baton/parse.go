package main

import (
	"encoding/json"
	"io"
	"os"

	"github.com/baton-mail/baton/parser"
)

func runParse(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("parse", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	raw, err := readInput(fs.Arg(0))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(parser.Parse(raw, parser.Options{}))
}

// readInput reads the named file, or stdin for "" or "-".
func readInput(name string) ([]byte, error) {
	if name == "" || name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}
