package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"time"

	"newsdesk/internal/safedial"
)

// ErrPrivateAddress is wrapped by the errors of CheckURL and of a
// delivery refused because its URL's host is not public.
var ErrPrivateAddress = safedial.ErrPrivateAddress

// ErrBadURL is wrapped by the errors of CheckURL for a URL that is not an
// absolute http or https URL with a host.
var ErrBadURL = errors.New("notify: a webhook URL must be an absolute http or https URL")

// resolveTimeout bounds the DNS lookup of CheckURL.
const resolveTimeout = 10 * time.Second

// CheckURL checks a webhook URL as a delivery to it will: it must be an
// absolute http or https URL with a host and, unless allowPrivate is set,
// its host must be or resolve only to public addresses (not loopback,
// private, link-local or otherwise reserved; see safedial.IsPublic). Call
// it when an alert is saved, to refuse a bad URL early; deliveries check
// again, since what a name resolves to can change. The error wraps
// ErrBadURL or ErrPrivateAddress, or is the failed DNS lookup.
func CheckURL(raw string, allowPrivate bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
	defer cancel()
	return checkURL(ctx, raw, allowPrivate)
}

func checkURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if !safedial.IsPublic(ip) {
			return fmt.Errorf("notify: webhook host %s: %w", host, ErrPrivateAddress)
		}
		return nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("notify: webhook host %s: %w", host, err)
	}
	if len(ips) == 0 {
		return fmt.Errorf("notify: webhook host %s has no address", host)
	}
	for _, ip := range ips {
		if !safedial.IsPublic(ip) {
			return fmt.Errorf("notify: webhook host %s resolves to %s: %w", host, ip, ErrPrivateAddress)
		}
	}
	return nil
}
