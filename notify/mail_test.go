package notify_test

import (
	"crypto/tls"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"newsdesk"
	"newsdesk/notify"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestPeriodEnd(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	kolkata := mustLoad(t, "Asia/Kolkata")
	at := func(loc *time.Location, y int, mo time.Month, d, h, mi int) time.Time {
		return time.Date(y, mo, d, h, mi, 0, 0, loc)
	}
	tests := []struct {
		digest string
		t      time.Time
		loc    *time.Location
		want   time.Time
	}{
		{"hourly", at(berlin, 2026, 3, 28, 10, 15), berlin, at(berlin, 2026, 3, 28, 11, 0)},
		{"hourly", at(berlin, 2026, 3, 28, 11, 0), berlin, at(berlin, 2026, 3, 28, 11, 0)}, // at the stroke: that hour's end
		{"hourly", at(berlin, 2026, 3, 28, 23, 59), berlin, at(berlin, 2026, 3, 29, 0, 0)},
		{"hourly", at(kolkata, 2026, 3, 28, 10, 15), kolkata, at(kolkata, 2026, 3, 28, 11, 0)}, // UTC+5:30
		{"hourly", time.Date(2026, 3, 28, 4, 50, 0, 0, time.UTC), kolkata, at(kolkata, 2026, 3, 28, 11, 0)},
		{"daily", at(berlin, 2026, 3, 28, 10, 15), berlin, at(berlin, 2026, 3, 29, 0, 0)},
		{"daily", at(berlin, 2026, 3, 29, 0, 0), berlin, at(berlin, 2026, 3, 29, 0, 0)},
		// The day clocks go forward has 23 hours: it ends at 22:00 UTC.
		{"daily", at(berlin, 2026, 3, 29, 10, 0), berlin, time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC)},
		{"daily", time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), berlin, at(berlin, 2026, 3, 30, 0, 0)},
		{"", at(berlin, 2026, 3, 28, 10, 15), berlin, at(berlin, 2026, 3, 28, 10, 15)},
	}
	for _, tt := range tests {
		if got := notify.PeriodEnd(tt.digest, tt.t, tt.loc); !got.Equal(tt.want) {
			t.Errorf("PeriodEnd(%q, %v) = %v, want %v", tt.digest, tt.t, got, tt.want)
		}
	}
}

func (e *env) mailer(s *smtpd, loc *time.Location) *notify.Mailer {
	return &notify.Mailer{
		Store: e.st, Articles: e.st,
		SMTPURL:   "smtp://digest%40news.example:s3cret%21@" + s.addr,
		From:      "newsdesk <alerts@news.example>",
		Location:  loc,
		BaseURL:   "https://news.example/",
		Now:       e.clock,
		TLSConfig: &tls.Config{RootCAs: s.RootCAs},
		Retry:     notify.Retry{Attempts: 2, Base: 30 * time.Second},
	}
}

// digestMail is a received digest taken apart.
type digestMail struct {
	header      mail.Header
	subject     string
	text, html  string
	contentType string
}

func parseMail(t *testing.T, data string) digestMail {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var d digestMail
	d.header = m.Header
	if d.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	d.contentType = mt
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // quoted-printable, decoded by the reader
		switch ct := p.Header.Get("Content-Type"); ct {
		case "text/plain; charset=utf-8":
			d.text = string(b)
		case "text/html; charset=utf-8":
			d.html = string(b)
		default:
			t.Errorf("part of type %q", ct)
		}
	}
	if d.text == "" || d.html == "" {
		t.Fatalf("want a text and an HTML part: %q", data)
	}
	return d
}

