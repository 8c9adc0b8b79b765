package main

import (
	"bytes"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The errors of the flag package name a flag "-name" whatever the user
// typed. The functions here name it as the usage texts document it
// (flagName) when it is a flag of the command, and as the user typed it
// when it is not.

// flagName returns a flag's name as the usage texts write it: "-j" for
// a one-letter name, "--limit" for a longer one.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// invalidValue matches the flag package's error for a value a flag does
// not take: the quoted value, the flag's name and the reason.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([^\s:=]+): (.*)$`)

// flagError rewrites an error of fs.Parse(args) for the user: an unknown
// flag is named as typed, a known one as documented, and a bad value is
// answered with what the flag wants.
func flagError(fs *flag.FlagSet, args []string, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Errorf("unknown flag %s", typedFlag(args, name))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("%s needs a value", flagName(name))
	}
	m := invalidValue.FindStringSubmatch(msg)
	if m == nil {
		return err
	}
	value, name, reason := m[1], m[2], m[3]
	if want := wants(fs.Lookup(name)); want != "" && (reason == "parse error" || reason == "value out of range") {
		return fmt.Errorf("%s: %s, got %s", flagName(name), want, value)
	}
	if !strings.Contains(reason, value) {
		reason += ", got " + value
	}
	return fmt.Errorf("%s: %s", flagName(name), reason)
}

// typedFlag returns the argument that gave the flag name, without its
// "=value": "--bogus" or "-bogus".
func typedFlag(args []string, name string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		f, _, _ := strings.Cut(a, "=")
		if strings.HasPrefix(f, "-") && strings.TrimLeft(f, "-") == name {
			return f
		}
	}
	return "-" + name
}

// wants says what values a flag of the flag package's own types takes;
// "" for other types, whose errors say it themselves.
func wants(f *flag.Flag) string {
	if f == nil {
		return ""
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case bool:
		return "want true or false"
	case int, int64, uint, uint64:
		return "want a whole number"
	case float64:
		return "want a number"
	case time.Duration:
		return "want a duration such as 90s, 15m or 2h"
	}
	return ""
}

// flagPrefix matches a message that begins with "NAME flag: ".
var flagPrefix = regexp.MustCompile(`^([a-z][a-z0-9-]*) flag: `)

// documentedFlag rewrites a usage message of cmd that begins with
// "NAME flag: " to begin with the flag as cmd's usage text documents it
// ("--limit: "), or, when the usage text documents no such flag, to
// begin with what follows: no flag is named that the user cannot give.
func documentedFlag(cmd command, msg string) string {
	m := flagPrefix.FindStringSubmatch(msg)
	if m == nil || cmd == nil {
		return msg
	}
	rest := msg[len(m[0]):]
	var usage bytes.Buffer
	cmd.Usage(&usage)
	documented := regexp.MustCompile(`(^|[\s,\[(])` + regexp.QuoteMeta(flagName(m[1])) + `([\s,=\])]|$)`)
	if documented.Match(usage.Bytes()) {
		return flagName(m[1]) + ": " + rest
	}
	return rest
}
