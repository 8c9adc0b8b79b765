package lang

import "testing"

func TestDetect(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Der russische Präsident stärkt bei seinem Besuch in Nordkorea sein Bündnis mit der Kim-Diktatur, und das ist für Russland ein Zeichen der Schwäche.", "de"},
		{"The council voted on Wednesday to rebuild the sea wall that has protected the old town since 1872, and residents said it was long overdue.", "en"},
		{"Le conseil municipal a voté mercredi pour la reconstruction de la digue qui protège la vieille ville depuis 1872.", "fr"},
		{"话剧《约定无期限》河北各市巡演结束，演出受到观众的热烈欢迎，这是一个很好的开始和重要的文化活动", "zh"},
		{"Putin", ""},
		{"", ""},
	} {
		if got := Detect(tc.text); got != tc.want {
			t.Errorf("Detect(%.30q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"de-DE": "de", "en_US": "en", "German": "de", "EN": "en", "x": "", "": ""} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
