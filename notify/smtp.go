package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"
)

// smtpTimeout bounds one SMTP session, from the dial to QUIT.
const smtpTimeout = 2 * time.Minute

// errRefused is wrapped by the error of a mail the server refused for
// good (a 5xx answer to RCPT): retrying cannot help.
var errRefused = errors.New("the server refused the address")

// errNoTLS is wrapped when a password would be sent over a connection
// without TLS.
var errNoTLS = errors.New("notify: the SMTP server offers no STARTTLS; refusing to send the password unencrypted")

// smtpServer is a parsed Mailer.SMTPURL.
type smtpServer struct {
	host, addr     string
	implicitTLS    bool
	user, password string
	auth           bool
}

// server parses m.SMTPURL.
func (m *Mailer) server() (*smtpServer, error) {
	u, err := url.Parse(m.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP URL: %w", err)
	}
	s := &smtpServer{host: u.Hostname()}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
		s.auth = true
	}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "25"
			if s.auth {
				port = "587"
			}
		}
	case "smtps":
		s.implicitTLS = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("notify: SMTP URL %q: want smtp:// or smtps://", u.Redacted())
	}
	if s.host == "" {
		return nil, fmt.Errorf("notify: SMTP URL %q has no host", u.Redacted())
	}
	s.addr = net.JoinHostPort(s.host, port)
	return s, nil
}

func (m *Mailer) tlsConfig(host string) *tls.Config {
	c := &tls.Config{}
	if m.TLSConfig != nil {
		c = m.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = host
	}
	return c
}

// plainAuth is AUTH PLAIN (RFC 4616). Unlike smtp.PlainAuth it leaves
// the decision whether the connection is safe enough to the Mailer.
type plainAuth struct{ user, password string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.password), nil
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("notify: unexpected SMTP AUTH challenge")
	}
	return nil, nil
}

// deliver sends msg to the address to over SMTP and returns the last
// SMTP status seen (250 when accepted). The error wraps errRefused when
// the server refused the recipient for good.
func (m *Mailer) deliver(ctx context.Context, to string, msg []byte) (int, error) {
	s, err := m.server()
	if err != nil {
		return 0, err
	}
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return 0, fmt.Errorf("notify: mail from %q: %w", m.From, err)
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return 0, fmt.Errorf("notify: %q: %w", to, errAddress)
	}
	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return 0, fmt.Errorf("notify: smtp: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	secure := false
	if s.implicitTLS {
		tc := tls.Client(conn, m.tlsConfig(s.host))
		if err := tc.HandshakeContext(ctx); err != nil {
			return 0, fmt.Errorf("notify: smtps: %w", err)
		}
		conn, secure = tc, true
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return status(err), fmt.Errorf("notify: smtp: %w", err)
	}
	defer c.Close()
	if err := c.Hello(m.hostname()); err != nil {
		return status(err), fmt.Errorf("notify: smtp EHLO: %w", err)
	}
	if !secure {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(m.tlsConfig(s.host)); err != nil {
				return status(err), fmt.Errorf("notify: smtp STARTTLS: %w", err)
			}
			secure = true
		}
	}
	if s.auth {
		if !secure && !m.AllowInsecureForTest {
			return 0, errNoTLS
		}
		ok, mechs := c.Extension("AUTH")
		if !ok || !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
			return 0, fmt.Errorf("notify: the SMTP server offers no AUTH PLAIN (it offers %q)", mechs)
		}
		if err := c.Auth(plainAuth{s.user, s.password}); err != nil {
			return status(err), fmt.Errorf("notify: smtp AUTH: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return status(err), fmt.Errorf("notify: smtp MAIL: %w", err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		if st := status(err); st >= 500 {
			return st, fmt.Errorf("notify: smtp RCPT %s: %w: %w", rcpt.Address, errRefused, err)
		}
		return status(err), fmt.Errorf("notify: smtp RCPT %s: %w", rcpt.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return status(err), fmt.Errorf("notify: smtp DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return status(err), fmt.Errorf("notify: smtp DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return status(err), fmt.Errorf("notify: smtp DATA: %w", err)
	}
	// The mail is accepted; a failing QUIT does not undo that.
	c.Quit()
	return 250, nil
}

// status returns the SMTP code of an error, 0 when it has none.
func status(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}
