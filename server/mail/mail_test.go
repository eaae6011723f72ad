package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"mespoints/server/kv/boltkv"
)

// received is what a real SMTP server (go-smtp) got.
type received struct {
	mu   sync.Mutex
	from string
	to   []string
	data []byte
	tls  bool
}

type session struct {
	r    *received
	conn *smtp.Conn
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.from = from
	_, s.r.tls = s.conn.TLSConnectionState()
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.to = append(s.r.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.data = b
	return err
}

// startSMTP runs a mail server on loopback, with STARTTLS when cert is
// given, and returns its address.
func startSMTP(t *testing.T, cert *tls.Certificate) (string, *received) {
	t.Helper()
	r := &received{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{r: r, conn: c}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), r
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

var message = Message{To: "camille.lefevre@example.fr", Subject: "Votre code de rattachement Mes points", Body: "Bonjour,\n\nVotre code : 123456\n\nÀ bientôt.\n"}

// Through a real mail server with STARTTLS: the message arrives encrypted,
// its French subject and body intact.
func TestSMTPSendsOverSTARTTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	addr, got := startSMTP(t, &cert)
	s := &SMTP{Addr: addr, From: "ne-pas-repondre@mespoints.example", RequireTLS: true, TLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
	if err := s.Send(context.Background(), message); err != nil {
		t.Fatal(err)
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	if !got.tls || got.from != s.From || len(got.to) != 1 || got.to[0] != message.To {
		t.Fatalf("received from %q to %v, TLS %v", got.from, got.to, got.tls)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != message.Subject {
		t.Errorf("subject %q, %v", subject, err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	if strings.ReplaceAll(string(body), "\r\n", "\n") != message.Body {
		t.Errorf("body %q", body)
	}
	if m.Header.Get("Content-Type") != "text/plain; charset=utf-8" || m.Header.Get("Message-Id") == "" {
		t.Errorf("headers %v", m.Header)
	}
}

// Outside development the codes never cross the network in clear: a
// server without STARTTLS gets nothing; in development (a local catcher)
// it does.
func TestSMTPRequiresTLS(t *testing.T) {
	addr, got := startSMTP(t, nil)
	err := (&SMTP{Addr: addr, From: "a@mespoints.example", RequireTLS: true}).Send(context.Background(), message)
	if !errors.Is(err, ErrNoTLS) {
		t.Fatalf("err = %v, want ErrNoTLS", err)
	}
	got.mu.Lock()
	if got.data != nil || got.from != "" {
		t.Error("the server received something")
	}
	got.mu.Unlock()
	if err := (&SMTP{Addr: addr, From: "a@mespoints.example"}).Send(context.Background(), message); err != nil {
		t.Fatalf("without RequireTLS: %v", err)
	}
}

// A recipient or subject with a line break could add headers: refused.
func TestHeaderInjectionIsRefused(t *testing.T) {
	for _, m := range []Message{
		{To: "a@example.fr\r\nBcc: b@example.fr", Subject: "x", Body: "x"},
		{To: "a@example.fr", Subject: "x\nBcc: b@example.fr", Body: "x"},
		{To: "", Subject: "x", Body: "x"},
	} {
		if err := NewOutbox().Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%q: err = %v", m.To+m.Subject, err)
		}
		if err := (&SMTP{Addr: "127.0.0.1:1", From: "a@b.fr"}).Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("SMTP %q: err = %v", m.To+m.Subject, err)
		}
	}
}

// The development outbox shows the messages on a French page, newest
// first, escaped, and nothing but GET.
func TestOutboxPage(t *testing.T) {
	o := NewOutbox()
	o.Send(context.Background(), Message{To: "a@example.fr", Subject: "Premier", Body: "<script>alert(1)</script>"})
	o.Send(context.Background(), message)
	rec := httptest.NewRecorder()
	o.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/dev-mail/", nil))
	page := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(page, `<html lang="fr">`) || !strings.Contains(page, "Courriels envoyés") || strings.Contains(page, "<script>") {
		t.Fatalf("page %d:\n%s", rec.Code, page)
	}
	if strings.Index(page, message.Subject) > strings.Index(page, "Premier") {
		t.Error("the newest message is not first")
	}
	if last, ok := o.Last(message.To); !ok || last.Subject != message.Subject {
		t.Errorf("Last = %+v, %v", last, ok)
	}
	rec = httptest.NewRecorder()
	o.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/dev-mail/", nil))
	if rec.Code != 405 {
		t.Errorf("POST = %d", rec.Code)
	}
}

// Two shared outboxes on one shared state — two nodes of a development
// cluster — show the messages either sent, newest first; a message sent
// through one is the other's Last.
func TestSharedOutboxShowsEveryNodesMail(t *testing.T) {
	shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	a, b := NewSharedOutbox(shared), NewSharedOutbox(shared)
	if err := a.Send(context.Background(), Message{To: "a@example.fr", Subject: "Envoyé par A", Body: "code 123456"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(context.Background(), Message{To: "b@example.fr", Subject: "Envoyé par B", Body: "code 654321"}); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]*Outbox{"A": a, "B": b} {
		rec := httptest.NewRecorder()
		o.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/dev-mail/", nil))
		page := rec.Body.String()
		ia, ib := strings.Index(page, "Envoyé par A"), strings.Index(page, "Envoyé par B")
		if rec.Code != 200 || ia < 0 || ib < 0 || ib > ia {
			t.Errorf("node %s's page (%d) does not show both, newest first:\n%s", name, rec.Code, page)
		}
	}
	if last, ok := a.Last("b@example.fr"); !ok || !strings.Contains(last.Body, "654321") {
		t.Errorf("A's Last of B's message = %+v, %v", last, ok)
	}
	if err := a.Send(context.Background(), Message{To: "a@example.fr\nBcc: x@example.fr", Subject: "x"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("header injection through a shared outbox: %v", err)
	}
	if n := len(b.Messages()); n != 2 {
		t.Errorf("%d messages kept, want 2", n)
	}
}
