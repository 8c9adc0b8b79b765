package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/search"
	"newsdesk/sqlite"
	"newsdesk/warc"
)

// crashSeeds returns the seeds of the crash-consistency suite: 1..N with
// N from NEWSDESK_CRASH_SEEDS (default 4).
func crashSeeds(t *testing.T) []uint64 {
	n := 4
	if s := os.Getenv("NEWSDESK_CRASH_SEEDS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("NEWSDESK_CRASH_SEEDS=%q: want a positive number", s)
		}
	}
	var seeds []uint64
	for i := range n {
		seeds = append(seeds, uint64(i+1))
	}
	return seeds
}

// writeWARC writes the news pages from to to-1 (see newsPage) to a
// WARC.gz file and returns its path, adding the pages' URLs to want.
func writeWARC(t *testing.T, from, to int, want map[string]bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("crawl-%d.warc.gz", from))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := warc.NewWriter(f, true)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for i := range to - from {
		i += from
		u := fmt.Sprintf("https://archive.example/story/%d", i)
		if err := w.WriteResponse(u, time.Now(), 200, h, []byte(newsPage(i))); err != nil {
			t.Fatal(err)
		}
		want[u] = true
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// crashRun runs the binary with the store in dir.
type crashRun struct {
	t     *testing.T
	dir   string
	rng   *rand.Rand
	kills int
}

func (c *crashRun) command(args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "NEWSDESK_DATA="+c.dir)
	return cmd
}

// killAfter starts the command and kills it with SIGKILL after a random
// time up to max, unless it ends first; it reports whether it was killed.
func (c *crashRun) killAfter(max time.Duration, args ...string) bool {
	c.t.Helper()
	cmd := c.command(args...)
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		c.t.Logf("%v ended after %v, before its kill: %v", args, time.Since(start).Round(time.Millisecond), err)
		return false
	case <-time.After(time.Duration(c.rng.Int64N(int64(max)))):
	}
	cmd.Process.Kill()
	<-done
	c.kills++
	return true
}

// mustRun runs the command to its end and fails the test unless it
// exits 0.
func (c *crashRun) mustRun(args ...string) string {
	c.t.Helper()
	out, err := c.command(args...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// serve starts "newsdesk serve" as its own process and returns it with
// the base URL it listens on.
func (c *crashRun) serve() (*exec.Cmd, string) {
	c.t.Helper()
	cmd := c.command("serve", "--no-watch", "--no-defaults", "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	listening := regexp.MustCompile(`listening on (http://[^/\s]+)/`)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr)
			return cmd, m[1]
		}
	}
	c.t.Fatal("serve ended before it listened")
	return nil, ""
}

// health returns the index lag /healthz reports, or -1.
func health(base string) int64 {
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var h struct {
		Lag *int64 `json:"index_lag"`
	}
	if json.NewDecoder(resp.Body).Decode(&h) != nil || resp.StatusCode != 200 || h.Lag == nil {
		return -1
	}
	return *h.Lag
}

// apiTotal returns the number of articles the search API lists, or -1.
func apiTotal(base string) int {
	resp, err := http.Get(base + "/api/articles?limit=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var r struct{ Total int }
	if json.NewDecoder(resp.Body).Decode(&r) != nil {
		return -1
	}
	return r.Total
}

// TestIntegrationCrashConsistency kills the real binary with SIGKILL at
// random moments of ingest, of serve while ingests write to its store,
// of reindex and of reprocess, for several seeds, and checks after each
// seed's kills: every input page stored once, the index equal to the
// store (the same IDs), both database files sound, search finding a
// sample of titles, and a running serve catching up on its own.
func TestIntegrationCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: kills the binary dozens of times")
	}
	// Four archives of 500 pages, so that every phase has new pages to
	// store.
	const part, n = 500, 2000
	want := map[string]bool{}
	var parts []string
	for i := 0; i < n; i += part {
		parts = append(parts, writeWARC(t, i, i+part, want))
	}
	var kills, checked int
	for _, seed := range crashSeeds(t) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			c := &crashRun{t: t, dir: t.TempDir(), rng: rand.New(rand.NewPCG(seed, 0x6e657773))}

			// An alert that every page matches: its outbox must end up
			// with every article, once.
			c.mustRun("alerts", "add", "--name", "every story", "--query", "story")

			// 1. ingest, killed three times.
			for range 3 {
				c.killAfter(400*time.Millisecond, "ingest", parts[0])
			}

			// 2. serve, while ingests into its store are killed; then
			// serve itself is killed as it catches up, one more ingest
			// is killed, and a new serve must catch up on its own.
			srv, _ := c.serve()
			for range 2 {
				c.killAfter(400*time.Millisecond, "ingest", "--no-index", parts[1])
			}
			time.Sleep(time.Duration(c.rng.Int64N(int64(300 * time.Millisecond))))
			srv.Process.Kill()
			srv.Wait()
			c.kills++
			c.killAfter(400*time.Millisecond, "ingest", "--no-index", parts[2])
			stored := storedIDs(t, c.dir)
			_, base := c.serve()
			eventually(t, "a restarted serve has caught up with the store", func() bool {
				return health(base) == 0 && apiTotal(base) == len(stored)
			})
			// The running serve follows an ingest that is killed.
			c.killAfter(400*time.Millisecond, "ingest", parts[3])
			stored = storedIDs(t, c.dir)
			eventually(t, "a running serve has caught up with a killed ingest", func() bool {
				return health(base) == 0 && apiTotal(base) == len(stored)
			})

			// 3. every page, then reindex killed twice.
			c.mustRun(append([]string{"ingest", "--no-index"}, parts...)...)
			checkConnected(t, c.dir)
			checkAlerted(t, c.dir)
			for range 2 {
				c.killAfter(500*time.Millisecond, "reindex")
			}

			// 4. reprocess, killed twice.
			for range 2 {
				c.killAfter(1500*time.Millisecond, "reprocess", "-j", "2")
			}

			// The next search answers for every stored article.
			out := c.mustRun("search", "--json", "--limit", "1")
			var res struct{ Total int }
			if err := json.Unmarshal([]byte(out[len(out)-len(jsonTail(out)):]), &res); err != nil {
				t.Fatalf("search --json: %v\n%s", err, out)
			}
			checkStore(t, c.dir, want)
			checkIndex(t, c.dir, c.rng)
			if res.Total != n {
				t.Errorf("search lists %d articles, the store holds %d", res.Total, n)
			}
			t.Logf("seed %d: %d kills; %d pages stored once each, index equal to the store", seed, c.kills, n)
			kills += c.kills
			checked += n
		})
	}
	t.Logf("crash consistency: %d kills over %d seeds, %d pages checked", kills, len(crashSeeds(t)), checked)
}