// A daily digest waits for the end of the day in the mailer's time zone,
// then goes out as one mail over STARTTLS with AUTH PLAIN, plain text and
// HTML, with its unsubscribe link; an hourly one at the end of the hour;
// one without a digest period at once.
func TestMailerDigests(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	at := func(d, h, mi int) time.Time {
		return time.Date(2026, 3, 27, 0, 0, 0, 0, berlin).AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute)
	}
	e := newEnv(t, at(0, 10, 50))
	s := newSMTPD(t)
	s.set(func(s *smtpd) { s.user, s.password = "digest@news.example", "s3cret!" })
	daily := e.addAlert(t, &newsdesk.Alert{Name: "Klima\r\nBcc: evil@x.example", Query: "Klimaschutzgesetz", Email: "Anna <anna@example.org>", Digest: newsdesk.DigestDaily})
	hourly := e.addAlert(t, &newsdesk.Alert{Name: "Energie", Query: "Strom", Email: "ben@example.org", Digest: newsdesk.DigestHourly})
	now := e.addAlert(t, &newsdesk.Alert{Name: "Sofort", Query: "x", Email: "cem@example.org"})

	ids := e.save(t,
		art{title: "Bundestag beschließt <Klimaschutzgesetz>", site: "Tagesblatt", subtitle: "Ab 2027 gilt & zählt es.", published: at(0, 9, 0)},
		art{title: "Klimaschutzgesetz: Bundestag stimmt zu", site: "Westpost", published: at(0, 10, 0)})
	e.connect(t, ids[0], ids...)
	e.match(t, daily, at(0, 10, 15), ids[0])
	second := e.save(t, art{title: "Second", site: "Westpost", published: at(0, 10, 30)})
	e.match(t, daily, at(0, 10, 40), second...)
	e.match(t, hourly, at(0, 10, 45), e.save(t, art{title: "Strompreis", site: "Ostblatt"})...)
	e.match(t, now, at(0, 10, 46), e.save(t, art{title: "Sofort", site: "Ostblatt"})...)

	m := e.mailer(s, berlin)
	if n, err := m.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("at 10:50: DeliverDue = %d, %v; want the one without a period", n, err)
	}
	if got := s.received(); len(got) != 1 || got[0].to[0] != "cem@example.org" {
		t.Fatalf("at 10:50: mails %+v", got)
	}
	for _, d := range e.deliveries(t, daily, newsdesk.ChannelEmail) {
		if d.State != newsdesk.DeliveryPending || d.Attempts != 0 || !d.NextAttempt.Equal(at(1, 0, 0)) {
			t.Errorf("daily delivery %+v: want it put off to midnight", d)
		}
	}
	e.set(at(0, 11, 0))
	if n, err := m.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("at 11:00: DeliverDue = %d, %v; want the hourly", n, err)
	}
	e.set(at(0, 23, 59))
	if n, _ := m.DeliverDue(e.ctx); n != 0 {
		t.Fatalf("at 23:59: %d delivered", n)
	}
	e.set(at(1, 0, 0))
	if n, err := m.DeliverDue(e.ctx); n != 2 || err != nil {
		t.Fatalf("at midnight: DeliverDue = %d, %v; want the daily digest of 2", n, err)
	}
	got := s.received()
	if len(got) != 3 {
		t.Fatalf("%d mails, want 3", len(got))
	}
	r := got[2]
	if !r.tls || r.user != "digest@news.example" || r.from != "alerts@news.example" || strings.Join(r.to, ",") != "anna@example.org" {
		t.Errorf("envelope %+v: want TLS, AUTH, from alerts@, to anna@", r)
	}
	d := parseMail(t, r.data)
	if d.subject != "newsdesk: 2 new articles for Klima Bcc: evil@x.example" {
		t.Errorf("subject %q", d.subject)
	}
	if _, ok := d.header["Bcc"]; ok {
		t.Error("the alert's name injected a header")
	}
	if to := d.header.Get("To"); !strings.Contains(to, "anna@example.org") {
		t.Errorf("To %q", to)
	}
	lu := d.header.Get("List-Unsubscribe")
	prefix := "<https://news.example/alerts/" + itoa(daily.ID) + "/unsubscribe?token="
	if !strings.HasPrefix(lu, prefix) || d.header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe %q", lu)
	}
	u, _ := url.Parse(strings.Trim(lu, "<>"))
	if !notify.CheckUnsubscribeToken(daily, u.Query().Get("token")) || notify.CheckUnsubscribeToken(hourly, u.Query().Get("token")) {
		t.Error("the unsubscribe token does not check out for its alert alone")
	}
	for _, part := range []string{d.text, d.html} {
		for _, want := range []string{"Tagesblatt", "Westpost", "story: 2 articles from 2 outlets", "https://news.example/alerts/" + itoa(daily.ID) + "/unsubscribe?token="} {
			if !strings.Contains(part, want) {
				t.Errorf("digest lacks %q:\n%s", want, part)
			}
		}
		if i, j := strings.Index(part, "Second"), strings.Index(part, "Tagesblatt"); i < 0 || i > j {
			t.Errorf("the newest article does not come first:\n%s", part)
		}
	}
	if !strings.Contains(d.text, "Bundestag beschließt <Klimaschutzgesetz>") || !strings.Contains(d.text, "27 Mar 2026 09:00 CET") {
		t.Errorf("text part:\n%s", d.text)
	}
	if !strings.Contains(d.html, "Bundestag beschließt &lt;Klimaschutzgesetz&gt;") || strings.Contains(d.html, "<Klimaschutzgesetz>") || !strings.Contains(d.html, "Ab 2027 gilt &amp; zählt es.") {
		t.Errorf("html part not escaped:\n%s", d.html)
	}
	for _, d := range e.deliveries(t, daily, newsdesk.ChannelEmail) {
		if d.State != newsdesk.DeliveryDone || d.Attempts != 1 || d.LastStatus != 250 || !d.Delivered.Equal(at(1, 0, 0)) {
			t.Errorf("daily delivery %+v: want delivered", d)
		}
	}
	if n, _ := m.DeliverDue(e.ctx); n != 0 || len(s.received()) != 3 {
		t.Error("sent again")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A digest the server fails to take is retried after the backoff, not
// at the end of the next period; after the last attempt it is dead. An
// address the server refuses (5xx) kills it at once.
func TestMailerRetries(t *testing.T) {
	start := time.Date(2026, 3, 28, 9, 30, 0, 0, time.UTC)
	e := newEnv(t, start)
	s := newSMTPD(t)
	s.set(func(s *smtpd) {
		s.user, s.password, s.dataReply = "digest@news.example", "s3cret!", "451 4.3.0 try again later"
	})
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Email: "anna@example.org", Digest: newsdesk.DigestHourly})
	e.match(t, a, start, e.save(t, art{title: "T", site: "S"})...)
	m := e.mailer(s, time.UTC)
	e.set(start.Add(30 * time.Minute))
	if n, err := m.DeliverDue(e.ctx); n != 0 || err != nil {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	d := e.deliveries(t, a, newsdesk.ChannelEmail)[0]
	if d.State != newsdesk.DeliveryPending || d.Attempts != 1 || d.LastStatus != 451 || !strings.Contains(d.LastError, "try again later") ||
		d.NextAttempt.Before(e.clock().Add(27*time.Second)) || d.NextAttempt.After(e.clock().Add(33*time.Second)) {
		t.Fatalf("after a 451: %+v", d)
	}
	e.set(d.NextAttempt)
	if n, _ := m.DeliverDue(e.ctx); n != 0 {
		t.Fatal("delivered on a 451")
	}
	if d := e.deliveries(t, a, newsdesk.ChannelEmail)[0]; d.State != newsdesk.DeliveryDead || d.Attempts != 2 {
		t.Fatalf("after the last attempt: %+v", d)
	}
	// Redelivered, it goes out at once, not at the end of the hour.
	s.set(func(s *smtpd) { s.dataReply = "" })
	e.st.Redeliver(e.ctx, a.ID, 0)
	e.set(time.Now().Add(time.Second))
	if n, err := m.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("redelivered: %d, %v", n, err)
	}

	b := e.addAlert(t, &newsdesk.Alert{Name: "b", Query: "x", Email: "nobody@example.org"})
	e.match(t, b, e.clock(), e.save(t, art{title: "U", site: "S"})...)
	s.set(func(s *smtpd) { s.rcptReply = "550 5.1.1 no such user" })
	if n, err := m.DeliverDue(e.ctx); n != 0 || err != nil {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	if d := e.deliveries(t, b, newsdesk.ChannelEmail)[0]; d.State != newsdesk.DeliveryDead || d.LastStatus != 550 || !strings.Contains(d.LastError, "no such user") {
		t.Errorf("refused address: %+v, want dead", d)
	}
}

