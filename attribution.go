package newsdesk

import "time"

// Span is a stretch of an article's text: offsets in runes into
// Article.Text(), End exclusive, and the text between them.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Attributed is who a quotation or figure is attributed to: the words
// of the text that name them (a name, a role noun, a pronoun,
// "US-Angaben") and the entity they resolve to, if any.
type Attributed struct {
	Span
	// EntityID is the identity the span resolves to; "" when none.
	EntityID string `json:"id,omitempty"`
}

// QuoteForm is how a quotation renders what was said.
type QuoteForm string

// The forms of quotations.
const (
	// DirectQuote renders the words as said, in quotation marks.
	DirectQuote QuoteForm = "direct"
	// IndirectQuote renders them in a subordinate clause or in
	// reported speech ("sagte, dass …", Konjunktiv I, "said that …").
	IndirectQuote QuoteForm = "indirect"
	// FreeIndirectQuote continues reported speech without a cue of its
	// own (a sentence in Konjunktiv I after an indirect quote).
	FreeIndirectQuote QuoteForm = "freeindirect"
	// ReportedQuote only reports that something was said ("Putin
	// warnte vor einer Eskalation", "according to the police, …").
	ReportedQuote QuoteForm = "reported"
)

// Quotation is one thing the text says someone said.
type Quotation struct {
	// Span is the message: the words attributed, without the marks
	// around a direct quote.
	Span
	// Parts are the pieces of a message interrupted by its cue ("…",
	// sagte er, "…"), in order; empty when it is one piece.
	Parts []Span    `json:"parts,omitempty"`
	Form  QuoteForm `json:"form"`
	// Cue is the word that marks the speech ("sagte", "laut",
	// "according to"); nil when there is none.
	Cue *Span `json:"cue,omitempty"`
	// Speaker is who said it; nil when the text does not say.
	Speaker *Attributed `json:"speaker,omitempty"`
}

// CitationKind is what kind of source of information a cited source is.
type CitationKind string

// The kinds of cited sources.
const (
	// CitedAgency is a news agency named as a source in the text
	// ("told Reuters"); an agency's credit line is listed in
	// Analysis.Agencies instead.
	CitedAgency CitationKind = "agency"
	// CitedMedia is an outlet or broadcaster ("laut Spiegel",
	// "Medienberichten zufolge").
	CitedMedia CitationKind = "media"
	// CitedDocument is a report, study, ruling, statement or data
	// ("a UN report", "eine Studie der Bertelsmann-Stiftung").
	CitedDocument CitationKind = "document"
	// CitedInstitution is an authority, company, party, army or state
	// ("wie die Polizei mitteilte", "nach US-Angaben").
	CitedInstitution CitationKind = "institution"
)

// CitedSource is a source of information the text cites.
type CitedSource struct {
	// Span is the name as written, without its article.
	Span
	// Name is the source's usual short name ("Spiegel", "Polizei",
	// "USA").
	Name string       `json:"name"`
	Kind CitationKind `json:"kind"`
	// EntityID is the identity the source resolves to; "" when none.
	EntityID string `json:"id,omitempty"`
}

// Figure is a quantity the text attributes to someone.
type Figure struct {
	// Span is the number with its unit or head noun ("über 10.000
	// Container", "39 people").
	Span
	// Value is the number the span states: "10.000" is 10000, "2,5
	// Millionen" 2500000, "30 Prozent" 30; a range is its lower bound.
	Value float64 `json:"value"`
	// Unit is a short noun ("Container", "people"), "%" or a currency
	// code ("EUR", "USD").
	Unit string `json:"unit"`
	// Claimant is who the text attributes the figure to; nil when
	// nobody in particular ("reportedly").
	Claimant *Attributed `json:"claimant,omitempty"`
}

// Reattribute replaces the entity ids of the speakers, claimants and
// sources of a by what to returns for them.
func (a *Analysis) Reattribute(to func(id string) string) {
	for i := range a.Quotes {
		if sp := a.Quotes[i].Speaker; sp != nil && sp.EntityID != "" {
			sp.EntityID = to(sp.EntityID)
		}
	}
	for i := range a.Sources {
		if a.Sources[i].EntityID != "" {
			a.Sources[i].EntityID = to(a.Sources[i].EntityID)
		}
	}
	for i := range a.Figures {
		if c := a.Figures[i].Claimant; c != nil && c.EntityID != "" {
			c.EntityID = to(c.EntityID)
		}
	}
}

// Attribution is what a stored article's analysis says it rests on:
// the fields of Analysis beside its mentions.
type Attribution struct {
	Quotes   []Quotation   `json:"quotes"`
	Agencies []string      `json:"agencies"`
	Sources  []CitedSource `json:"sources"`
	Figures  []Figure      `json:"figures"`
}

// ArticleTags are what the search index files an article under beside
// its words: the entities it mentions, the speakers of its quotations
// (entity ids) and the agencies credited for it (short names, lower
// case).
type ArticleTags struct {
	Entities []string
	Speakers []string
	Agencies []string
	// CopyOf and Story are the article's connections (see Connection);
	// 0 for none.
	CopyOf, Story int64
}

// QuoteFilter selects quotations to list.
type QuoteFilter struct {
	// Query matches the words of the quotation (stemmed, all of them);
	// "" matches every quotation.
	Query string
	// Speaker is the entity id of the speaker; "" any.
	Speaker string
	// From and To bound the articles' publication time, [From, To).
	From, To time.Time
	// Lang is the articles' language code; "" any.
	Lang string
	// Story keeps the quotations of the articles of this story; 0 any.
	Story  int64
	Limit  int    // default 20
	Cursor string // opaque, from a previous QuoteList.NextCursor
}

// QuoteOutlet is an article that carries a quotation.
type QuoteOutlet struct {
	ArticleID int64     `json:"article_id"`
	Site      string    `json:"site"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
}

// QuoteHit is a quotation as listed, once however many articles carry
// the same words by the same speaker (wire copies): it is shown in its
// earliest article, and Outlets lists every article that carries it,
// earliest first.
type QuoteHit struct {
	Quotation
	ArticleID int64     `json:"article_id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Site      string    `json:"site"`
	Published time.Time `json:"published"`
	Lang      string    `json:"lang"`
	// SpeakerName is the canonical name of the speaker's entity.
	SpeakerName string        `json:"speaker_name,omitempty"`
	Outlets     []QuoteOutlet `json:"outlets"`
}

// QuoteList is one page of quotations, newest first.
type QuoteList struct {
	// Total counts the distinct quotations that match.
	Total      int        `json:"total"`
	Quotes     []QuoteHit `json:"quotes"`
	NextCursor string     `json:"next_cursor,omitempty"`
}
