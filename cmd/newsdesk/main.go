// Command newsdesk reads news web pages and turns them into clean articles.
//
// Usage:
//
//	newsdesk <command> [arguments]
//
// Run "newsdesk help" for the list of commands and "newsdesk help <command>"
// for the flags of one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

// Version is the release of the binary, set at build time with
// -ldflags "-X main.Version=v1.2.3"; when empty, the module version or VCS
// revision recorded in the binary is shown instead.
var Version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{
		Stdin:          os.Stdin,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		StderrTerminal: isTerminal(os.Stderr),
	}
	endProfile := startProfile(os.Args[1:])
	code := m.Run(ctx, os.Args[1:])
	endProfile()
	stop()
	os.Exit(code)
}

// Main holds the standard streams shared by all subcommands.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// StderrTerminal reports whether Stderr is an interactive terminal;
	// progress bars are drawn only then.
	StderrTerminal bool
}

// command is one subcommand. Run gets the arguments after the command name;
// Usage writes the command's full help text.
type command interface {
	Run(ctx context.Context, args []string) error
	Usage(w io.Writer)
}

// commands lists the subcommands in the order "newsdesk help" shows them.
// "help" itself is handled by Main.Run.
var commands = []struct {
	name    string
	summary string
	new     func(m *Main) command
}{
	{"serve", "run newsdesk: gather, index, and serve the web interface and the API", func(m *Main) command { return &ServeCommand{Main: m} }},
	{"extract", "extract articles from HTML files, directories or URLs", func(m *Main) command { return &ExtractCommand{Main: m} }},
	{"sources", "add, list and remove the sources to gather news from", func(m *Main) command { return &SourcesCommand{Main: m} }},
	{"ingest", "gather articles: one pass over the sources, or given files and URLs", func(m *Main) command { return &IngestCommand{Main: m} }},
	{"import", "store articles extracted elsewhere, from JSON Lines", func(m *Main) command { return &ImportCommand{Main: m} }},
	{"watch", "gather articles continuously, each source on its own schedule", func(m *Main) command { return &WatchCommand{Main: m} }},
	{"articles", "list the stored articles as text, JSON, JSON Lines or CSV", func(m *Main) command { return &ArticlesCommand{Main: m} }},
	{"queue", "show the job queue's state and its dead letters", func(m *Main) command { return &QueueCommand{Main: m} }},
	{"worker", "take jobs from the queue that ingest --queue fills, and do them", func(m *Main) command { return &WorkerCommand{Main: m} }},
	{"reprocess", "extract every stored page again with the current extractor", func(m *Main) command { return &ReprocessCommand{Main: m} }},
	{"search", "search the stored articles", func(m *Main) command { return &SearchCommand{Main: m} }},
	{"analyze", "find and resolve the entities of texts and pages", func(m *Main) command { return &AnalyzeCommand{Main: m} }},
	{"outlets", "list the sites the stored articles were published on", func(m *Main) command { return &OutletsCommand{Main: m} }},
	{"entities", "list the most mentioned entities of the stored articles", func(m *Main) command { return &EntitiesCommand{Main: m} }},
	{"quotes", "list what the stored articles say people said", func(m *Main) command { return &QuotesCommand{Main: m} }},
	{"sites", "show the templates learnt of each site; forget or exclude a site", func(m *Main) command { return &SitesCommand{Main: m} }},
	{"stories", "list the stories of the stored articles; merge and split them", func(m *Main) command { return &StoriesCommand{Main: m} }},
	{"alerts", "save searches as alerts: feeds, webhooks and mail digests of what is new", func(m *Main) command { return &AlertsCommand{Main: m} }},
	{"reanalyze", "analyse every stored article again", func(m *Main) command { return &ReanalyzeCommand{Main: m} }},
	{"migrate", "copy the embedded store into a PostgreSQL database", func(m *Main) command { return &MigrateCommand{Main: m} }},
	{"reindex", "rebuild the search index from the store", func(m *Main) command { return &ReindexCommand{Main: m} }},
	{"version", "print the version of newsdesk", func(m *Main) command { return &VersionCommand{Main: m} }},
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // an input or the whole run failed
	exitUsage   = 2 // bad command line
)

