// Package tok holds the tokenization rules of package ner, shared with
// its training command.
package tok

import "unicode"

// abbrevs are words that keep a following dot ("Dr.", "St.", "Inc.").
// Single letters keep theirs too ("J. R. R. Tolkien"), and so do words
// with inner dots ("U.S.", "z.B.").
var abbrevs = map[string]bool{
	"Dr": true, "Prof": true, "St": true, "Mr": true, "Mrs": true, "Ms": true, "Jr": true, "Sr": true,
	"Inc": true, "Co": true, "Ltd": true, "Corp": true, "Bros": true, "Nr": true, "Hr": true, "Fr": true,
	"bzw": true, "usw": true, "ca": true, "vgl": true, "etc": true, "Str": true, "str": true, "Mio": true,
	"Mrd": true, "Abs": true, "Art": true, "Gen": true, "Sen": true, "Rep": true, "Gov": true, "Lt": true,
	"Col": true, "Capt": true, "Sgt": true, "Mt": true, "Ft": true, "vs": true, "No": true, "Jan": true,
	"Feb": true, "Aug": true, "Sept": true, "Sep": true, "Okt": true, "Oct": true, "Nov": true, "Dez": true,
	"Dec": true, "Mass": true, "Calif": true, "Dipl": true, "Ing": true, "med": true, "jur": true, "phil": true,
}

// isWordRune reports whether r makes up words: letters, digits and marks.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '\u00AD'
}

func isApos(r rune) bool { return r == '\'' || r == '’' }

func isHyphen(r rune) bool { return r == '-' || r == '‑' || r == '‐' }

// Split splits rs into tokens, words and punctuation marks, and calls
// yield with the rune range of each. A word
// is a run of letters and digits that keeps inner hyphens ("Kreml-Chef"),
// inner apostrophes ("O'Brien", but "Putin" "'s" apart), inner dots and
// commas of numbers ("1.000,5"), the dots of abbreviations ("U.S.",
// "z.B.", "Dr.") and a trailing hyphen of a truncated compound
// ("Bundes-"). A hashtag or handle ("#Hamburg", "@faznet") is one token,
// and so is a word with inner underscores. Every other non-space rune is
// a token of its own.
func Split(rs []rune, yield func(start, end int)) {
	n := len(rs)
	for i := 0; i < n; {
		r := rs[i]
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B' {
			i++
			continue
		}
		if isApos(r) && i+1 < n && (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 == n || !isWordRune(rs[i+2])) {
			yield(i, i+2) // "'s"
			i += 2
			continue
		}
		tag := (r == '#' || r == '@') && i+1 < n && isWordRune(rs[i+1]) && (i == 0 || !isWordRune(rs[i-1]))
		if !isWordRune(r) && !tag {
			yield(i, i+1)
			i++
			continue
		}
		j := i + 1
		inner := false // the word has an inner dot
		for j < n {
			c := rs[j]
			if isWordRune(c) {
				j++
				continue
			}
			if j+1 < n && isWordRune(rs[j+1]) {
				next := rs[j+1]
				switch {
				case c == '_':
					j += 2
					continue
				case isHyphen(c):
					j += 2
					continue
				case isApos(c):
					// "'s" at a word's end is a token of its own.
					if (next == 's' || next == 'S') && (j+2 >= n || !isWordRune(rs[j+2])) {
						break
					}
					j += 2
					continue
				case c == '.' && unicode.IsLetter(next) && unicode.IsLetter(rs[j-1]) && (j-i <= 3 || inner):
					// "U.S", "z.B", "e.V" (short parts, not "Ende.Der").
					inner = true
					j += 2
					continue
				case (c == '.' || c == ',') && unicode.IsDigit(next) && unicode.IsDigit(rs[j-1]):
					j += 2
					continue
				}
			}
			break
		}
		// A trailing dot of an abbreviation.
		if j < n && rs[j] == '.' {
			w := string(rs[i:j])
			if inner || abbrevs[w] || (j-i == 1 && unicode.IsUpper(rs[i])) {
				j++
			}
		} else if j+1 < n && isHyphen(rs[j]) && (unicode.IsSpace(rs[j+1]) || rs[j+1] == ',') && unicode.IsLetter(rs[j-1]) {
			// "Bundes- und Landesmittel": the hyphen stays with the word.
			j++
		}
		yield(i, j)
		i = j
	}
}
