// Package render turns an extracted newsdesk.Article into the output formats
// of the command line: plain text, Markdown and a small, safe HTML fragment.
//
// Every function is pure and safe for concurrent use. Text taken from the
// page is always escaped for the target format, so markup from the page
// cannot survive into the output.
package render