// checkConnected checks that every article stored in dir has a story,
// and that each copy's original is stored and is an original itself:
// the connections caught up after every kill.
func checkConnected(t *testing.T, dir string) {
	t.Helper()
	st, err := sqlite.OpenReadOnly(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, err := st.Articles(context.Background(), newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*newsdesk.StoredArticle{}
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
	}
	for _, a := range arts {
		if a.Story == 0 {
			t.Errorf("article %d has no story", a.ID)
		}
		if a.CopyOf != 0 {
			if o := byID[int64(a.CopyOf)]; o == nil || o.CopyOf != 0 {
				t.Errorf("article %d is a copy of %d, which is not an original in the store", a.ID, a.CopyOf)
			}
		}
	}
}

// checkAlerted checks that the alert the crash test saves first matched
// every stored article exactly once, whatever was killed meanwhile.
func checkAlerted(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := storedIDs(t, dir)
	matched := map[int64]int{}
	cursor := ""
	for {
		ml, err := st.Matches(ctx, newsdesk.MatchFilter{AlertID: 1, Limit: 500, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ml.Matches {
			matched[m.ArticleID]++
		}
		if cursor = ml.NextCursor; cursor == "" {
			break
		}
	}
	for _, id := range ids {
		if matched[id] != 1 {
			t.Errorf("article %d matched the alert %d times, want once", id, matched[id])
		}
	}
	if len(matched) != len(ids) {
		t.Errorf("%d articles matched, %d stored", len(matched), len(ids))
	}
}

// jsonTail returns the JSON object that ends out, after any lines on
// stderr before it.
func jsonTail(out string) string {
	for i := 0; i < len(out); i++ {
		if out[i] == '{' && (i == 0 || out[i-1] == '\n') {
			return out[i:]
		}
	}
	return out
}

// storedIDs returns the IDs of the articles stored in dir.
func storedIDs(t *testing.T, dir string) []int64 {
	t.Helper()
	st, err := sqlite.OpenReadOnly(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, err := st.Articles(context.Background(), newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

// checkIndex checks that the search index in dir holds exactly the
// stored articles, that its file is sound, and that a search for the
// title of each of a sample of articles (drawn with rng; nil: a fixed
// seed) finds it.
func checkIndex(t *testing.T, dir string, rng *rand.Rand) {
	t.Helper()
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}
	ctx := context.Background()
	ix, err := search.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var indexed []int64
	cursor := ""
	for {
		res, err := ix.Search(ctx, newsdesk.Query{Sort: "date", Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			indexed = append(indexed, h.ID)
		}
		if cursor = res.NextCursor; cursor == "" {
			break
		}
	}
	slices.Sort(indexed)
	stored := storedIDs(t, dir)
	if !slices.Equal(indexed, stored) {
		t.Errorf("the index holds %d articles, the store %d; they differ", len(indexed), len(stored))
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, search.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("search index integrity_check: %q, %v", check, err)
	}
	st, err := sqlite.OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 10 {
		id := stored[rng.IntN(len(stored))]
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(ctx, newsdesk.Query{Text: fmt.Sprintf("title:%q", a.Title), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Hits, func(h newsdesk.Hit) bool { return h.ID == id }) {
			t.Errorf("a search for the title %q does not find article %d", a.Title, id)
		}
	}
}
