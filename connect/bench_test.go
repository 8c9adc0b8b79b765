package connect

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/connect/internal/synth"
)

func benchTexts(b testing.TB) []synth.Text {
	texts, err := synth.Load(extractionData(b), 60)
	if err != nil {
		b.Fatal(err)
	}
	return texts
}

var benchStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkCopiesAdd measures copy detection per article (signature,
// candidates, checks, groups) on a stream of synthetic articles made
// from the real texts, one article a minute.
func BenchmarkCopiesAdd(b *testing.B) {
	st := synth.NewStream(benchTexts(b), 1<<20, benchStart, (1<<20)*time.Minute, 1)
	docs := fromSynth(make([]synth.Article, 0))
	for range 5000 {
		docs = append(docs, fromSynth([]synth.Article{st.Next()})...)
	}
	c := NewCopies(CopyOptions{})
	b.ResetTimer()
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		d.ID = int64(i + 1)
		c.Add(d)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkStoriesAdd measures story assignment per article on the same
// stream.
func BenchmarkStoriesAdd(b *testing.B) {
	st := synth.NewStream(benchTexts(b), 1<<20, benchStart, (1<<20)*time.Minute, 1)
	var docs []Doc
	for range 5000 {
		docs = append(docs, fromSynth([]synth.Article{st.Next()})...)
	}
	s := NewStories(StoryOptions{})
	b.ResetTimer()
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		d.ID = int64(i + 1)
		d.Published = benchStart.Add(time.Duration(i) * time.Minute)
		s.Add(d)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// TestScale feeds NEWSDESK_CONNECT_SCALE synthetic articles (e.g.
// 200000), spread over eight weeks, through Copies and Stories and
// reports the articles per second of each (on one core: the test runs
// them one after the other in one goroutine) and the memory in use.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_CONNECT_SCALE"))
	if n <= 0 {
		t.Skip("NEWSDESK_CONNECT_SCALE not set")
	}
	st := synth.NewStream(benchTexts(t), n, benchStart, 8*7*24*time.Hour, 1)
	c := NewCopies(CopyOptions{})
	s := NewStories(StoryOptions{})
	var tc, ts time.Duration
	copies, stories := 0, 0
	for range n {
		d := fromSynth([]synth.Article{st.Next()})[0]
		t0 := time.Now()
		if c.Add(d).CopyOf != 0 {
			copies++
		}
		t1 := time.Now()
		if s.Add(d).New {
			stories++
		}
		tc += t1.Sub(t0)
		ts += time.Since(t1)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d articles: copies %.0f articles/s (%d copies), stories %.0f articles/s (%d stories); heap in use %.0f MiB, peak RSS %s",
		n, float64(n)/tc.Seconds(), copies, float64(n)/ts.Seconds(), stories, float64(ms.HeapInuse)/(1<<20), peakRSS())
	runtime.KeepAlive(c)
	runtime.KeepAlive(s)
}

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
