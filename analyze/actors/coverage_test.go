package actors

import (
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	g20 = []string{"AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "MX", "RU", "SA", "ZA", "KR", "TR", "GB", "US"}
	eu  = []string{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)

// headOffices returns the offices of the head of state or government of
// the actor with id of.
func headOffices(tab *Table, of string) []*Office {
	var out []*Office
	for _, o := range tab.offices {
		if o.Of != of {
			continue
		}
		for _, s := range []string{"-president", "-pm", "-chancellor", "-monarch", "-king", "-premier", "-emperor", "-leader"} {
			if strings.HasSuffix(o.ID, s) && !strings.Contains(o.ID, "vice") {
				out = append(out, o)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func TestCoverageHeads(t *testing.T) {
	tab := Default()
	for _, list := range [][]string{g20, eu} {
		for _, iso := range list {
			prefix := strings.ToLower(iso) + "-"
			if iso == "GB" {
				prefix = "gb-"
			}
			var of string
			for id, o := range tab.offices {
				if a := tab.Actor(o.Of); strings.HasPrefix(id, prefix) && a != nil && a.Group == "country" {
					of = o.Of
				}
			}
			if of == "" {
				t.Errorf("%s: no offices", iso)
				continue
			}
			for _, d := range []string{"2000-01-01", "2024-06-01"} {
				var holders []string
				for _, o := range headOffices(tab, of) {
					if a := tab.Holder(o.ID, day(d)); a != nil {
						holders = append(holders, o.ID+"="+a.ID)
					}
				}
				if len(holders) == 0 {
					t.Errorf("%s: no head of state or government on %s", iso, d)
				}
			}
		}
	}
}

// TestTermsConsistent checks that the holders of an office do not overlap
// (beyond a month, for dates known to the month) and, for the heads of
// state and government, leave no gap of more than two months since 2000.
func TestTermsConsistent(t *testing.T) {
	tab := Default()
	gapsAllowed := map[string]bool{
		"eu-council-president": true, "tr-pm": true, "sa-crown-prince": true, "sa-pm": true,
		"at-president": true, // collegial acting presidencies 2004 and 2016/17
		"kr-president": true, // acting presidents 2017 and 2025
		"si-president": true, "lt-pm": true, "ro-pm": true, "cz-president": true, "ar-president": true,
		"ir-president": true, "sy-president": true, "de-president": true, "who-dg": true, "imf-md": true,
		"il-pm": true, "lv-pm": true, "ua-president": true,
		"eg-president": true, "ps-president": true, // military council 2011–12, acting president 2004–05
	}
	for _, o := range tab.offices {
		hs := append([]holding(nil), o.holders...)
		sort.Slice(hs, func(i, j int) bool { return hs[i].term.From.Before(hs[j].term.From) })
		for i := 1; i < len(hs); i++ {
			prev, cur := hs[i-1], hs[i]
			if prev.term.To.IsZero() {
				t.Errorf("%s: %s has no end but %s follows from %s", o.ID, prev.actor.ID, cur.actor.ID, cur.term.From.Format("2006-01-02"))
				continue
			}
			if prev.term.To.Sub(cur.term.From) > 31*24*time.Hour {
				t.Errorf("%s: %s (to %s) overlaps %s (from %s)", o.ID, prev.actor.ID, prev.term.To.Format("2006-01-02"), cur.actor.ID, cur.term.From.Format("2006-01-02"))
			}
			if len(headOffices(tab, o.Of)) > 0 && cur.term.From.After(day("2000-01-01")) && cur.term.From.Sub(prev.term.To) > 62*24*time.Hour && !gapsAllowed[o.ID] {
				t.Errorf("%s: gap between %s (to %s) and %s (from %s)", o.ID, prev.actor.ID, prev.term.To.Format("2006-01-02"), cur.actor.ID, cur.term.From.Format("2006-01-02"))
			}
		}
	}
}

func TestCoverageGermany(t *testing.T) {
	tab := Default()
	lands := 0
	for _, a := range tab.Actors() {
		if a.Group == "land" {
			lands++
		}
	}
	if lands != 16 {
		t.Errorf("%d Länder, want 16", lands)
	}
	for id, o := range tab.offices {
		if !strings.HasPrefix(id, "de-mp-") {
			continue
		}
		for _, d := range []string{"2000-01-01", "2024-06-01"} {
			if tab.Holder(id, day(d)) == nil {
				t.Errorf("%s (%s): no holder on %s", id, o.Name, d)
			}
		}
	}
	for _, id := range []string{"de-chancellor", "de-president", "de-vice-chancellor", "de-foreign-minister", "de-finance-minister", "de-defence-minister", "de-interior-minister",
		"de-economy-minister", "de-health-minister", "de-justice-minister", "de-labour-minister"} {
		for d := day("2000-01-01"); d.Before(day("2025-07-01")); d = d.AddDate(0, 1, 0) {
			// The federal presidency was vacant (run by the Bundesrat's
			// president) in June 2010 and from February to March 2012.
			vacant := id == "de-president" && (d.Format("2006-01") == "2010-06" || d.Format("2006-01") == "2012-03")
			if tab.Holder(id, d) == nil && !vacant {
				t.Errorf("%s: no holder on %s", id, d.Format("2006-01-02"))
			}
		}
	}
}

func TestCoverageInternational(t *testing.T) {
	tab := Default()
	for _, id := range []string{"un-sg", "nato-sg", "eu-commission-president", "eu-parliament-president", "ecb-president", "pope"} {
		for d := day("2000-01-01"); d.Before(day("2025-07-01")); d = d.AddDate(0, 1, 0) {
			if tab.Holder(id, d) == nil && !(id == "pope" && (d.Format("2006-01") == "2025-05" || d.Format("2006-01") == "2013-03")) {
				t.Errorf("%s: no holder on %s", id, d.Format("2006-01-02"))
			}
		}
	}
	if tab.Holder("eu-council-president", day("2010-06-01")) == nil {
		t.Error("eu-council-president: no holder in 2010")
	}
}

func TestCoverageGroups(t *testing.T) {
	tab := Default()
	n := map[string]int{}
	for _, a := range tab.Actors() {
		n[a.Group]++
	}
	if got := n["agency"] + n["outlet"]; got < 50 {
		t.Errorf("%d agencies and outlets, want at least 50", got)
	}
	if n["country"] < 193 {
		t.Errorf("%d countries, want at least the 193 UN members", n["country"])
	}
	for _, name := range []string{"Nato", "UN", "UN-Sicherheitsrat", "EU", "EZB", "IWF", "WHO", "OPEC", "G7", "G20",
		"Bundestag", "Bundesrat", "Bundesregierung", "Bundesverfassungsgericht", "CDU", "CSU", "SPD", "Grüne", "FDP", "AfD", "Linke", "BSW",
		"Demokraten", "Republikaner", "dpa", "AFP", "Reuters", "AP", "KNA", "epd", "Bloomberg", "Xinhua", "TASS", "Interfax", "ANSA", "EFE",
		"Spiegel", "Zeit", "FAZ", "SZ", "Tagesschau", "ARD", "ZDF", "Welt", "Bild", "taz", "Handelsblatt", "t-online", "n-tv", "Stern", "Focus",
		"BBC", "CNN", "New York Times", "Washington Post", "Guardian", "Financial Times", "Wall Street Journal", "Al Jazeera"} {
		if len(tab.ByName(name)) == 0 {
			t.Errorf("ByName(%q): not in the table", name)
		}
	}
	t.Logf("groups: %v; %d actors, %d offices", n, tab.Len(), len(tab.offices))
}
