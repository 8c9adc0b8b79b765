package newsdesk

// EntityType is the kind of a named entity.
type EntityType string

// The entity types newsdesk recognises.
const (
	Person       EntityType = "PER"
	Organisation EntityType = "ORG"
	Location     EntityType = "LOC"
	OtherName    EntityType = "OTH"
)

// MentionKind says how a mention refers to its entity.
type MentionKind string

// The kinds of mentions.
const (
	// NameMention is a proper name, full or partial, inflected or not
	// ("Wladimir Putin", "Putin", "Putins").
	NameMention MentionKind = "name"
	// AbbrevMention is an acronym or abbreviation ("Nato", "UN", "DPRK").
	AbbrevMention MentionKind = "abbrev"
	// RoleMention is a role noun phrase that refers to one person at the
	// article's date ("der Kreml-Chef", "the US president").
	RoleMention MentionKind = "role"
	// MetonymMention is a capital, seat or building standing for a
	// government or institution ("Moskau sprach von …").
	MetonymMention MentionKind = "metonym"
)

// Mention is one reference to an entity in an article's text.
type Mention struct {
	// Start and End are offsets in runes into the article's text
	// (Article.Text()), End exclusive.
	Start int         `json:"start"`
	End   int         `json:"end"`
	Text  string      `json:"text"`
	Type  EntityType  `json:"type"`
	Kind  MentionKind `json:"kind"`
	// EntityID is the identity the mention resolves to; "" when it
	// resolves to none.
	EntityID string `json:"id,omitempty"`
}

// Entity is an identity that mentions resolve to: a person,
// organisation, place or other named thing.
type Entity struct {
	// ID is stable across articles and runs: the key of the curated
	// table of actors or a Wikidata id where known, else a key made from
	// the canonical name and type.
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Type EntityType `json:"type"`
	// Aliases are the other names and role nouns it is known by.
	Aliases []string `json:"aliases,omitempty"`
}

// Analysis is what newsdesk understands of an article's text.
type Analysis struct {
	Language string    `json:"language"`
	Mentions []Mention `json:"mentions"`
	// Entities are the identities the mentions resolve to, once each.
	Entities []Entity `json:"entities"`
}
