package extract

import (
	"strings"
	"testing"
)

// TestHiddenClass checks which class attributes hide an element.
func TestHiddenClass(t *testing.T) {
	for _, tc := range []struct {
		class string
		want  bool
	}{
		{"hide", true},
		{"box hidden", true},
		{"d-none", true},
		{"d-none d-md-block", false},
		{"hidden lg:flex", false},
		{"hidden-xs", false},
		{"overflow-hidden", false},
		{"hideCompletely", false},
		{"article-body", false},
	} {
		if got := hiddenClass(tc.class); got != tc.want {
			t.Errorf("hiddenClass(%q) = %v, want %v", tc.class, got, tc.want)
		}
	}
}

// TestAgeLine checks which lines read as a post's age.
func TestAgeLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"21 mins ago11:48", true},
		{"Dylan Jones5 hours ago", true},
		{"1 day ago", true},
		{"vor 3 Minuten", true},
		{"Flights resumed an hour ago.", false},
		{"The tree fell 3 hours ago and blocked the road to the school for most of the morning", false},
		{"Published on 06/01/2026", false},
	} {
		if got := ageLine(tc.line); got != tc.want {
			t.Errorf("ageLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestClassWords checks the words a class name gives, CSS-module classes
// included.
func TestClassWords(t *testing.T) {
	for _, tc := range []struct {
		class string
		want  string
	}{
		{"article-body", "article body"},
		{"teaser__title", "teaser title"},
		{"Article_elementPoll__x1y2Z", "element poll"},
		{"styles_teaser__3kJq", "styles teaser"},
		{"Article_body__Ab3_d", "article body"},
		{"ArticleModuleTeaser_wrapper__qA1fp", "article module teaser wrapper"},
		{"Comments_list__9kX2a", "comments list"},
		{"InfoBox", "info box infobox"},
		{"info-box", "info box infobox"},
		{"main-content", "main content"},
	} {
		got := strings.Join(classWords(nil, tc.class), " ")
		if got != tc.want {
			t.Errorf("classWords(%q) = %q, want %q", tc.class, got, tc.want)
		}
	}
}

// TestClockLine checks which lines are a time stamp or a player's clock.
func TestClockLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"12.12.2025, 05:07 Uhr", true},
		{"Erstellt: 28.04.2023, 18:16 Uhr", true},
		{"00:00 / 03:15", true},
		{"02:57 Min. Verfügbar bis 06.05.2024", true},
		{"Updated 10:45 GMT", true},
		{"Veröffentlicht am 13. Mai 2026 um 15:44", true},
		{"06. 01. 2026, 14:59 Uhr Lesedauer: 4 Minuten", true},
		{"Mai 2026: Treffen um 15:44 in Wien", false},
		{"21.04.2024", false},
		{"Der Zug fährt um 05:07 Uhr ab.", false},
		{"Anpfiff: 20:45 Uhr", false},
	} {
		if got := clockLine(tc.line); got != tc.want {
			t.Errorf("clockLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestStampParts checks which lists and "|" lines are an article's stamp.
func TestStampParts(t *testing.T) {
	for _, tc := range []struct {
		parts []string
		want  bool
	}{
		{[]string{"Veröffentlicht am 13. Mai 2026 um 15:44", "3 Minuten Lesezeit", "Von: Eva Muster"}, true},
		{[]string{"25.04.24 ", " 14:07 Uhr ", " Von Eva Muster"}, true},
		{[]string{"Einlass 18:30 Uhr", "Beginn 19:00 Uhr"}, false},
		{[]string{"14:07 Uhr"}, false},
		{[]string{"Von Eva Muster", "Berlin"}, false},
		{[]string{"12:00 Uhr", "Die Abgeordneten beraten den Haushalt des kommenden Jahres und stimmen am Abend ab."}, false},
	} {
		if got := stampParts(tc.parts); got != tc.want {
			t.Errorf("stampParts(%q) = %v, want %v", tc.parts, got, tc.want)
		}
	}
}
