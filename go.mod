module newsdesk

go 1.26.8

require (
	github.com/andybalholm/brotli v1.2.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)
