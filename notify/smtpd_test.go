package notify_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpd is a small SMTP server on 127.0.0.1 for the tests: EHLO,
// STARTTLS with a certificate made for the test, AUTH PLAIN (offered
// only over TLS unless plainAuth), MAIL, RCPT, DATA, RSET, NOOP, QUIT.
type smtpd struct {
	addr string
	// RootCAs trusts the server's certificate.
	RootCAs *x509.CertPool

	mu        sync.Mutex
	tlsConfig *tls.Config
	noTLS     bool   // do not offer STARTTLS
	plainAuth bool   // offer AUTH before TLS
	user      string // "" : no AUTH offered
	password  string
	rcptReply string // e.g. "550 no such user"; "" accepts
	dataReply string // e.g. "451 try later"; "" accepts
	mails     []received
	sessions  []session
}

// received is a mail the server accepted.
type received struct {
	from string
	to   []string
	data string
	tls  bool
	user string
}

// session is what happened on one connection.
type session struct {
	tls      bool
	authUser string
	commands []string
}

func newSMTPD(t *testing.T) *smtpd {
	t.Helper()
	cert, pool := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpd{addr: ln.Addr().String(), RootCAs: pool, tlsConfig: &tls.Config{Certificates: []tls.Certificate{cert}}}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { s.serve(c) })
		}
	})
	return s
}

func (s *smtpd) set(f func(s *smtpd)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

func (s *smtpd) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

func (s *smtpd) lastSession() session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) == 0 {
		return session{}
	}
	return s.sessions[len(s.sessions)-1]
}

func (s *smtpd) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	s.mu.Lock()
	s.sessions = append(s.sessions, session{})
	n := len(s.sessions) - 1
	s.mu.Unlock()
	sess := func(f func(*session)) { s.mu.Lock(); f(&s.sessions[n]); s.mu.Unlock() }

	tp := textproto.NewConn(c)
	var (
		secure bool
		user   string
		mail   *received
	)
	tp.PrintfLine("220 test.example ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		sess(func(x *session) { x.commands = append(x.commands, verb) })
		s.mu.Lock()
		offerTLS, offerAuth := !s.noTLS && !secure, s.user != "" && (secure || s.plainAuth)
		rcptReply, dataReply := s.rcptReply, s.dataReply
		s.mu.Unlock()
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"test.example", "8BITMIME", "SIZE 10000000"}
			if offerTLS {
				ext = append(ext, "STARTTLS")
			}
			if offerAuth {
				ext = append(ext, "AUTH LOGIN PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, e)
			}
		case "STARTTLS":
			if !offerTLS {
				tp.PrintfLine("502 not now")
				continue
			}
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tlsConfig)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure, mail, user = tc, true, nil, ""
			tp = textproto.NewConn(c)
			sess(func(x *session) { x.tls = true })
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !offerAuth || !strings.EqualFold(mech, "PLAIN") {
				tp.PrintfLine("504 unsupported")
				continue
			}
			if initial == "" {
				tp.PrintfLine("334 ")
				if initial, err = tp.ReadLine(); err != nil {
					return
				}
			}
			b, _ := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(b), "\x00")
			s.mu.Lock()
			ok := len(parts) == 3 && parts[1] == s.user && parts[2] == s.password
			s.mu.Unlock()
			if !ok {
				tp.PrintfLine("535 authentication failed")
				continue
			}
			user = parts[1]
			sess(func(x *session) { x.authUser = user })
			tp.PrintfLine("235 authenticated")
		case "MAIL":
			s.mu.Lock()
			needAuth := s.user != ""
			s.mu.Unlock()
			if needAuth && user == "" {
				tp.PrintfLine("530 authentication required")
				continue
			}
			mail = &received{from: addrArg(arg), tls: secure, user: user}
			tp.PrintfLine("250 ok")
		case "RCPT":
			if mail == nil {
				tp.PrintfLine("503 MAIL first")
				continue
			}
			if rcptReply != "" {
				tp.PrintfLine("%s", rcptReply)
				continue
			}
			mail.to = append(mail.to, addrArg(arg))
			tp.PrintfLine("250 ok")
		case "DATA":
			if mail == nil || len(mail.to) == 0 {
				tp.PrintfLine("503 RCPT first")
				continue
			}
			tp.PrintfLine("354 end with .")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			if dataReply != "" {
				tp.PrintfLine("%s", dataReply)
				mail = nil
				continue
			}
			mail.data = string(b)
			s.mu.Lock()
			s.mails = append(s.mails, *mail)
			s.mu.Unlock()
			mail = nil
			tp.PrintfLine("250 queued")
		case "RSET":
			mail = nil
			tp.PrintfLine("250 ok")
		case "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 unknown command")
		}
	}
}

// addrArg returns the address of "FROM:<a@b> SIZE=1".
func addrArg(arg string) string {
	_, v, _ := strings.Cut(arg, ":")
	v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
	return strings.Trim(v, "<>")
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool
// that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "newsdesk test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
