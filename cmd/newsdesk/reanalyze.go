package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/follow"
)

// ReanalyzeCommand implements "newsdesk reanalyze".
type ReanalyzeCommand struct {
	*Main
}

// Usage writes the help text of the reanalyze command.
func (c *ReanalyzeCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk reanalyze [flags] [--since DATE] [--source ID]

Analyse every stored article again — find its entities and resolve them —
with the model and the table of actors of this binary; run it after an
upgrade. Every command that stores articles analyses them as it goes, so
this is needed only for the articles analysed before.

The analyses record how far they have come: an interrupted run is resumed,
not started again, by the next reanalyze (or finished by the next ingest
or serve).

Flags:
  --since DATE        only the articles published (or, if unknown, stored)
                      at or after DATE: 2006-01-02, RFC 3339, or a
                      duration back from now such as 24h
  --source ID         only the articles of the source with that ID
`+storeFlagsUsage)
}

// Run analyses the articles again.
func (c *ReanalyzeCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var since string
	var source int64
	fs := newFlagSet("reanalyze")
	sf.register(fs, "reanalyze", false)
	fs.StringVar(&since, "since", "", "")
	fs.Int64Var(&source, "source", 0, "")
	if err := parseFlags(fs, "reanalyze", args); err != nil {
		return err
	}
	var filter newsdesk.ArticleFilter
	filter.SourceID = source
	if since != "" {
		t, err := parseSince(since, time.Now())
		if err != nil {
			return usagef("reanalyze", "--since: %v", err)
		}
		filter.Since = t
	}
	if fs.NArg() > 0 {
		return usagef("reanalyze", "unexpected argument %q", fs.Arg(0))
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	f := &analyze.Follower{Store: st, Analyzer: analyze.New(nil, nil)}
	lag, err := follow.Lag(ctx, st, f)
	if err != nil {
		return err
	}
	switch {
	case lag > 0:
		fmt.Fprintf(c.Stderr, "newsdesk: reanalyze: resuming: %d articles to analyse\n", lag)
	case filter.SourceID != 0 || !filter.Since.IsZero():
		if _, err := st.Reanalyze(ctx, filter); err != nil {
			return err
		}
	default:
		if err := st.ResetAnalyses(ctx); err != nil {
			return err
		}
	}
	n, failed, err := c.catchUp(ctx, "reanalyze", analysisFollower, st, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "analysed %d articles, %d failed\n", n-int64(failed), failed)
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: int(n)}
	}
	return nil
}
