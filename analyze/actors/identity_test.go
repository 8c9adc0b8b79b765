package actors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldSet is the identity-eval gold file of the development set in
// ../testdata/identity.
type goldSet struct {
	Docs map[string]struct {
		Lang     string `json:"lang"`
		Date     string `json:"date"`
		Mentions []struct {
			Start    int    `json:"start"`
			End      int    `json:"end"`
			Text     string `json:"text"`
			Type     string `json:"type"`
			Identity string `json:"identity"`
			Kind     string `json:"kind"`
		} `json:"mentions"`
	} `json:"docs"`
	Traps      [][4]any            `json:"traps"`
	TrapGroups map[string][][3]any `json:"trap_groups"`
}

const identityDir = "../testdata/identity"

func loadGold(t *testing.T) *goldSet {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(identityDir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g goldSet
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// TestIdentityGold checks the development set: every mention's offsets give
// its text in the passage (in runes), spans are ordered and do not nest,
// kinds and types are known, meta files agree, and traps point at mentions
// of different identities.
func TestIdentityGold(t *testing.T) {
	g := loadGold(t)
	if len(g.Docs) < 30 {
		t.Errorf("%d documents, want at least 30", len(g.Docs))
	}
	txts, _ := filepath.Glob(filepath.Join(identityDir, "*.txt"))
	if len(txts) != len(g.Docs) {
		t.Errorf("%d .txt files for %d documents", len(txts), len(g.Docs))
	}
	kinds := map[string]bool{"name": true, "role": true, "metonym": true, "abbrev": true}
	types := map[string]bool{"PER": true, "ORG": true, "LOC": true}
	for id, d := range g.Docs {
		raw, err := os.ReadFile(filepath.Join(identityDir, id+".txt"))
		if err != nil {
			t.Error(err)
			continue
		}
		text := []rune(string(raw))
		var meta struct{ Date, Lang string }
		if b, err := os.ReadFile(filepath.Join(identityDir, id+".meta.json")); err != nil {
			t.Error(err)
		} else if err := json.Unmarshal(b, &meta); err != nil || meta.Date != d.Date || meta.Lang != d.Lang {
			t.Errorf("%s: meta %+v (%v) does not match gold %s %s", id, meta, err, d.Date, d.Lang)
		}
		prevEnd := 0
		for i, m := range d.Mentions {
			switch {
			case m.Start < prevEnd || m.End <= m.Start || m.End > len(text):
				t.Errorf("%s #%d: span %d..%d out of order or out of range", id, i, m.Start, m.End)
			case string(text[m.Start:m.End]) != m.Text:
				t.Errorf("%s #%d: text[%d:%d] = %q, gold says %q", id, i, m.Start, m.End, string(text[m.Start:m.End]), m.Text)
			}
			if !kinds[m.Kind] || !types[m.Type] || m.Identity == "" {
				t.Errorf("%s #%d: bad kind %q, type %q or identity %q", id, i, m.Kind, m.Type, m.Identity)
			}
			if m.Kind == "name" || m.Kind == "abbrev" {
				if w := strings.Fields(strings.ToLower(m.Text)); len(w) > 1 && articles[w[0]] && m.Text != "The Hague" {
					t.Errorf("%s #%d: %s %q starts with an article", id, i, m.Kind, m.Text)
				}
			}
			prevEnd = m.End
		}
	}
	for _, tr := range g.Traps {
		a, i := tr[0].(string), int(tr[1].(float64))
		b, j := tr[2].(string), int(tr[3].(float64))
		da, okA := g.Docs[a]
		db, okB := g.Docs[b]
		if !okA || !okB || i >= len(da.Mentions) || j >= len(db.Mentions) {
			t.Errorf("trap %v points at no mention", tr)
			continue
		}
		if da.Mentions[i].Identity == db.Mentions[j].Identity {
			t.Errorf("trap %v joins two mentions of %s", tr, da.Mentions[i].Identity)
		}
	}
}

// TestIdentityRoles measures FindRoles on the role mentions of the
// development set: each gold role must be found with its span and resolve
// to the gold identity, where the table knows the office.
func TestIdentityRoles(t *testing.T) {
	g := loadGold(t)
	tab := Default()
	found, total := 0, 0
	for id, d := range g.Docs {
		raw, err := os.ReadFile(filepath.Join(identityDir, id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int]string{}
		for _, m := range tab.FindRoles(string(raw), d.Lang, day(d.Date)) {
			got[[2]int{m.Start, m.End}] = m.ActorID
		}
		gold := map[[2]int]bool{}
		for _, m := range d.Mentions {
			if m.Kind != "role" {
				continue
			}
			total++
			gold[[2]int{m.Start, m.End}] = true
			if a := got[[2]int{m.Start, m.End}]; a == m.Identity {
				found++
			} else {
				t.Errorf("%s: role %q (%d..%d): FindRoles gave %q, want %s", id, m.Text, m.Start, m.End, a, m.Identity)
			}
		}
		for span, a := range got {
			if !gold[span] {
				t.Errorf("%s: FindRoles found %q (%s), not a gold role", id, string([]rune(string(raw))[span[0]:span[1]]), a)
			}
		}
	}
	t.Logf("FindRoles: %d of %d gold role mentions", found, total)
}

// TestIdentityNames checks that the table knows the name, abbreviation and
// metonym mentions of the development set whose identity is in the table.
func TestIdentityNames(t *testing.T) {
	g := loadGold(t)
	tab := Default()
	for id, d := range g.Docs {
		for _, m := range d.Mentions {
			if tab.Actor(m.Identity) == nil || m.Kind == "role" {
				continue
			}
			var ok bool
			if m.Kind == "metonym" {
				a := tab.ByMetonym(m.Text)
				ok = a != nil && a.ID == m.Identity
			} else {
				for _, a := range tab.ByName(m.Text) {
					ok = ok || a.ID == m.Identity
				}
			}
			if !ok {
				t.Errorf("%s: %s %q: table does not give %s", id, m.Kind, m.Text, m.Identity)
			}
		}
	}
}
