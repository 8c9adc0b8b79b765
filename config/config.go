// Package config reads the settings of newsdesk from a configuration
// file and the environment.
//
// The file is plain text, one setting a line:
//
//	# where the store lives
//	data = /var/lib/newsdesk
//	user_agent = "newsdesk (+https://example.org/bot)"
//	workers = 16
//	allow_private_networks = false
//	min_interval = 5m
//	max_interval = 6h
//
// Keys are those of the fields of Config, in snake case; blank lines and
// lines starting with # are skipped; a value may be put in double quotes
// (Go syntax), and must be when it has a # or leading or trailing spaces.
// Durations are written as Go parses them (90s, 5m, 1h30m), booleans as
// true or false. An unknown key is an error, so that typos are not
// ignored.
//
// Every key may also be set with an environment variable named NEWSDESK_
// and the key in upper case (NEWSDESK_DATA, NEWSDESK_MIN_INTERVAL); the
// environment wins over the file, and command-line flags over both.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config holds the settings shared by the commands that gather news.
type Config struct {
	// Data is the directory of the store.
	Data string
	// Store, when set, names a PostgreSQL database (a postgres:// or
	// postgresql:// URL, or a key=value connection string) that holds
	// the store and its search index instead of the directory Data.
	Store string
	// Queue, when set, is the NATS JetStream server (nats://host:port)
	// jobs are handed to workers through.
	Queue string
	// UserAgent is sent with every request; empty: the fetcher's default.
	UserAgent string
	// Workers bounds the pages fetched at once.
	Workers int
	// AllowPrivateNetworks lets the fetcher reach loopback and private
	// addresses.
	AllowPrivateNetworks bool
	// Timeout bounds one attempt to fetch a page.
	Timeout time.Duration
	// Interval is the first polling interval of a source; MinInterval and
	// MaxInterval bound how it adapts.
	Interval    time.Duration
	MinInterval time.Duration
	MaxInterval time.Duration
	// MaxSitemaps caps the child sitemaps followed from a sitemap index,
	// and MaxPages the pages taken from one feed or sitemap per pass.
	MaxSitemaps int
	MaxPages    int
	// PerHostInterval is the least time between two requests to a host.
	PerHostInterval time.Duration
	// SMTPURL is the mail server alert digests are sent through,
	// smtp://user:pass@host:port (STARTTLS when offered); MailFrom their
	// sender; TimeZone the zone (IANA name) digest periods are counted
	// in; BaseURL the address of 'newsdesk serve' as mail readers reach
	// it, for the links in digests.
	SMTPURL  string
	MailFrom string
	TimeZone string
	BaseURL  string
}

// Default returns the settings used when nothing else is said.
func Default() Config {
	return Config{
		Data:            "./newsdesk-data",
		Workers:         16,
		Timeout:         30 * time.Second,
		Interval:        30 * time.Minute,
		MinInterval:     5 * time.Minute,
		MaxInterval:     6 * time.Hour,
		MaxSitemaps:     20,
		MaxPages:        1000,
		PerHostInterval: time.Second,
	}
}

// EnvPrefix starts the names of the environment variables read by
// FromEnv.
const EnvPrefix = "NEWSDESK_"

// ErrUnknownKey is returned (wrapped) for a key Config does not have.
var ErrUnknownKey = errors.New("unknown setting")

// Keys lists the setting names, in the order of Config's fields.
var Keys = []string{
	"data", "store", "queue", "user_agent", "workers", "allow_private_networks", "timeout",
	"interval", "min_interval", "max_interval", "max_sitemaps", "max_pages",
	"per_host_interval", "smtp_url", "mail_from", "time_zone", "base_url",
}

// Set sets the setting named key from its text value.
func (c *Config) Set(key, value string) error {
	var err error
	switch key {
	case "data":
		c.Data = value
	case "store":
		c.Store = value
	case "queue":
		c.Queue = value
	case "user_agent":
		c.UserAgent = value
	case "workers":
		c.Workers, err = positiveInt(value)
	case "allow_private_networks":
		c.AllowPrivateNetworks, err = strconv.ParseBool(value)
	case "timeout":
		c.Timeout, err = positiveDuration(value)
	case "interval":
		c.Interval, err = positiveDuration(value)
	case "min_interval":
		c.MinInterval, err = positiveDuration(value)
	case "max_interval":
		c.MaxInterval, err = positiveDuration(value)
	case "max_sitemaps":
		c.MaxSitemaps, err = positiveInt(value)
	case "max_pages":
		c.MaxPages, err = positiveInt(value)
	case "per_host_interval":
		c.PerHostInterval, err = time.ParseDuration(value)
	case "smtp_url":
		if value != "" && !strings.HasPrefix(value, "smtp://") && !strings.HasPrefix(value, "smtps://") {
			err = errors.New("want smtp://user:pass@host:port")
		}
		c.SMTPURL = value
	case "mail_from":
		c.MailFrom = value
	case "time_zone":
		if _, err = time.LoadLocation(value); err == nil {
			c.TimeZone = value
		}
	case "base_url":
		c.BaseURL = strings.TrimSuffix(value, "/")
	default:
		return fmt.Errorf("%w %q", ErrUnknownKey, key)
	}
	if err != nil {
		return fmt.Errorf("bad value %q for %s: %w", value, key, err)
	}
	return nil
}

func positiveInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err == nil && n < 1 {
		err = errors.New("must be at least 1")
	}
	return n, err
}

func positiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err == nil && d <= 0 {
		err = errors.New("must be positive")
	}
	return d, err
}

// Parse reads settings from r, a file in the format described in the
// package documentation; name is used in error messages.
func (c *Config) Parse(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("config: %s:%d: want key = value", name, n)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if strings.HasPrefix(value, `"`) {
			uq, err := strconv.Unquote(value)
			if err != nil {
				return fmt.Errorf("config: %s:%d: bad quoted value: %w", name, n, err)
			}
			value = uq
		} else if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i]) // a comment after the value
		}
		if err := c.Set(key, value); err != nil {
			return fmt.Errorf("config: %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("config: %s: %w", name, err)
	}
	return nil
}

// Load reads the settings of the file at path over c.
func (c *Config) Load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	return c.Parse(f, path)
}

// FromEnv sets the settings given in environment variables NEWSDESK_KEY,
// as getenv (os.Getenv, or a stand-in in tests) reports them; empty ones
// are ignored.
func (c *Config) FromEnv(getenv func(string) string) error {
	for _, k := range Keys {
		name := EnvPrefix + strings.ToUpper(k)
		if v := getenv(name); v != "" {
			if err := c.Set(k, v); err != nil {
				return fmt.Errorf("config: %s: %w", name, err)
			}
		}
	}
	return nil
}
