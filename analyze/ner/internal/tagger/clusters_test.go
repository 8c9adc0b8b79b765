package tagger

import (
	"strings"
	"testing"
)

func TestReadClusters(t *testing.T) {
	c, err := ReadClusters(strings.NewReader("Berlin\t3 17 200\nHamburg\t3 17 201\nsagte\t5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 {
		t.Fatalf("Len = %d, want 3", c.Len())
	}
	infos := make([]info, 4)
	for i, w := range []string{"Berlin", "Hamburg", "sagte", "Bremen"} {
		describe(&infos[i], w)
	}
	c.mark(infos)
	if infos[0].cl[0] != infos[1].cl[0] || infos[0].cl[1] != infos[1].cl[1] {
		t.Errorf("Berlin %v and Hamburg %v: coarse clusters differ", infos[0].cl, infos[1].cl)
	}
	if infos[0].cl[2] == infos[1].cl[2] {
		t.Errorf("Berlin %v and Hamburg %v: same fine cluster", infos[0].cl, infos[1].cl)
	}
	if infos[2].cl[0] == 0 || infos[2].cl[1] != 0 {
		t.Errorf("sagte: clusters %v, want one coarse one", infos[2].cl)
	}
	if infos[3].cl != [Grains]uint16{} {
		t.Errorf("Bremen, not in the table: clusters %v", infos[3].cl)
	}
}

func TestReadClustersBad(t *testing.T) {
	for _, in := range []string{"Berlin 3\n", "Berlin\t3 x\n", "Berlin\t-1\n", "Berlin\t70000\n"} {
		if _, err := ReadClusters(strings.NewReader(in)); err == nil {
			t.Errorf("ReadClusters(%q): no error", in)
		}
	}
}
