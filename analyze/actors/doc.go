// Package actors is newsdesk's curated table of well-known actors: heads of
// state and government, ministers, the leaders of international bodies,
// countries with their capitals and seats of government, organisations,
// parties and news outlets, in German and English.
//
// Default returns the table; ByName finds actors by a name in any of its
// inflected forms, ByMetonym the government a capital or building stands
// for, Holder who held an office on a date, and FindRoles the role noun
// phrases of a text ("der Kreml-Chef", "the US president") with the person
// each refers to on the text's date.
//
// The table lives in the *.tsv files beside this package (embedded with
// go:embed). Each line is one record; fields are separated by tabs, lists
// inside a field by "|"; "#" starts a comment line. The records are
//
//	PER|ORG|LOC <id> <name> key=value…   an actor
//	OFFICE <office-id> <actor-id> key=value…   an office of an actor
//	NOUNS <set> de=… en=…   role nouns shared by several offices
//
// Actor keys: aka (aliases in any language), de and en (names in one
// language; aliases too, used to compose role phrases), abbr
// (abbreviations), gen (German genitive forms: "Russlands", "der USA"), of
// (English "of" objects: "the United States"), pre (prefixes of German
// hyphen compounds and English noun adjuncts: "US"), meto (metonyms: capitals,
// seats and buildings), adj.de and adj.en (demonym adjectives; German as stems
// like "russisch"), held (offices held with their periods:
// "ru-president 2012-05-07.." with dates YYYY-MM-DD, YYYY-MM or YYYY; the end
// is exclusive and an open end means still in office), group (the section:
// country, capital, land, seat, agency, outlet, party, io, institution,
// armed-group) and note.
//
// Office keys: nouns (NOUNS sets), de and en (nouns composed with the actor's
// adjectives, genitives and prefixes: "der russische Präsident", "Präsident
// Russlands", "Russia's president", "US-Präsident"), role.de and role.en
// (role phrases that stand on their own: "Kreml-Chef", "Bundeskanzlerin",
// "the pope") and name.
//
// An id is the actor's Wikidata QID where it is known for sure, else a
// readable key such as "de-land-bayern" or "friedrich-merz". countries.tsv is
// generated (go generate) from the gazetteer and internal/gen/overlay.tsv;
// the other files are edited by hand. Parse reads a file of one's own in
// the same format.
package actors
