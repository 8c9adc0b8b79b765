package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestFlagErrors runs the commands with bad flags: each exits with the
// usage code and names the flag as the user typed it (an unknown flag)
// or as the usage text documents it (a known flag), never as the flag
// package spells it ("-limit") and never a flag that does not exist.
func TestFlagErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("NEWSDESK_DATA", dir)
	t.Setenv("NEWSDESK_CONFIG", "")
	tests := []struct {
		args []string
		want []string // in the first line of stderr
		not  []string // anywhere in stderr
	}{
		{[]string{"search", "--bogus", "x"}, []string{"newsdesk search: unknown flag --bogus"}, nil},
		{[]string{"search", "-bogus", "x"}, []string{"unknown flag -bogus"}, []string{"--bogus"}},
		{[]string{"search", "x", "--bogus=1"}, []string{"unknown flag --bogus"}, []string{"=1"}},
		{[]string{"search", "--q", "x"}, []string{"unknown flag --q"}, nil},
		{[]string{"search", "--limit", "abc", "x"}, []string{`newsdesk search: --limit: want a number from 1 to 100, got "abc"`}, []string{"limit flag"}},
		{[]string{"search", "-limit", "abc", "x"}, []string{`--limit: want a number`}, []string{" -limit"}},
		{[]string{"search", "x", "--limit=0"}, []string{`--limit: want a number from 1 to 100, got "0"`}, nil},
		{[]string{"search", "x", "--limit"}, []string{"--limit needs a value"}, []string{" -limit"}},
		{[]string{"search", "--sort", "best", "x"}, []string{`--sort: want relevance or date, got "best"`}, nil},
		{[]string{"search", "--from", "yesterday", "x"}, []string{`--from: want a date`}, nil},
		{[]string{"search", "--source", "x", "y"}, []string{`--source: want a source ID, got "x"`}, nil},
		{[]string{"search", "--json=maybe", "x"}, []string{`--json: want true or false, got "maybe"`}, nil},
		{[]string{"search", strings.Repeat("word ", 250)}, []string{"newsdesk search: the query is longer than 1000 bytes"}, []string{"--q", "q flag"}},
		{[]string{"search", "---limit", "3", "x"}, []string{"bad flag syntax: ---limit"}, nil},
		{[]string{"ingest", "--j", "x"}, []string{`newsdesk ingest: -j: `, `"x"`}, []string{"--j", "flag -j"}},
		{[]string{"ingest", "-j", "x"}, []string{`-j: `, `"x"`}, []string{"--j", "flag -j"}},
		{[]string{"extract", "-j", "many", "a.html"}, []string{`-j: `, `"many"`}, []string{"--j", "flag -j"}},
		{[]string{"extract", "--max-bytes", "lots", "a.html"}, []string{`--max-bytes: bad size "lots"`}, nil},
		{[]string{"extract", "a.html", "--format"}, []string{"--format needs a value"}, nil},
		{[]string{"watch", "--min-interval", "soon"}, []string{`--min-interval: want a duration such as 90s, 15m or 2h, got "soon"`}, nil},
		{[]string{"articles", "--limit", "x"}, []string{`--limit: want a whole number, got "x"`}, nil},
		{[]string{"sources", "add", "--bogus", "https://example.org/"}, []string{"newsdesk sources: unknown flag --bogus"}, nil},
		{[]string{"sources", "list", "--json=2"}, []string{`--json: want true or false, got "2"`}, nil},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr}
		code := m.Run(context.Background(), tt.args)
		name := strings.Join(tt.args, " ")
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		if code != exitUsage {
			t.Errorf("newsdesk %s: exit code %d, want %d\n%s", name, code, exitUsage, stderr.String())
			continue
		}
		first, _, _ := strings.Cut(stderr.String(), "\n")
		for _, w := range tt.want {
			if !strings.Contains(first, w) {
				t.Errorf("newsdesk %s: %q lacks %q", name, first, w)
			}
		}
		for _, n := range append(tt.not, "flag provided", "for flag -", "parse error") {
			if strings.Contains(stderr.String(), n) {
				t.Errorf("newsdesk %s: %q has %q", name, stderr.String(), n)
			}
		}
		if !strings.Contains(stderr.String(), "Run 'newsdesk "+tt.args[0]+" -h' for usage.") {
			t.Errorf("newsdesk %s: no hint at the usage: %q", name, stderr.String())
		}
	}
}
