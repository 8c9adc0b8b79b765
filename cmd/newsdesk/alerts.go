package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/config"
	"newsdesk/httpapi"
	"newsdesk/notify"
	"newsdesk/search"
)

// AlertsCommand implements "newsdesk alerts": saved searches that tell
// when something new matches.
type AlertsCommand struct {
	*Main
}

// Usage writes the help text of the alerts command.
func (c *AlertsCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk alerts add --name N --query Q [options]
       newsdesk alerts list [--json]
       newsdesk alerts show ID [--json]
       newsdesk alerts edit ID [options]
       newsdesk alerts pause|resume|remove ID
       newsdesk alerts test ID [--limit N]
       newsdesk alerts deliver
       newsdesk alerts redeliver ID [--delivery D]

An alert is a saved search. Every article stored after it was made that
the same search finds is a match — copies included unless --collapse —
kept in the alert's inbox and feeds, POSTed to its webhook and mailed in
its digest. Matching follows the store, whichever command stores (ingest,
import, watch, serve); delivery is done by watch and serve, or once by
'alerts deliver'.

add prints the new alert's id. show prints it with its secret and the
paths of its feeds (under the address of 'newsdesk serve'). test lists
what the alert's search finds now. redeliver makes the deliveries that
were given up (dead) pending again.

Options of add and edit:
  --name N            the alert's name
  --query Q           the search, in the search syntax of 'newsdesk search'
  --webhook URL       POST each match to URL, signed (X-Newsdesk-Signature)
  --secret S          the webhook's signing secret (default: generated)
  --email ADDR        mail digests to ADDR (needs smtp_url and mail_from)
  --digest hourly|daily
                      how often the digest is mailed (default daily)
  --stories           only the first article of each new story
  --min-outlets N     only stories once N outlets have covered them
  --collapse          a copy group once: copies of a delivered article are not
  --period DURATION   at most one notice per story per DURATION (e.g. 6h)
`+fetchFlagsUsage+storeFlagsUsage)
}

// Run dispatches to the subcommands.
func (c *AlertsCommand) Run(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		return flag.ErrHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("alerts", "want a subcommand: add, list, show, edit, pause, resume, remove, test, deliver or redeliver")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add", "edit":
		return c.save(ctx, sub, args)
	case "list", "show":
		return c.show(ctx, sub, args)
	case "pause", "resume", "remove":
		return c.state(ctx, sub, args)
	case "test":
		return c.test(ctx, args)
	case "deliver":
		return c.deliver(ctx, args)
	case "redeliver":
		return c.redeliver(ctx, args)
	}
	return usagef("alerts", "unknown subcommand %q", sub)
}

// alertFlags are the options of add and edit.
type alertFlags struct {
	name, query, webhook, secret, email, digest, period string
	stories, collapse                                   bool
	minOutlets                                          int
}

func (af *alertFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&af.name, "name", "", "")
	fs.StringVar(&af.query, "query", "", "")
	fs.StringVar(&af.webhook, "webhook", "", "")
	fs.StringVar(&af.secret, "secret", "", "")
	fs.StringVar(&af.email, "email", "", "")
	fs.StringVar(&af.digest, "digest", "", "")
	fs.StringVar(&af.period, "period", "", "")
	fs.BoolVar(&af.stories, "stories", false, "")
	fs.BoolVar(&af.collapse, "collapse", false, "")
	fs.IntVar(&af.minOutlets, "min-outlets", 0, "")
}

// input is the options given on the command line (set), as the API
// takes them: the CLI, the API and the UI change alerts alike.
func (af *alertFlags) input(set map[string]bool) httpapi.AlertInput {
	var in httpapi.AlertInput
	str := func(name string, v *string) *string {
		if set[name] {
			return v
		}
		return nil
	}
	in.Name, in.Query, in.Webhook = str("name", &af.name), str("query", &af.query), str("webhook", &af.webhook)
	in.Secret, in.Email, in.Digest = str("secret", &af.secret), str("email", &af.email), str("digest", &af.digest)
	in.Period = str("period", &af.period)
	if set["stories"] {
		in.Stories = &af.stories
	}
	if set["collapse"] {
		in.Collapse = &af.collapse
	}
	if set["min-outlets"] {
		in.MinOutlets = &af.minOutlets
	}
	return in
}

func (c *AlertsCommand) save(ctx context.Context, sub string, args []string) error {
	var sf storeFlags
	var af alertFlags
	fs := newFlagSet("alerts " + sub)
	sf.register(fs, "alerts "+sub, true)
	af.register(fs)
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	in := af.input(set)
	a := &newsdesk.Alert{}
	var id int64
	switch {
	case sub == "add" && fs.NArg() > 0:
		return usagef("alerts", "unexpected argument %q", fs.Arg(0))
	case sub == "edit":
		ids, err := alertIDs(fs.Args(), 1)
		if err != nil {
			return err
		}
		id = ids[0]
	}
	if err := in.Apply(a); err != nil {
		return usagef("alerts", "%v", err)
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	st, err := sf.openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "edit" {
		if a, err = st.Alert(ctx, id); err != nil {
			return err
		}
		if err := in.Apply(a); err != nil {
			return usagef("alerts", "%v", err)
		}
	}
	if err := httpapi.CheckAlert(a, cfg.AllowPrivateNetworks); err != nil {
		return usagef("alerts", "%v", err)
	}
	if sub == "add" {
		if err := st.AddAlert(ctx, a); err != nil {
			return err
		}
		fmt.Fprintln(c.Stdout, a.ID)
		return nil
	}
	return st.UpdateAlert(ctx, a)
}

// alertIDs reads n alert ids from args.
func alertIDs(args []string, n int) ([]int64, error) {
	if len(args) != n {
		return nil, usagef("alerts", "want %d alert ID, got %d arguments", n, len(args))
	}
	ids := make([]int64, n)
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("alerts", "%q is not an ID", a)
		}
		ids[i] = id
	}
	return ids, nil
}

// alertView is an alert as list and show write it.
type alertView struct {
	newsdesk.Alert
	FeedAtom string `json:"feed_atom_url"`
	FeedJSON string `json:"feed_json_url"`
	Unread   int    `json:"unread"`
}

func (c *AlertsCommand) show(ctx context.Context, sub string, args []string) error {
	var sf storeFlags
	var asJSON bool
	fs := newFlagSet("alerts " + sub)
	sf.register(fs, "alerts "+sub, false)
	fs.BoolVar(&asJSON, "json", false, "")
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	var ids []int64
	if sub == "show" {
		var err error
		if ids, err = alertIDs(fs.Args(), 1); err != nil {
			return err
		}
	} else if fs.NArg() > 0 {
		return usagef("alerts", "unexpected argument %q", fs.Arg(0))
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	var as []newsdesk.Alert
	if sub == "show" {
		a, err := st.Alert(ctx, ids[0])
		if err != nil {
			return err
		}
		as = []newsdesk.Alert{*a}
	} else if as, err = st.Alerts(ctx); err != nil {
		return err
	}
	views := make([]alertView, len(as))
	for i, a := range as {
		ml, err := st.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Unread: true, Limit: 1})
		if err != nil {
			return err
		}
		views[i] = alertView{Alert: a, Unread: ml.Total,
			FeedAtom: fmt.Sprintf("/api/alerts/%d/feed.atom?token=%s", a.ID, a.Token),
			FeedJSON: fmt.Sprintf("/api/alerts/%d/feed.json?token=%s", a.ID, a.Token)}
		if sub == "list" {
			views[i].Secret, views[i].Token, views[i].FeedAtom, views[i].FeedJSON = "", "", "", ""
		}
	}
	bw := bufio.NewWriter(c.Stdout)
	if asJSON {
		var v any = views
		if sub == "show" {
			v = views[0]
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		bw.Write(jsonSafe(append(b, '\n')))
		return bw.Flush()
	}
	for _, v := range views {
		state := "active"
		if v.Paused {
			state = "paused"
		}
		if sub == "list" {
			fmt.Fprintf(bw, "%d\t%s\t%d unread\t%s\t%s\n", v.ID, state, v.Unread, termSafe(v.Name), termSafe(v.Query))
			continue
		}
		fmt.Fprintf(bw, "alert %d: %s (%s)\nquery: %s\n", v.ID, termSafe(v.Name), state, termSafe(v.Query))
		if v.Webhook != "" {
			fmt.Fprintf(bw, "webhook: %s\n", termSafe(v.Webhook))
		}
		fmt.Fprintf(bw, "secret: %s\n", v.Secret)
		if v.Email != "" {
			fmt.Fprintf(bw, "email: %s, %s digest\n", termSafe(v.Email), v.Digest)
		}
		var opts []string
		if v.Stories {
			opts = append(opts, "new stories only")
		}
		if v.MinOutlets > 1 {
			opts = append(opts, fmt.Sprintf("stories on %d outlets", v.MinOutlets))
		}
		if v.Collapse {
			opts = append(opts, "copies collapsed")
		}
		if v.Period > 0 {
			opts = append(opts, fmt.Sprintf("one notice per story per %v", v.Period))
		}
		if len(opts) > 0 {
			fmt.Fprintf(bw, "options: %s\n", strings.Join(opts, ", "))
		}
		fmt.Fprintf(bw, "feeds: %s\n       %s\nunread: %d\n", v.FeedAtom, v.FeedJSON, v.Unread)
	}
	return bw.Flush()
}

func (c *AlertsCommand) state(ctx context.Context, sub string, args []string) error {
	var sf storeFlags
	fs := newFlagSet("alerts " + sub)
	sf.register(fs, "alerts "+sub, false)
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	ids, err := alertIDs(fs.Args(), 1)
	if err != nil {
		return err
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "remove" {
		return st.RemoveAlert(ctx, ids[0])
	}
	a, err := st.Alert(ctx, ids[0])
	if err != nil {
		return err
	}
	a.Paused = sub == "pause"
	return st.UpdateAlert(ctx, a)
}

// test lists what the alert's search finds now, newest first.
func (c *AlertsCommand) test(ctx context.Context, args []string) error {
	var sf storeFlags
	var limit int
	fs := newFlagSet("alerts test")
	sf.register(fs, "alerts test", false)
	fs.IntVar(&limit, "limit", 20, "")
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	ids, err := alertIDs(fs.Args(), 1)
	if err != nil {
		return err
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	st, err := sf.openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.Alert(ctx, ids[0])
	if err != nil {
		return err
	}
	ix, err := openIndexOf(cfg, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	if _, err := c.syncIndex(ctx, "alerts", st, ix, true); err != nil {
		return err
	}
	res, err := ix.Search(ctx, newsdesk.Query{Text: a.Query, Sort: "date", Limit: limit, Collapse: a.Collapse})
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(c.Stdout)
	for _, h := range res.Hits {
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\n", h.ID, dateText(h.Published), termSafe(h.SiteName), termSafe(h.Title))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.Stderr, "%d of %d articles the search of alert %d finds now\n", len(res.Hits), res.Total, a.ID)
	return nil
}

func (c *AlertsCommand) redeliver(ctx context.Context, args []string) error {
	var sf storeFlags
	var delivery int64
	fs := newFlagSet("alerts redeliver")
	sf.register(fs, "alerts redeliver", false)
	fs.Int64Var(&delivery, "delivery", 0, "")
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	ids, err := alertIDs(fs.Args(), 1)
	if err != nil {
		return err
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Redeliver(ctx, ids[0], delivery)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stderr, "newsdesk: alerts: %d %s pending again\n", n, plural(int64(n), "delivery", "deliveries"))
	return nil
}

// compileAlerts is the alert.Follower's Compile: the alerts' queries in
// a search.Percolator; an alert whose query it cannot take is left out.
func compileAlerts(as []newsdesk.Alert) (alert.Matcher, error) {
	p := search.NewPercolator()
	for _, a := range as {
		_ = p.Add(a.ID, newsdesk.Query{Text: a.Query})
	}
	return p, nil
}

// deliverers returns what delivers the alerts' matches: the webhooks,
// and the mailer when smtp_url is set (else nil).
func deliverers(cfg config.Config, st store, report func(error)) (*notify.Webhooks, *notify.Mailer, error) {
	wh := &notify.Webhooks{Store: st, Articles: st, AllowPrivate: cfg.AllowPrivateNetworks, Error: report}
	if cfg.SMTPURL == "" {
		return wh, nil, nil
	}
	if cfg.MailFrom == "" {
		return nil, nil, errors.New("smtp_url is set but mail_from is not")
	}
	loc := time.Local
	if cfg.TimeZone != "" {
		l, err := time.LoadLocation(cfg.TimeZone)
		if err != nil {
			return nil, nil, fmt.Errorf("time_zone: %w", err)
		}
		loc = l
	}
	return wh, &notify.Mailer{Store: st, Articles: st, SMTPURL: cfg.SMTPURL, From: cfg.MailFrom,
		Location: loc, BaseURL: cfg.BaseURL, Error: report}, nil
}

// deliver delivers every due match once: webhooks, and digests when
// mail is configured.
func (c *AlertsCommand) deliver(ctx context.Context, args []string) error {
	var sf storeFlags
	fs := newFlagSet("alerts deliver")
	sf.register(fs, "alerts deliver", true)
	if err := parseFlags(fs, "alerts", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("alerts", "unexpected argument %q", fs.Arg(0))
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	st, err := sf.openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	wh, mailer, err := deliverers(cfg, st, nil)
	if err != nil {
		return err
	}
	n, err := wh.DeliverDue(ctx)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	fmt.Fprintf(c.Stdout, "webhooks: %d %s\n", n, plural(int64(n), "delivery", "deliveries"))
	if mailer != nil {
		n, err := mailer.DeliverDue(ctx)
		if err != nil {
			return fmt.Errorf("mail: %w", err)
		}
		fmt.Fprintf(c.Stdout, "mail: %d %s\n", n, plural(int64(n), "delivery", "deliveries"))
	}
	return nil
}