// The password is never sent over a connection without TLS, unless the
// test allows it.
func TestMailerNoPasswordInClear(t *testing.T) {
	now := time.Date(2026, 3, 28, 9, 30, 0, 0, time.UTC)
	e := newEnv(t, now)
	s := newSMTPD(t)
	s.set(func(s *smtpd) {
		s.noTLS, s.plainAuth, s.user, s.password = true, true, "digest@news.example", "s3cret!"
	})
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Email: "anna@example.org"})
	e.match(t, a, now, e.save(t, art{title: "T", site: "S"})...)
	m := e.mailer(s, time.UTC)
	if n, err := m.DeliverDue(e.ctx); n != 0 || err != nil {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	if sess := s.lastSession(); strings.Contains(strings.Join(sess.commands, " "), "AUTH") {
		t.Fatalf("AUTH sent without TLS: %v", sess.commands)
	}
	d := e.deliveries(t, a, newsdesk.ChannelEmail)[0]
	if d.State != newsdesk.DeliveryPending || !strings.Contains(d.LastError, "STARTTLS") {
		t.Fatalf("delivery %+v", d)
	}
	m.AllowInsecureForTest = true
	e.set(d.NextAttempt)
	if n, err := m.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("allowed: %d, %v", n, err)
	}
	if r := s.received(); len(r) != 1 || r[0].tls || r[0].user != "digest@news.example" {
		t.Errorf("received %+v", r)
	}
}

// A Mailer without a usable server or sender fails the pass, sending
// nothing.
func TestMailerConfig(t *testing.T) {
	e := newEnv(t, time.Now())
	for _, m := range []*notify.Mailer{
		{Store: e.st, Articles: e.st, SMTPURL: "http://mail.example", From: "a@example.org"},
		{Store: e.st, Articles: e.st, SMTPURL: "smtp://", From: "a@example.org"},
		{Store: e.st, Articles: e.st, SMTPURL: "smtp://mail.example", From: "not an address"},
	} {
		if _, err := m.DeliverDue(e.ctx); err == nil {
			t.Errorf("%s from %q: no error", m.SMTPURL, m.From)
		}
	}
}
