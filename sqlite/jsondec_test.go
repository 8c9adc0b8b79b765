package sqlite

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"newsdesk"
)

// blockSamples are bodies as SaveArticle writes them, and the JSON
// around them that only encoding/json reads.
var blockSamples = []string{
	`[]`,
	`null`,
	`[{"kind":"paragraph","text":"Plain text."}]`,
	`[{"kind":"heading","level":2,"text":"Titel"},{"kind":"paragraph","text":"„Durchbruch“, sagte er \u003cb\u003e \"quoted\" \\ tab\t \ud83d\ude00 é"}]`,
	`[{"kind":"list","text":"a\nb","items":["a","b"],"ordered":true},{"kind":"table","text":"x","rows":[["1","2"],[],["3"]]}]`,
	` [ { "text" : "spaced" , "kind" : "quote" } ] `,
	`[{"kind":"paragraph","text":"x","extra":1}]`,                    // an unknown key
	`[{"Kind":"paragraph","Text":"case"}]`,                           // keys in another case
	`[{"kind":"paragraph","text":"a","text":"b"}]`,                   // a key twice
	`[{"kind":"heading","level":2.0,"text":"x"}]`,                    // a float
	`[{"kind":"heading","level":-1,"text":"x"}]`,                     // a negative
	`[{"kind":"heading","level":012,"text":"x"}]`,                    // invalid number
	`[{"kind":"paragraph","text":"lone \ud800 surrogate"}]`,          // replaced by encoding/json
	`[{"kind":"paragraph","text":"bad ` + "\xff" + ` byte"}]`,        // invalid UTF-8
	`[{"kind":"paragraph","text":"ctl ` + "\x01" + `"}]`,             // a control character
	`[{"kind":"paragraph","items":null,"rows":null,"text":"nulls"}]`, // nulls
	`[{"kind":"paragraph","text":"x"},]`,                             // invalid
	`[{"kind":"paragraph","text":"x"}] trailing`,                     // invalid
	`[{"kind":"paragraph","text":"unterminated}]`,                    // invalid
}

// TestDecodeBlocks: the decoders give what encoding/json gives, value
// and error, on the JSON SaveArticle writes and on any other.
func TestDecodeBlocks(t *testing.T) {
	fast := 0
	for _, src := range blockSamples {
		if checkBlocks(t, src) {
			fast++
		}
	}
	if fast < 5 {
		t.Errorf("only %d of the samples took the fast path", fast)
	}
	for _, src := range []string{`[]`, `["a","b \"c\""]`, `null`, `["x",1]`, `[ "sp" ]`} {
		var want, got []string
		werr := json.Unmarshal([]byte(src), &want)
		gerr := decodeStrings(src, &got)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(want, got) {
			t.Errorf("decodeStrings(%q) = %#v, %v; encoding/json: %#v, %v", src, got, gerr, want, werr)
		}
	}
}

// TestDecodeBlocksRoundTrip: bodies marshalled as the store marshals
// them come back equal, on the fast path.
func TestDecodeBlocksRoundTrip(t *testing.T) {
	bs := []newsdesk.Block{
		{Kind: newsdesk.Heading, Level: 3, Text: "Ü <&> \u2028 \x7f"},
		{Kind: newsdesk.List, Text: "eins\nzwei", Items: []string{"eins", "zwei"}, Ordered: true},
		{Kind: newsdesk.Table, Text: "a\tb", Rows: [][]string{{"a", "b"}}},
		{Kind: newsdesk.Paragraph, Text: strings.Repeat("Wort ", 200)},
	}
	src, err := marshal(bs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fastBlocks(src)
	if err != nil {
		t.Fatalf("fastBlocks: %v", err)
	}
	if !reflect.DeepEqual(got, bs) {
		t.Errorf("round trip: %#v, want %#v", got, bs)
	}
}

// checkBlocks compares decodeBlocks with encoding/json on src and
// reports whether the fast path took it.
func checkBlocks(t *testing.T, src string) bool {
	t.Helper()
	var want, got []newsdesk.Block
	werr := json.Unmarshal([]byte(src), &want)
	gerr := decodeBlocks(src, &got)
	if (werr == nil) != (gerr == nil) || werr == nil && !reflect.DeepEqual(want, got) {
		t.Errorf("decodeBlocks(%q) = %#v, %v; encoding/json: %#v, %v", src, got, gerr, want, werr)
	}
	_, ferr := fastBlocks(src)
	if ferr == nil && werr != nil {
		t.Errorf("fastBlocks(%q) took what encoding/json refuses: %v", src, werr)
	}
	return ferr == nil
}

func FuzzDecodeBlocks(f *testing.F) {
	for _, s := range blockSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkBlocks(t, src)
	})
}

// BenchmarkDecodeBlocks decodes a 40-paragraph body with the fast
// decoder and with encoding/json.
func BenchmarkDecodeBlocks(b *testing.B) {
	var bs []newsdesk.Block
	for i := range 40 {
		bs = append(bs, newsdesk.Block{Kind: newsdesk.Paragraph, Text: strings.Repeat("Der „Kreml-Chef“ sagte am Dienstag in Moskau, ", 3+i%4)})
	}
	src, err := marshal(bs)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			var out []newsdesk.Block
			if err := decodeBlocks(src, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			var out []newsdesk.Block
			if err := json.Unmarshal([]byte(src), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
