package follow_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/follow"
	"newsdesk/search"
	"newsdesk/sqlite"
)

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openIndex(t *testing.T, dir string) *search.Index {
	t.Helper()
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// save stores article i with the given word in its text.
func save(t *testing.T, st newsdesk.Store, i int, word string) int64 {
	t.Helper()
	u := fmt.Sprintf("https://news.example/story/%d", i)
	var b strings.Builder
	for j := range 5 {
		fmt.Fprintf(&b, "Sentence %d of story %d tells of %s and of the town council. ", j, i, word)
	}
	a := &newsdesk.Article{URL: u, Title: fmt.Sprintf("Story %d", i), Language: "en",
		Published: time.Date(2024, 5, 1, 12, i%60, 0, 0, time.UTC),
		Blocks:    []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: b.String()}}}
	p := &newsdesk.Page{URL: u, ContentType: "text/html", Fetched: time.Now(), Body: []byte(b.String())}
	id, _, err := st.SaveArticle(context.Background(), p, a)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// found returns the IDs a search for q finds, sorted.
func found(t *testing.T, ix *search.Index, q string) []int64 {
	t.Helper()
	var ids []int64
	cursor := ""
	for {
		res, err := ix.Search(context.Background(), newsdesk.Query{Text: q, Sort: "date", Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if cursor = res.NextCursor; cursor == "" {
			break
		}
	}
	slices.Sort(ids)
	return ids
}

func TestCatchUp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	var ids []int64
	for i := range 600 {
		ids = append(ids, save(t, st, i, "harbour"))
	}
	var calls int
	n, err := follow.CatchUp(ctx, st, ix, follow.Options{Progress: func(done, total int64) {
		calls++
		if total != 600 || done > total {
			t.Errorf("progress %d of %d", done, total)
		}
	}})
	if err != nil || n != 600 || calls != 3 {
		t.Fatalf("CatchUp = %d, %v after %d batches; want 600 in 3", n, err, calls)
	}
	if got := found(t, ix, "harbour"); !slices.Equal(got, ids) {
		t.Errorf("harbour finds %d articles, want %d", len(got), len(ids))
	}
	if lag, err := follow.Lag(ctx, st, ix); err != nil || lag != 0 {
		t.Errorf("Lag = %d, %v", lag, err)
	}
	// Again: nothing to do.
	if n, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil || n != 0 {
		t.Errorf("second CatchUp = %d, %v", n, err)
	}

	// A revision replaces the article's terms.
	save(t, st, 7, "lighthouse")
	if lag, _ := follow.Lag(ctx, st, ix); lag != 1 {
		t.Errorf("Lag after a revision = %d, want 1", lag)
	}
	if n, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil || n != 1 {
		t.Errorf("CatchUp after a revision = %d, %v", n, err)
	}
	if got := found(t, ix, "lighthouse"); !slices.Equal(got, []int64{ids[7]}) {
		t.Errorf("lighthouse finds %v, want [%d]", got, ids[7])
	}
	if got := found(t, ix, "harbour"); len(got) != 599 || slices.Contains(got, ids[7]) {
		t.Errorf("harbour finds %d articles (with %d: %v), want 599 without it", len(got), ids[7], slices.Contains(got, ids[7]))
	}
}

// Apply records the position with what it indexes, never moves it back,
// and changes at or below the position are left out.
func TestApplyPosition(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	for i := range 5 {
		save(t, st, i, "harbour")
	}
	cs, err := st.Changes(ctx, 0, 10)
	if err != nil || len(cs) != 5 {
		t.Fatalf("Changes = %d, %v", len(cs), err)
	}
	if err := ix.Apply(ctx, 0, cs[:3]); err != nil {
		t.Fatal(err)
	}
	if pos, err := ix.Position(ctx); err != nil || pos != cs[2].Seq {
		t.Fatalf("Position = %d, %v; want %d", pos, err, cs[2].Seq)
	}
	// An old batch, as from a slower process, changes nothing.
	old := []newsdesk.Change{{Seq: cs[0].Seq, ID: cs[0].ID}}
	if err := ix.Apply(ctx, 0, old); err != nil {
		t.Fatal(err)
	}
	if pos, _ := ix.Position(ctx); pos != cs[2].Seq {
		t.Errorf("Position after an old batch = %d, want %d", pos, cs[2].Seq)
	}
	if n, _ := ix.Count(ctx); n != 3 {
		t.Errorf("Count after an old removal = %d, want 3", n)
	}
	// A change without its article takes it out.
	if err := ix.Apply(ctx, cs[2].Seq, []newsdesk.Change{{Seq: cs[4].Seq, ID: cs[1].ID}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(ctx); n != 2 {
		t.Errorf("Count after a removal = %d, want 2", n)
	}
	// Changes read before a reset are not applied after it: the
	// position does not jump over what the reset took out.
	if err := ix.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, cs[2].Seq, cs[3:]); err != nil {
		t.Fatal(err)
	}
	if pos, _ := ix.Position(ctx); pos != 0 {
		t.Errorf("Position after a stale batch on a reset index = %d, want 0", pos)
	}
}

// Several processes catching up at once, while articles arrive, leave the
// index equal to the store.
func TestConcurrentFollowers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	ixs := []*search.Index{openIndex(t, dir), openIndex(t, dir), openIndex(t, dir)}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for _, ix := range ixs {
		wg.Go(func() {
			for {
				if _, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil {
					t.Error(err)
					return
				}
				select {
				case <-done:
					return
				default:
				}
			}
		})
	}
	var ids []int64
	for i := range 300 {
		ids = append(ids, save(t, st, i, "harbour"))
		if i%3 == 0 {
			save(t, st, i/3, "harbour") // an unchanged duplicate
		}
	}
	close(done)
	wg.Wait()
	if _, err := follow.CatchUp(ctx, st, ixs[0], follow.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := found(t, ixs[1], "harbour"); !slices.Equal(got, ids) {
		t.Errorf("index holds %d of %d articles", len(got), len(ids))
	}
	if n, _ := ixs[2].Count(ctx); n != 300 {
		t.Errorf("Count = %d, want 300", n)
	}
}

// failing is the search index, except that it cannot index one article.
type failing struct {
	*search.Index
	bad int64
}

func (f failing) Apply(ctx context.Context, after int64, cs []newsdesk.Change) error {
	for _, c := range cs {
		if c.ID == f.bad && c.Article != nil {
			return errors.New("cannot index this one")
		}
	}
	return f.Index.Apply(ctx, after, cs)
}

// An article that cannot be indexed is reported and left out; the others
// are indexed, and the follower moves on.
func TestCatchUpFailed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	var ids []int64
	for i := range 10 {
		ids = append(ids, save(t, st, i, "harbour"))
	}
	var bad []int64
	n, err := follow.CatchUp(ctx, st, failing{ix, ids[4]}, follow.Options{Failed: func(c newsdesk.Change, err error) { bad = append(bad, c.ID) }})
	if err != nil || n != 10 || !slices.Equal(bad, []int64{ids[4]}) {
		t.Fatalf("CatchUp = %d, %v, failed %v", n, err, bad)
	}
	want := slices.Delete(slices.Clone(ids), 4, 5)
	if got := found(t, ix, "harbour"); !slices.Equal(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if lag, _ := follow.Lag(ctx, st, ix); lag != 0 {
		t.Errorf("Lag = %d", lag)
	}
}

// A Runner follows writes of another store handle (as of another
// process) on its own, and those it is woken for.
func TestRunner(t *testing.T) {
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	other := openStore(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	r := &follow.Runner{Log: st, Follower: ix, Interval: 20 * time.Millisecond}
	var wg sync.WaitGroup
	wg.Go(func() { r.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	for i := range 50 {
		save(t, other, i, "harbour")
	}
	save(t, st, 50, "harbour")
	r.Wake()
	deadline := time.Now().Add(10 * time.Second)
	for {
		lag, err := follow.Lag(context.Background(), st, ix)
		if err == nil && lag == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the runner is still %d behind after 10 s (%v)", lag, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n, _ := ix.Count(context.Background()); n != 51 {
		t.Errorf("Count = %d, want 51", n)
	}
}

// A rebuild begun by Reset and interrupted resumes where it stopped.
func TestResetResume(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	for i := range 400 {
		save(t, st, i, "harbour")
	}
	if _, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	// One batch, then the process "dies".
	cctx, cancel := context.WithCancel(ctx)
	_, err := follow.CatchUp(cctx, st, ix, follow.Options{Progress: func(done, total int64) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CatchUp = %v, want canceled", err)
	}
	ix.Close()
	ix = openIndex(t, dir)
	if b, err := ix.Rebuilding(ctx); err != nil || !b {
		t.Fatalf("Rebuilding = %v, %v", b, err)
	}
	if n, _ := ix.Count(ctx); n != follow.Batch {
		t.Errorf("after one batch the index holds %d", n)
	}
	n, err := follow.CatchUp(ctx, st, ix, follow.Options{})
	if err != nil || n != 400-follow.Batch {
		t.Errorf("resumed CatchUp = %d, %v; want %d", n, err, 400-follow.Batch)
	}
	if err := ix.FinishRebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if b, _ := ix.Rebuilding(ctx); b {
		t.Error("still rebuilding")
	}
	if got := found(t, ix, "harbour"); len(got) != 400 {
		t.Errorf("found %d, want 400", len(got))
	}
}

// oneHolder is a Leaser of one lease in this process: a lease at a time,
// for whoever asks first.
type oneHolder struct {
	mu   sync.Mutex
	held bool
}

type heldLease struct {
	l        *oneHolder
	released bool
}

func (l *oneHolder) Lease(ctx context.Context, name string) (newsdesk.Lease, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return nil, nil
	}
	l.held = true
	return &heldLease{l: l}, nil
}

func (h *heldLease) Held(ctx context.Context) bool {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	return !h.released
}

func (h *heldLease) Release() {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	if !h.released {
		h.released, h.l.held = true, false
	}
}

// A Runner under a lease another holds follows nothing; once the holder
// lets go, it takes the lease and catches up.
func TestRunnerLease(t *testing.T) {
	dir := t.TempDir()
	st, ix := openStore(t, dir), openIndex(t, dir)
	leaser := &oneHolder{}
	other, _ := leaser.Lease(context.Background(), "index")
	ctx, cancel := context.WithCancel(context.Background())
	r := &follow.Runner{Log: st, Follower: ix, Interval: 10 * time.Millisecond, Lease: leaser, LeaseName: "index"}
	var wg sync.WaitGroup
	wg.Go(func() { r.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	for i := range 5 {
		save(t, st, i, "harbour")
	}
	r.Wake()
	time.Sleep(200 * time.Millisecond)
	if n, _ := ix.Count(context.Background()); n != 0 {
		t.Fatalf("the runner indexed %d articles while another held its lease", n)
	}
	other.Release()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if n, _ := ix.Count(context.Background()); n == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the runner did not take over the released lease in 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if l, _ := leaser.Lease(context.Background(), "index"); l != nil {
		t.Error("the runner does not hold the lease it follows under")
	}
}
