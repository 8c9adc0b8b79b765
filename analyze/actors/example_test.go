package actors_test

import (
	"fmt"
	"time"

	"newsdesk/analyze/actors"
)

func ExampleTable_FindRoles() {
	tab := actors.Default()
	date := time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC)
	text := "Der russische Präsident traf die Kanzlerin in Berlin."
	for _, m := range tab.FindRoles(text, "de", date) {
		fmt.Printf("%d-%d %q → %s\n", m.Start, m.End, m.Text, tab.Actor(m.ActorID).Name)
	}
	// Output:
	// 0-23 "Der russische Präsident" → Dmitri Medwedew
	// 29-42 "die Kanzlerin" → Angela Merkel
}

func ExampleTable_ByName() {
	tab := actors.Default()
	for _, name := range []string{"Putins", "Scholz'", "Russlands", "DPRK"} {
		fmt.Println(name, "→", tab.ByName(name)[0].Name)
	}
	fmt.Println("Kreml →", actors.Default().ByMetonym("Kreml").Name)
	// Output:
	// Putins → Wladimir Putin
	// Scholz' → Olaf Scholz
	// Russlands → Russland
	// DPRK → Nordkorea
	// Kreml → Russland
}
