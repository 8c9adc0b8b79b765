package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	c := Default()
	in := `# comment
data = /tmp/nd
user_agent = "bot # 1"
workers = 4   # trailing comment
allow_private_networks = true

min_interval = 1m
max_interval = 2h
`
	if err := c.Parse(strings.NewReader(in), "test.conf"); err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Data, want.UserAgent, want.Workers, want.AllowPrivateNetworks = "/tmp/nd", "bot # 1", 4, true
	want.MinInterval, want.MaxInterval = time.Minute, 2*time.Hour
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"nokey",
		"colour = blue",
		"workers = 0",
		"timeout = soon",
		`data = "unterminated`,
		"allow_private_networks = maybe",
	} {
		c := Default()
		err := c.Parse(strings.NewReader(in), "x.conf")
		if err == nil || !strings.Contains(err.Error(), "x.conf:1") {
			t.Errorf("Parse(%q) = %v, want an error at x.conf:1", in, err)
		}
	}
	c := Default()
	if err := c.Parse(strings.NewReader("colour = blue"), "x"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("unknown key: %v, want ErrUnknownKey", err)
	}
}

func TestFromEnv(t *testing.T) {
	env := map[string]string{"NEWSDESK_DATA": "/srv/nd", "NEWSDESK_MAX_PAGES": "50"}
	c := Default()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.Data != "/srv/nd" || c.MaxPages != 50 {
		t.Errorf("got data %q, max_pages %d", c.Data, c.MaxPages)
	}
	env["NEWSDESK_WORKERS"] = "many"
	if err := c.FromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "NEWSDESK_WORKERS") {
		t.Errorf("bad env value: %v", err)
	}
}
