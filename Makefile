.PHONY: build test eval bench fuzz

build:
	go build -o newsdesk ./cmd/newsdesk

test:
	scripts/test

# Scores extraction on ../shared/data (skipped by the tools when absent).
eval:
	scripts/eval

bench:
	cd bench && go run . -rounds 1

fuzz:
	go test ./extract -run '^$$' -fuzz FuzzExtract -fuzztime 60s
	go test ./dates -run '^$$' -fuzz FuzzParse -fuzztime 60s
	go test ./dates -run '^$$' -fuzz FuzzFind -fuzztime 60s
	go test ./feed -run '^$$' -fuzz FuzzParse -fuzztime 60s
	go test ./feed -run '^$$' -fuzz FuzzParseSitemap -fuzztime 60s
	go test ./feed -run '^$$' -fuzz FuzzDiscover -fuzztime 60s
	go test ./fetch -run '^$$' -fuzz FuzzRobots -fuzztime 60s -fuzzminimizetime 500x
	go test ./warc -run '^$$' -fuzz FuzzReader -fuzztime 60s
	go test ./warc -run '^$$' -fuzz FuzzReadResponse -fuzztime 60s
