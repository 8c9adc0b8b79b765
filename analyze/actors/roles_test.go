package actors

import (
	"strings"
	"testing"
)

func TestFindRoles(t *testing.T) {
	tab := Default()
	tests := []struct {
		text, lang, date string
		want             []string // "phrase=actor id"
	}{
		{"Das sagte der Bundeskanzler am Montag.", "de", "2010-05-01", []string{"der Bundeskanzler=Q567"}},
		{"Das sagte der Bundeskanzler am Montag.", "de", "2023-03-01", []string{"der Bundeskanzler=Q61053"}},
		{"Das sagte der Bundeskanzler am Montag.", "de", "2004-03-01", []string{"der Bundeskanzler=gerhard-schroeder"}},
		{"Die Kanzlerin reiste nach Paris.", "de", "2015-01-10", []string{"Die Kanzlerin=Q567"}},
		{"Der Kanzler reiste nach Paris.", "de", "2025-09-01", []string{"Der Kanzler=friedrich-merz"}},
		{"Bundeskanzlerin Angela Merkel reiste nach Paris.", "de", "2015-01-10", nil},
		{"Der Kreml-Chef drohte.", "de", "2024-02-01", []string{"Der Kreml-Chef=Q7747"}},
		{"Ein Sprecher des Kremlchefs sagte", "de", "2024-02-01", []string{"des Kremlchefs=Q7747"}},
		{"Dem Kreml-Chef zufolge", "de", "2024-02-01", []string{"Dem Kreml-Chef=Q7747"}},
		{"Der russische Präsident traf Obama.", "de", "2009-06-01", []string{"Der russische Präsident=Q23530"}},
		{"ein Treffen des russischen Präsidenten mit", "de", "2009-06-01", []string{"des russischen Präsidenten=Q23530"}},
		{"ein Treffen des russischen Präsidenten mit", "de", "2020-06-01", []string{"des russischen Präsidenten=Q7747"}},
		{"Der Präsident Russlands sagte", "de", "2020-06-01", []string{"Der Präsident Russlands=Q7747"}},
		{"Russlands Präsident sagte", "de", "2020-06-01", []string{"Russlands Präsident=Q7747"}},
		{"Der US-Präsident sagte", "de", "2022-06-01", []string{"Der US-Präsident=Q6279"}},
		{"Der französische Präsident und der britische Premierminister", "de", "2020-01-10", []string{"Der französische Präsident=Q3052772", "der britische Premierminister=Q180589"}},
		{"Der Nato-Generalsekretär warnte", "de", "2020-01-10", []string{"Der Nato-Generalsekretär=jens-stoltenberg"}},
		{"Der UN-Generalsekretär warnte", "de", "2020-01-10", []string{"Der UN-Generalsekretär=antonio-guterres"}},
		{"Die EU-Kommissionschefin warnte", "de", "2020-01-10", []string{"Die EU-Kommissionschefin=Q60772"}},
		{"Die Außenministerin reist nach Kiew.", "de", "2023-01-10", []string{"Die Außenministerin=annalena-baerbock"}},
		{"Der russische Außenminister widersprach.", "de", "2023-01-10", []string{"Der russische Außenminister=sergey-lavrov"}},
		{"Der ukrainische Außenminister widersprach.", "de", "2023-01-10", nil},
		{"Der Außenminister der Ukraine widersprach.", "de", "2023-01-10", nil},
		{"Der Außenminister Frankreichs widersprach.", "de", "2023-01-10", nil},
		{"Der frühere Bundeskanzler sprach.", "de", "2023-01-10", nil},
		{"Der Papst betete.", "de", "2015-01-10", []string{"Der Papst=Q450675"}},
		{"Der bayerische Ministerpräsident sagte", "de", "2020-01-10", []string{"Der bayerische Ministerpräsident=markus-soeder"}},
		{"der Regierende Bürgermeister", "de", "2010-01-10", []string{"der Regierende Bürgermeister=klaus-wowereit"}},
		{"des Regierenden Bürgermeisters", "de", "2010-01-10", []string{"des Regierenden Bürgermeisters=klaus-wowereit"}},
		{"Der EU-Ratspräsident", "de", "2005-01-10", nil}, // no holder before December 2009
		{"The Russian president met the US president.", "en", "2018-07-16", []string{"The Russian president=Q7747", "the US president=Q22686"}},
		{"Russia's president said", "en", "2018-07-16", []string{"Russia's president=Q7747"}},
		{"the president of Russia said", "en", "2018-07-16", []string{"the president of Russia=Q7747"}},
		{"The president said", "en", "2018-07-16", nil},
		{"the former US president said", "en", "2018-07-16", nil},
		{"US President Donald Trump said", "en", "2018-07-16", nil},
		{"the British prime minister said", "en", "2018-07-16", []string{"the British prime minister=Q264766"}},
		{"the UN Secretary-General warned", "en", "2018-07-16", []string{"the UN Secretary-General=antonio-guterres"}},
		{"the German chancellor", "en", "2018-07-16", []string{"the German chancellor=Q567"}},
		{"the pope", "en", "2018-07-16", []string{"the pope=Q450675"}},
		{"the Kremlin chief", "en", "2018-07-16", []string{"the Kremlin chief=Q7747"}},
		{"Rutte was Dutch prime minister until July.", "en", "2024-11-05", nil},
		{"Critics of the U.S. president said", "en", "2010-01-01", []string{"the U.S. president=Q76"}},
		{"the president of the United States said", "en", "2010-01-01", []string{"the president of the United States=Q76"}},
		{"Der österreichische Bundespräsident sagte", "de", "2020-01-01", []string{"Der österreichische Bundespräsident=alexander-van-der-bellen"}},
		{"Der Bundespräsident sagte", "de", "2020-01-01", []string{"Der Bundespräsident=Q76658"}},
		{"Der Präsident der Vereinigten Staaten sagte", "de", "2020-01-01", []string{"Der Präsident der Vereinigten Staaten=Q22686"}},
		{"Die Regierung des russischen Präsidenten und des chinesischen Staatschefs", "de", "2020-01-01", []string{"des russischen Präsidenten=Q7747", "des chinesischen Staatschefs=Q15031"}},
		{"Der NRW-Ministerpräsident sagte", "de", "2020-01-01", []string{"Der NRW-Ministerpräsident=armin-laschet"}},
		{"der frühere russische Präsident", "de", "2020-01-01", nil},
		{"Die Präsidenten Russlands und Chinas", "de", "2020-01-01", nil},
		{"Die Kanzler der Nachkriegszeit", "de", "2020-01-01", nil},
		{"die Rede der Kanzlerin", "de", "2020-01-01", []string{"der Kanzlerin=Q567"}},
		{"die Rede des Kanzlers", "de", "2023-01-01", []string{"des Kanzlers=Q61053"}},
		{"das Staatsoberhaupt Russlands", "de", "2023-01-01", []string{"das Staatsoberhaupt Russlands=Q7747"}},
		{"Die EU-Außenbeauftragte reiste", "de", "2025-01-10", []string{"Die EU-Außenbeauftragte=kaja-kallas"}},
		{"der EU-Außenbeauftragten zufolge", "de", "2025-01-10", []string{"der EU-Außenbeauftragten=kaja-kallas"}},
		{"He was the first pontiff to do so.", "en", "2015-09-24", nil},
		{"Schröder war damals Bundeskanzler.", "de", "2004-01-01", nil},
		{"Nach einem Treffen beim Bundeskanzler sagte er", "de", "2004-01-01", []string{"Bundeskanzler=gerhard-schroeder"}},
		{"Kritik vom CSU-Chef kam prompt.", "de", "2020-01-10", []string{"CSU-Chef=markus-soeder"}},
		{"Die CDU-Vorsitzende sprach.", "de", "2019-06-01", []string{"Die CDU-Vorsitzende=annegret-kramp-karrenbauer"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range tab.FindRoles(tt.text, tt.lang, day(tt.date)) {
			if string([]rune(tt.text)[m.Start:m.End]) != m.Text {
				t.Errorf("%q: offsets %d..%d do not give %q", tt.text, m.Start, m.End, m.Text)
			}
			got = append(got, m.Text+"="+m.ActorID)
		}
		if strings.Join(got, ";") != strings.Join(tt.want, ";") {
			t.Errorf("FindRoles(%q, %s, %s) = %v, want %v", tt.text, tt.lang, tt.date, got, tt.want)
		}
	}
}

func TestFindRolesOffsetsInRunes(t *testing.T) {
	text := "Über „Ärger“ – sagte der Bundeskanzler."
	m := Default().FindRoles(text, "de", day("2012-01-01"))
	if len(m) != 1 || m[0].Start != 21 || m[0].End != 38 {
		t.Errorf("FindRoles = %+v, want one match at 21..38", m)
	}
}