// usageError reports a bad command line; it makes newsdesk exit with code 2.
type usageError struct {
	cmd string // subcommand name, or "" for newsdesk itself
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError for subcommand cmd.
func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, err: fmt.Errorf(format, args...)}
}

// inputsFailedError is returned by a command when some of its inputs
// failed; each failure has been reported already. It makes newsdesk exit
// with code 1.
type inputsFailedError struct {
	failed, total int
	// note is appended to the message, e.g. a count of warnings.
	note string
}

func (e *inputsFailedError) Error() string {
	return fmt.Sprintf("%d of %d inputs failed%s", e.failed, e.total, e.note)
}

// Run executes the subcommand named by args[0] with the remaining
// arguments and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage(m.Stderr)
		return exitUsage
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return m.help(args)
	}
	cmd := m.lookup(name)
	if cmd == nil {
		fmt.Fprintf(m.Stderr, "newsdesk: unknown command %q\n\n", name)
		m.usage(m.Stderr)
		return exitUsage
	}
	err := cmd.Run(ctx, args)
	if errors.Is(err, flag.ErrHelp) {
		cmd.Usage(m.Stdout)
		return exitOK
	}
	return m.exitCode(name, err)
}

// lookup returns the subcommand called name, or nil.
func (m *Main) lookup(name string) command {
	for _, c := range commands {
		if c.name == name {
			return c.new(m)
		}
	}
	return nil
}

// exitCode reports err, if any, on Stderr and maps it to an exit code.
func (m *Main) exitCode(name string, err error) int {
	var ue *usageError
	var fe *inputsFailedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &fe):
		if fe.total > 1 { // a single failure has been reported already
			fmt.Fprintf(m.Stderr, "newsdesk: %s: %v\n", name, fe)
		}
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "newsdesk %s: %s\nRun 'newsdesk %s -h' for usage.\n", name, documentedFlag(m.lookup(name), ue.err.Error()), name)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(m.Stderr, "newsdesk: %s: interrupted\n", name)
		return exitFailure
	default:
		fmt.Fprintf(m.Stderr, "newsdesk: %s: %v\n", name, err)
		return exitFailure
	}
}

// help implements "newsdesk help [command]".
func (m *Main) help(args []string) int {
	if len(args) == 0 {
		m.usage(m.Stdout)
		return exitOK
	}
	cmd := m.lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(m.Stderr, "newsdesk help: unknown command %q\n\n", args[0])
		m.usage(m.Stderr)
		return exitUsage
	}
	cmd.Usage(m.Stdout)
	return exitOK
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `newsdesk turns news web pages into clean articles.

Usage:

	newsdesk <command> [arguments]

The commands are:

`)
	for _, c := range commands {
		fmt.Fprintf(w, "	%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "	%-10s %s\n", "help", "show help for a command")
	fmt.Fprint(w, `
Run 'newsdesk help <command>' or 'newsdesk <command> -h' for details.
`)
}

// VersionCommand implements "newsdesk version".
type VersionCommand struct {
	*Main
}

// Run prints the version of the binary and the Go toolchain it was built
// with.
func (c *VersionCommand) Run(_ context.Context, args []string) error {
	fs := newFlagSet("version")
	if err := parseFlags(fs, "version", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version", "unexpected argument %q", fs.Arg(0))
	}
	fmt.Fprintf(c.Stdout, "newsdesk %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// Usage writes the help text of the version command.
func (c *VersionCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk version

Print the version of newsdesk and of the Go toolchain it was built with.
`)
}

// version returns Version, or what the binary's build information knows.
func version() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}

// newFlagSet returns a FlagSet that prints nothing itself: parseFlags turns
// its errors into usage errors and -h into the command's usage text.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("newsdesk "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs; flags may come before, between and after
// the positional arguments (up to a "--"), which end up in fs.Args(). A
// -h or --help returns flag.ErrHelp; any other error is a usage error
// that names the flag as documented, or an unknown one as typed (see
// flagError).
func parseFlags(fs *flag.FlagSet, name string, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &usageError{cmd: name, err: flagError(fs, args, err)}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parse the positional arguments alone, after a "--", so that fs.Args
	// returns them.
	return fs.Parse(append([]string{"--"}, positional...))
}

// isTerminal reports whether f is a character device, such as a terminal,
// and TERM does not say the terminal cannot move the cursor.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}
