package sources_test

import (
	"fmt"

	"newsdesk/analyze/doc"
	"newsdesk/analyze/sources"
)

func ExampleAgencies() {
	text := "BERLIN (dpa) – Die Regierung hat den Haushalt beschlossen.\n" +
		"Der Minister sagte der Nachrichtenagentur Reuters, er sei zufrieden.\n" +
		"AFP/dpa/lem"
	fmt.Println(sources.Agencies(&doc.Doc{Text: text}))
	// Output: [dpa AFP]
}
