package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"newsdesk/queue"
)

// QueueCommand implements "newsdesk queue": the state of the job queue
// and its dead letters.
type QueueCommand struct {
	*Main
}

// Usage writes the help text of the queue command.
func (c *QueueCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk queue [stats] --queue URL [--json]
       newsdesk queue dead --queue URL [--limit N] [--json]

stats (the default) tells how the job queue that ingest --queue and serve
--queue fill stands: jobs waiting, jobs out with a worker, jobs out for
another try, dead letters. dead lists the dead letters, the oldest first:
jobs that failed every delivery, with the reason of the last failure.

Flags:
  --queue URL         the NATS server (env NEWSDESK_QUEUE)
  --limit N           dead: at most N (default 50)
  --json              write JSON
`)
}

// Run dispatches to the subcommands.
func (c *QueueCommand) Run(ctx context.Context, args []string) error {
	sub := "stats"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := newFlagSet("queue " + sub)
	url := fs.String("queue", os.Getenv("NEWSDESK_QUEUE"), "")
	limit := fs.Int("limit", 50, "")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, "queue", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("queue", "unexpected argument %q", fs.Arg(0))
	}
	if sub != "stats" && sub != "dead" {
		return usagef("queue", "unknown subcommand %q (want stats or dead)", sub)
	}
	if *url == "" {
		return usagef("queue", "no queue: give --queue nats://HOST:PORT or set NEWSDESK_QUEUE")
	}
	q, err := queue.Open(ctx, queueConfig(*url))
	if err != nil {
		return err
	}
	defer q.Close()
	bw := bufio.NewWriter(c.Stdout)
	var v any
	if sub == "stats" {
		s, err := q.Stats(ctx)
		if err != nil {
			return err
		}
		v = s
		if !*asJSON {
			fmt.Fprintf(bw, "waiting %d, with a worker %d, out for another try %d, dead letters %d\n", s.Waiting, s.Working, s.Redelivered, s.Dead)
		}
	} else {
		dl, err := q.DeadLetters(ctx, *limit)
		if err != nil {
			return err
		}
		if dl == nil {
			dl = []queue.DeadLetter{}
		}
		v = dl
		if !*asJSON {
			for _, d := range dl {
				fmt.Fprintf(bw, "%s\t%s\t%d deliveries\t%s\t%s\n", d.Time.UTC().Format("2006-01-02 15:04:05"), d.Job.Kind, d.Deliveries, termSafe(d.Job.URL), termSafe(d.Reason))
			}
		}
	}
	if *asJSON {
		return writeJSON(bw, v)
	}
	return bw.Flush()
}
