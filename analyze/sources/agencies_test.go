package sources

import (
	"slices"
	"testing"

	"newsdesk/analyze/doc"
)

func TestAgencies(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"dateline de", "BERLIN (dpa) – Die Regierung hat am Montag beschlossen.", []string{"dpa"}},
		{"dateline two", "Berlin (dpa/AFP) - Die Regierung hat beschlossen.", []string{"dpa", "AFP"}},
		{"dateline en", "KATHMANDU, April 25 (Reuters) - The authority said on Tuesday.", []string{"Reuters"}},
		{"dateline first", "(AP) NEW YORK - The mayor said.", []string{"AP"}},
		{"paren alone", "Text of the story.\n(AFP)", []string{"AFP"}},
		{"paren closing", "Das sagte er am Abend. (dpa)", []string{"dpa"}},
		{"credit line", "Der Text.\nAFP/dpa/lem", []string{"AFP", "dpa"}},
		{"credit lower", "Der Text.\ndpa/afp", []string{"dpa", "AFP"}},
		{"copyright", "The story.\n© AAP", []string{"AAP"}},
		{"copyright year", "The story.\n(Copyright 2007 by The Associated Press. All Rights Reserved.)", []string{"AP"}},
		{"material", "Der Text.\nMit Material von Reuters", []string{"Reuters"}},
		{"source", "Der Text.\nQuelle: dpa", []string{"dpa"}},
		{"agencies list", "Der Text.\n- Nachrichtenagenturen dpa und afp\n- Eigene Recherche", []string{"dpa", "AFP"}},
		{"contributed", "The story.\nThe Associated Press and Reuters contributed to this report.", []string{"AP", "Reuters"}},
		{"byline", "By Hilary Russ, Reuters\nThe city said.", []string{"Reuters"}},
		{"byline role", "AP Sports Writer\nThe team won.", []string{"AP"}},
		{"full name", "Agence France-Presse\nThe story.", []string{"AFP"}},
		{"byline paren", "By Richard Lam (AP)\nThe team won.", []string{"AP"}},
		{"copyright long", "The story.\nCopyright 2008 Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", []string{"AP"}},
		{"encoding dash", "COLOMBO (AFP) ? Sri Lanka's defence secretary said.", []string{"AFP"}},
		{"once each", "Berlin (dpa) - Text.\ndpa/lem", []string{"dpa"}},
		{"provided by", "The story.\n(This news article provided by World Entertainment News Network)", []string{"WENN"}},
		{"word not agency", "Der Text.\nQuelle: wenn nicht anders angegeben", nil},
		// No credit.
		{"told", "The minister told Reuters on Monday that talks had failed.", nil},
		{"body de", "Wie die Nachrichtenagentur dpa berichtete, wurde der Vertrag unterzeichnet.", nil},
		{"photo", "The story.\nPhoto: Jamal Saidi/Reuters", nil},
		{"photographer", "The story.\nJamal Saidi/Reuters", nil},
		{"caption", "Marcos Baghdatis (AAP)", nil},
		{"journalist", "Von Hans Müller\nDer Text.", nil},
		{"state", "Allentown, PA @ PPL Center", nil},
		{"staff", "Staff and agencies", nil},
		{"reporter", "An Israeli tank crew killed a Reuters reporter in Lebanon.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Agencies(&doc.Doc{Text: tt.text})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Agencies(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
