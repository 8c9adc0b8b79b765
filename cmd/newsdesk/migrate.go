package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/analyze"
	"newsdesk/config"
	"newsdesk/connect"
	"newsdesk/postgres"
	"newsdesk/sqlite"
)

// MigrateCommand implements "newsdesk migrate": it copies an embedded
// store into a PostgreSQL database.
type MigrateCommand struct {
	*Main
}

// Usage writes the help text of the migrate command.
func (c *MigrateCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk migrate --to DSN [--data DIR] [-j N]

Copy the embedded store in DIR into the PostgreSQL database DSN
(postgres://user:pass@host/db, or host=… dbname=…): its sources, its
pages with their articles, the pages without one, and its alerts. The
database then analyses, connects and indexes the articles as it does
the ones it stores itself. The embedded store is only read.

A migration that stops (interrupted, the database gone) goes on where it
stopped when run again; storing is idempotent, so nothing is copied
twice. At the end the counts of both stores are compared: the command
fails if the database holds fewer articles or pages than the embedded
store.

Not copied: the fetch log, the articles' earlier revisions, and edits
of entities and stories by hand (newsdesk entities and stories, which
can be made again).

Flags:
  --to DSN            the PostgreSQL database to copy into (required)
  --data DIR          the embedded store's directory (default
                      ./newsdesk-data; env NEWSDESK_DATA)
  -j N                write N articles at once (default 4)

Examples:
  newsdesk migrate --data /srv/newsdesk --to postgres://newsdesk@db/newsdesk
`)
}

// Run copies the store.
func (c *MigrateCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("migrate")
	data := fs.String("data", "", "")
	to := fs.String("to", "", "")
	jobs := jobsFlag{n: 4}
	fs.Var(&jobs, "j", "")
	if err := parseFlags(fs, "migrate", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("migrate", "unexpected argument %q", fs.Arg(0))
	}
	if *to == "" {
		return usagef("migrate", "--to: name the PostgreSQL database to copy into")
	}
	if !postgres.IsDSN(*to) {
		return usagef("migrate", "--to: want a postgres:// or postgresql:// URL or a key=value connection string")
	}
	dir := *data
	if dir == "" {
		if dir = os.Getenv(config.EnvPrefix + "DATA"); dir == "" {
			dir = config.Default().Data
		}
	}
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		return fmt.Errorf("no newsdesk store in %s: check --data", dir)
	}
	src, err := sqlite.OpenReadOnly(ctx, dir)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()

	abs, _ := filepath.Abs(dir)
	m := &migration{src: src, dst: dst, key: "migrated " + abs, workers: max(1, jobs.n), out: c.Stderr}
	if err := m.run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "copied %d sources, %d articles (%d already there), %d pages without article, %d alerts\n",
		m.sources, m.articles, m.already, m.pages, m.alerts)

	// The database's followers make what the embedded store's did: the
	// analyses, the connections, the alerts' matches, the index.
	fl := &storeFollowers{
		analysis: &analyze.Follower{Store: dst, Analyzer: analyze.New(nil, nil)},
		connect:  &connect.Follower{Store: dst},
		alerts:   &alert.Follower{Store: dst, Compile: compileAlerts},
	}
	ix, err := openIndexOf(config.Config{Store: *to}, dst)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := c.catchUpStore(ctx, "migrate", dst, ix, fl, nil); err != nil {
		return err
	}
	return m.check(ctx)
}

// migration copies one embedded store into a PostgreSQL one; key names
// its progress in the database's settings.
type migration struct {
	src     *sqlite.Store
	dst     *postgres.Store
	key     string
	workers int
	out     io.Writer

	sourceIDs                                 map[int64]int64
	sources, articles, already, pages, alerts int
}

func (m *migration) run(ctx context.Context) error {
	if err := m.copySources(ctx); err != nil {
		return err
	}
	withArticle, err := m.copyArticles(ctx)
	if err != nil {
		return err
	}
	if err := m.copyPages(ctx, withArticle); err != nil {
		return err
	}
	return m.copyAlerts(ctx)
}

// copySources adds the sources the database lacks and maps each source
// id of the embedded store to the database's.
func (m *migration) copySources(ctx context.Context) error {
	have, err := m.dst.Sources(ctx)
	if err != nil {
		return err
	}
	byURL := map[string]int64{}
	for _, s := range have {
		byURL[s.URL] = s.ID
	}
	srcs, err := m.src.Sources(ctx)
	if err != nil {
		return err
	}
	m.sourceIDs = map[int64]int64{}
	for _, s := range srcs {
		if id, ok := byURL[s.URL]; ok {
			m.sourceIDs[s.ID] = id
			continue
		}
		old := s.ID
		s.ID = 0
		if err := m.dst.AddSource(ctx, &s); err != nil {
			return fmt.Errorf("source %s: %w", s.URL, err)
		}
		m.sourceIDs[old] = s.ID
		m.sources++
	}
	return nil
}

// copyArticles stores every article with its page, in batches, workers
// at a time, recording after each batch the last article id copied. It
// returns the ids of the pages that have an article.
func (m *migration) copyArticles(ctx context.Context) (map[int64]bool, error) {
	done, err := m.progress(ctx, "articles")
	if err != nil {
		return nil, err
	}
	withArticle := map[int64]bool{}
	after := int64(0)
	for {
		batch, err := m.src.Articles(ctx, newsdesk.ArticleFilter{AfterID: after, Limit: 256})
		if err != nil {
			return nil, err
		}
		if len(batch) == 0 {
			return withArticle, nil
		}
		after = batch[len(batch)-1].ID
		var todo []newsdesk.StoredArticle
		for _, a := range batch {
			withArticle[a.PageID] = true
			if a.ID > done {
				todo = append(todo, a)
			}
		}
		if err := m.storeArticles(ctx, todo); err != nil {
			return nil, err
		}
		if len(todo) > 0 {
			if err := m.dst.SetSetting(ctx, m.key+" articles", strconv.FormatInt(after, 10)); err != nil {
				return nil, err
			}
		}
	}
}

// storeArticles stores as with their pages, workers at a time.
func (m *migration) storeArticles(ctx context.Context, as []newsdesk.StoredArticle) error {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		next     = make(chan *newsdesk.StoredArticle)
	)
	for range m.workers {
		wg.Go(func() {
			for a := range next {
				outcome, err := m.storeArticle(ctx, a)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("article %d %s: %w", a.ID, a.URL, err)
				}
				if err == nil {
					if outcome == newsdesk.Duplicate {
						m.already++
					} else {
						m.articles++
					}
				}
				mu.Unlock()
			}
		})
	}
	for i := range as {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		next <- &as[i]
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func (m *migration) storeArticle(ctx context.Context, a *newsdesk.StoredArticle) (newsdesk.SaveOutcome, error) {
	p, err := m.src.Page(ctx, a.PageID)
	if err != nil {
		return "", err
	}
	p.ID = 0
	p.SourceID = m.sourceIDs[p.SourceID]
	_, outcome, err := m.dst.SaveArticle(ctx, p, &a.Article)
	return outcome, err
}

// copyPages stores the pages without an article.
func (m *migration) copyPages(ctx context.Context, withArticle map[int64]bool) error {
	done, err := m.progress(ctx, "pages")
	if err != nil {
		return err
	}
	last := done
	err = m.src.Pages(ctx, func(p *newsdesk.Page) error {
		if p.ID <= done || withArticle[p.ID] {
			return nil
		}
		id := p.ID
		p.ID = 0
		p.SourceID = m.sourceIDs[p.SourceID]
		if err := m.dst.SavePage(ctx, p); err != nil {
			return fmt.Errorf("page %d %s: %w", id, p.URL, err)
		}
		m.pages++
		last = id
		if m.pages%256 == 0 {
			return m.dst.SetSetting(ctx, m.key+" pages", strconv.FormatInt(last, 10))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return m.dst.SetSetting(ctx, m.key+" pages", strconv.FormatInt(last, 10))
}

// copyAlerts adds the alerts the database has none of the same name and
// query of.
func (m *migration) copyAlerts(ctx context.Context) error {
	have, err := m.dst.Alerts(ctx)
	if err != nil {
		return err
	}
	known := map[[2]string]bool{}
	for _, a := range have {
		known[[2]string{a.Name, a.Query}] = true
	}
	srcs, err := m.src.Alerts(ctx)
	if err != nil {
		return err
	}
	for _, a := range srcs {
		if known[[2]string{a.Name, a.Query}] {
			continue
		}
		a.ID = 0
		if err := m.dst.AddAlert(ctx, &a); err != nil {
			return fmt.Errorf("alert %q: %w", a.Name, err)
		}
		m.alerts++
	}
	return nil
}

// progress returns the last id of the embedded store a step copied.
func (m *migration) progress(ctx context.Context, step string) (int64, error) {
	v, err := m.dst.Setting(ctx, m.key+" "+step)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the progress of the migration in the database is damaged (%q): %w", v, err)
	}
	return n, nil
}

// check compares the counts of both stores.
func (m *migration) check(ctx context.Context) error {
	sa, sp, _, err := m.src.Count(ctx)
	if err != nil {
		return err
	}
	da, dp, _, err := m.dst.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "newsdesk: migrate: the embedded store holds %d articles and %d pages, the database %d and %d\n", sa, sp, da, dp)
	if da < sa || dp < sp {
		return errors.New("the database holds fewer articles or pages than the embedded store")
	}
	return nil
}
