package newsdesk

import (
	"context"
	"time"
)

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
	// Quotes are what the text says people said, in text order.
	Quotes []Quotation `json:"quotes,omitempty"`
	// Agencies are the short names of the news agencies credited for
	// the article ("dpa", "AFP", "Reuters"), once each, in text order.
	Agencies []string `json:"agencies,omitempty"`
	// Sources are the sources of information the text cites, in text
	// order.
	Sources []CitedSource `json:"sources,omitempty"`
	// Figures are the quantities the text attributes to someone, in
	// text order.
	Figures []Figure `json:"figures,omitempty"`
}

// ArticleAnalysis is the analysis of one stored article, as a follower
// of the change log stores it; Analysis is nil when the article is gone.
type ArticleAnalysis struct {
	ArticleID int64
	// Hash is the content hash of the text analysed (StoredArticle.Hash).
	Hash     string
	Analysis *Analysis
}

// EntityFilter selects entities to list.
type EntityFilter struct {
	// Query matches names: best match first; empty lists the most
	// mentioned first.
	Query    string
	Type     EntityType
	From, To time.Time // mentioned in articles published within [From, To)
	Limit    int       // default 20
	Cursor   string    // opaque, from a previous EntityList.NextCursor
}

// EntityCount is an entity with how often it is mentioned.
type EntityCount struct {
	Entity
	Mentions int `json:"mentions"`
	Articles int `json:"articles"`
}

// EntityList is one page of entities.
type EntityList struct {
	Total      int           `json:"total"`
	Entities   []EntityCount `json:"entities"`
	NextCursor string        `json:"next_cursor,omitempty"`
}

// EntityInfo is all the store knows of an entity.
type EntityInfo struct {
	EntityCount
	// Aliases are the names and role nouns seen for it, most frequent
	// first.
	Aliases []AliasCount `json:"aliases"`
	// Days counts its mentions per day of publication (2006-01-02).
	Days map[string]int `json:"days"`
	// With are the entities mentioned in the same articles, most often
	// first.
	With []EntityCount `json:"with"`
	// Latest are the IDs of the newest articles that mention it.
	Latest []int64 `json:"latest"`
}

// MergedError is returned by AnalysisStore.Entity for an entity merged
// into another.
type MergedError struct{ Into string }

func (e *MergedError) Error() string { return "merged into " + e.Into }

// AliasCount is a name an entity was mentioned by, and how often.
type AliasCount struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// AnalysisStore keeps what analysis found in the stored articles. It is
// the store's side of the analysis follower (see Follower): the
// analyses of a batch of changes and the follower's position are saved
// in one transaction.
type AnalysisStore interface {
	// AnalysisPosition returns the change log seq the stored analyses
	// follow.
	AnalysisPosition(ctx context.Context) (int64, error)
	// SaveAnalyses replaces the analyses of the given articles and sets
	// the position to last, in one transaction, unless the position is
	// below after (reset meanwhile): then it saves nothing. An article
	// whose set of entities changed is written to the change log again,
	// for the followers that use its entities (the search index).
	SaveAnalyses(ctx context.Context, after, last int64, as []ArticleAnalysis) error
	// AnalyzedHashes returns, for the given articles that have an
	// analysis, the hash of the text it was made from.
	AnalyzedHashes(ctx context.Context, ids []int64) (map[int64]string, error)
	// ArticleEntities returns the ids of the entities each of the given
	// articles mentions.
	ArticleEntities(ctx context.Context, ids []int64) (map[int64][]string, error)
	// ArticleTags returns what the search index files each of the given
	// articles under: entities, speakers and agencies. Articles without
	// any are left out.
	ArticleTags(ctx context.Context, ids []int64) (map[int64]ArticleTags, error)
	// ArticleAttribution returns the quotations, agencies, cited sources
	// and figures stored for an article; empty when it has no analysis.
	ArticleAttribution(ctx context.Context, articleID int64) (*Attribution, error)
	// Quotes lists the quotations f selects, newest first, each once
	// with the articles that carry it.
	Quotes(ctx context.Context, f QuoteFilter) (*QuoteList, error)
	// EntityNames returns the entities of the given ids that exist.
	EntityNames(ctx context.Context, ids []string) (map[string]Entity, error)

	// AliasEntity makes name (as a mention reads, any case) stand for
	// entity id, in the stored analyses and in every later one.
	AliasEntity(ctx context.Context, id, name string) error
	// MergeEntity merges entity from into entity into: its mentions
	// become into's, now and in every later analysis, and from redirects
	// to into (Entity returns an error wrapping ErrMerged).
	MergeEntity(ctx context.Context, from, into string) error
	// SplitEntity makes the mentions of entity id written name an entity
	// of their own, now and later, and returns its id.
	SplitEntity(ctx context.Context, id, name string) (string, error)
	// ResetAnalyses sets the position back to the start and forgets
	// which texts were analysed, so that every article is analysed
	// again; the analyses stay until replaced.
	ResetAnalyses(ctx context.Context) error
	// Reanalyze marks the articles f selects (SourceID, Since) to be
	// analysed again: it forgets what their analyses were made from and
	// writes them to the change log, in one transaction. It returns how
	// many articles it marked.
	Reanalyze(ctx context.Context, f ArticleFilter) (int64, error)
	// ArticleMentions returns the mentions stored for an article, in
	// text order.
	ArticleMentions(ctx context.Context, articleID int64) ([]Mention, error)
	// Entities lists entities as f selects them.
	Entities(ctx context.Context, f EntityFilter) (*EntityList, error)
	// Entity returns what the store knows of an entity, or an error
	// wrapping ErrNotFound.
	Entity(ctx context.Context, id string) (*EntityInfo, error)
}
