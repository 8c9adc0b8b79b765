package actors

// countries.tsv is generated from the gazetteer in ../shared/data and the
// hand-kept overlay internal/gen/overlay.tsv.
//go:generate go run ./internal/gen -data ../../../shared/data/gazetteers/countries -overlay internal/gen/overlay.tsv -out countries.tsv
