package ner

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want []Token
	}{
		{"Größe übt Maß.", []Token{{"Größe", 0, 5}, {"übt", 6, 9}, {"Maß", 10, 13}, {".", 13, 14}}},
		{"„Kreml-Chef“ Putin", []Token{{"„", 0, 1}, {"Kreml-Chef", 1, 11}, {"“", 11, 12}, {"Putin", 13, 18}}},
		{"the U.S. and z.B. Dr. Müller", []Token{{"the", 0, 3}, {"U.S.", 4, 8}, {"and", 9, 12}, {"z.B.", 13, 17}, {"Dr.", 18, 21}, {"Müller", 22, 28}}},
		{"Putin's O'Brien", []Token{{"Putin", 0, 5}, {"'s", 5, 7}, {"O'Brien", 8, 15}}},
		{"Bundes- und Landesmittel", []Token{{"Bundes-", 0, 7}, {"und", 8, 11}, {"Landesmittel", 12, 24}}},
		{"1.000,50 Euro (3.5%)", []Token{{"1.000,50", 0, 8}, {"Euro", 9, 13}, {"(", 14, 15}, {"3.5", 15, 18}, {"%", 18, 19}, {")", 19, 20}}},
		{"Ende.Der J. R. Tolkien", []Token{{"Ende", 0, 4}, {".", 4, 5}, {"Der", 5, 8}, {"J.", 9, 11}, {"R.", 12, 14}, {"Tolkien", 15, 22}}},
		{"in Berlin.", []Token{{"in", 0, 2}, {"Berlin", 3, 9}, {".", 9, 10}}},
		{"\"Hi\" - it's", []Token{{"\"", 0, 1}, {"Hi", 1, 3}, {"\"", 3, 4}, {"-", 5, 6}, {"it", 7, 9}, {"'s", 9, 11}}},
		{"RT @SZ_de: #Hamburg", []Token{{"RT", 0, 2}, {"@SZ_de", 3, 9}, {":", 9, 10}, {"#Hamburg", 11, 19}}},
		{"# 1", []Token{{"#", 0, 1}, {"1", 2, 3}}},
		{"", []Token{}},
	}
	for _, tt := range tests {
		got := Tokenize(tt.text)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q)\n got %v\nwant %v", tt.text, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	toks := Tokenize("Scholz kam. Er sprach mit Dr. Müller in den U.S. und ging. „Gut“, sagte er. dann")
	var got []string
	for _, s := range Sentences(toks) {
		got = append(got, toks[s[0]].Text+"…"+toks[s[1]-1].Text)
	}
	want := []string{"Scholz….", "Er….", "„…er. dann"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Größe übt Maß.", "„Kreml-Chef“ U.S. z.B.", "Putin's 1.000,5 -- a- b'", "\u00ad\u0096 x.y.z. '-'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		rs := []rune(text)
		prev := 0
		for _, tok := range Tokenize(text) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(rs) {
				t.Fatalf("bad offsets %d–%d after %d in %q", tok.Start, tok.End, prev, text)
			}
			if string(rs[tok.Start:tok.End]) != tok.Text {
				t.Fatalf("token %q at %d–%d is %q in the text", tok.Text, tok.Start, tok.End, string(rs[tok.Start:tok.End]))
			}
			prev = tok.End
		}
		for _, s := range Sentences(Tokenize(text)) {
			if s[0] >= s[1] {
				t.Fatalf("empty sentence %v", s)
			}
		}
	})
}

func TestSentencesIn(t *testing.T) {
	text := "Merkel in Paris\nScholz sprach. Er ging\n\nEnde"
	toks := Tokenize(text)
	got := SentencesIn(text, toks)
	want := [][2]int{{0, 3}, {3, 6}, {6, 8}, {8, 9}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SentencesIn = %v, want %v", got, want)
	}
}
