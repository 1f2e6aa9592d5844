// Command baton is the Baton daemon and its admin tools: one binary, one
// config file, one database file.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	_ "time/tzdata" // time zones work even in a scratch container

	"github.com/baton-mail/baton/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

type command struct {
	name, args, summary string
	run                 func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "-config FILE [-listen ADDR] [-log-format text|json] [-v]", "run the gateway: SMTP server, IMAP poller, scheduler, sender", runServe},
		{"check", "-config FILE", "validate the config and show each member's next check-in and digest", runCheck},
		{"parse", "[FILE]", "parse one message (stdin without FILE) and print it as JSON", runParse},
		{"ingest", "-config FILE [FILE...]", "file messages (stdin without FILE) as if they had arrived", runIngest},
		{"digest", "-config FILE -for EMAIL [-at RFC3339]", "print the digest that would be sent, or why none would, without sending", runDigest},
		{"prompt", "-config FILE -for EMAIL [-at RFC3339]", "print the check-in prompt that would be sent, or why none would, without sending", runPrompt},
		{"backup", "-config FILE OUT", "write a consistent copy of the database, also while serve runs", runBackup},
		{"thread", "-config FILE ID", "print the thread holding an update ID or Message-ID as a tree, with item states", runThread},
		{"status", "-config FILE [-json]", "show what the store holds, who posted last, next digests, the queue and IMAP state", runStatus},
		{"import", "-config FILE [-workers N] mbox FILE | maildir DIR", "file historic mail (deduplicated, threaded) and print a summary", runImport},
		{"export", "-config FILE [-team T] [-since DATE] [-format markdown|json|mbox]", "write a team's updates, decisions and threads, or its raw mail", runExport},
		{"decisions", "-config FILE [-team T] [-since DATE] [-json]", "print the decision log as Markdown", runDecisions},
		{"password", "EMAIL < PASSWORD", "print a line for the submission passwords file (password read from stdin)", runPassword},
		{"compact", "-config FILE", "rewrite the database without its free space (serve must be stopped)", runCompact},
		{"version", "", "print the version", func(_ []string, stdout, _ io.Writer) error {
			fmt.Fprintln(stdout, "baton", version)
			return nil
		}},
	}
}

// errUsage marks a misuse of the command line: exit 2.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(args[1:], stdout, stderr)
			switch {
			case err == nil || errors.Is(err, flag.ErrHelp):
				return exitOK
			case errors.Is(err, errUsage):
				return exitUsage
			case errors.As(err, new(config.Errors)):
				fmt.Fprintf(stderr, "%v\n", err) // already FILE:LINE: ...
				return exitFailure
			default:
				fmt.Fprintf(stderr, "baton %s: %v\n", c.name, err)
				return exitFailure
			}
		}
	}
	fmt.Fprintf(stderr, "baton: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Baton: async team updates by email.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  baton %-8s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "  baton help\n\nRun 'baton COMMAND -h' for a command's flags.\n")
}

// newFlags returns a flag set that reports errors as usage errors.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("baton "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, c := range commands {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(stderr, "Usage: baton %s %s\n  %s\n", name, c.args, c.summary)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

// configFlag adds the -config flag to fs and returns the function that
// loads the file it names, for a command to call once fs is parsed.
func configFlag(fs *flag.FlagSet) func(opts ...config.Option) (*config.Config, error) {
	path := fs.String("config", "baton.toml", "config file")
	return func(opts ...config.Option) (*config.Config, error) { return config.Load(*path, opts...) }
}

// parseFlags parses args, mapping flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
