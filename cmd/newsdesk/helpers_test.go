package main

import (
	"flag"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBaseName(t *testing.T) {
	tests := []struct {
		in   input
		want string
	}{
		{input{kind: inputFile, name: "dir/a.html"}, "a"},
		{input{kind: inputFile, name: "dir/a.HTM"}, "a"},
		{input{kind: inputFile, name: "dir/a.html.gz"}, "a"},
		{input{kind: inputFile, name: "dir/a.htm.gz"}, "a"},
		{input{kind: inputFile, name: "dir/a.php"}, "a.php"},
		{input{kind: inputFile, name: "dir/.html"}, "html"},
		{input{kind: inputFile, name: "dir/Straße 1.html"}, "Straße_1"},
		{input{kind: inputStdin, name: "-"}, "stdin"},
		{input{kind: inputURL, name: "https://example.com/news/story.html?id=3"}, "story"},
		{input{kind: inputURL, name: "https://example.com/news/story/"}, "story"},
		{input{kind: inputURL, name: "https://example.com/"}, "example.com"},
		{input{kind: inputURL, name: "https://example.com"}, "example.com"},
		{input{kind: inputURL, name: "https://example.com/a%20b"}, "a_b"},
	}
	for _, tt := range tests {
		if got := baseName(&tt.in); got != tt.want {
			t.Errorf("baseName(%q) = %q, want %q", tt.in.name, got, tt.want)
		}
	}
}

func TestAssignOutNames(t *testing.T) {
	inputs := []*input{
		{kind: inputFile, name: "x/a.html"},
		{kind: inputFile, name: "y/a.html.gz"},
		{kind: inputFile, name: "y/A.htm"},
		{kind: inputFile, name: "a-2.html"},
	}
	assignOutNames(inputs)
	var got []string
	for _, in := range inputs {
		got = append(got, in.outName)
	}
	want := []string{"a", "a-2", "A-3", "a-2-2"}
	if !slices.Equal(got, want) {
		t.Errorf("out names = %q, want %q", got, want)
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1024", 1024, true},
		{"512K", 512 << 10, true},
		{"4m", 4 << 20, true},
		{"4MiB", 4 << 20, true},
		{"4MB", 4 << 20, true},
		{"1G", 1 << 30, true},
		{"-1", -1, true},
		{"0", 0, true},
		{"-2", 0, false},
		{"lots", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		var b byteSize
		err := b.Set(tt.in)
		if (err == nil) != tt.ok || (tt.ok && int64(b) != tt.want) {
			t.Errorf("Set(%q) = %d, %v; want %d, ok %v", tt.in, b, err, tt.want, tt.ok)
		}
	}
	if got := byteSize(16 << 20).String(); got != "16M" {
		t.Errorf("String() = %q, want 16M", got)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args   []string
		format string
		paths  []string
	}{
		{[]string{"a", "b"}, "text", []string{"a", "b"}},
		{[]string{"--format", "json", "a"}, "json", []string{"a"}},
		{[]string{"a", "--format", "json", "b"}, "json", []string{"a", "b"}},
		{[]string{"a", "-", "--format=md"}, "md", []string{"a", "-"}},
		{[]string{"a", "--", "--format", "b"}, "text", []string{"a", "--format", "b"}},
	}
	for _, tt := range tests {
		fs := newFlagSet("test")
		format := fs.String("format", "text", "")
		if err := parseFlags(fs, "test", tt.args); err != nil {
			t.Errorf("parseFlags(%q): %v", tt.args, err)
			continue
		}
		if *format != tt.format || !slices.Equal(fs.Args(), tt.paths) {
			t.Errorf("parseFlags(%q): format %q, args %q; want %q, %q", tt.args, *format, fs.Args(), tt.format, tt.paths)
		}
	}
	fs := newFlagSet("test")
	if err := parseFlags(fs, "test", []string{"-h"}); err != flag.ErrHelp {
		t.Errorf("parseFlags(-h) = %v, want flag.ErrHelp", err)
	}
}

func TestProgressLine(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{total: 100, start: start}
	if got := p.line(start); !strings.Contains(got, "0/100") || !strings.Contains(got, "ETA --") {
		t.Errorf("line at start = %q", got)
	}
	p.add(25)
	got := p.line(start.Add(5 * time.Second))
	for _, want := range []string{"25/100", "5.0 pages/s", "ETA 15s", "[=====>"} {
		if !strings.Contains(got, want) {
			t.Errorf("line = %q, want it to contain %q", got, want)
		}
	}
	var nilProgress *progress
	nilProgress.add(1) // must not panic
	nilProgress.draw()
	nilProgress.clear()
}
