package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// SMTP sends messages through a mail server with net/smtp.
type SMTP struct {
	// Addr is the server, host:port.
	Addr string
	// From is the sender's address.
	From string
	// User and Password authenticate (PLAIN, over TLS only) when User is
	// set.
	User, Password string
	// RequireTLS refuses to send unless the server offers STARTTLS: the
	// codes must not cross the network in clear. Off only in -dev, for a
	// local catcher.
	RequireTLS bool
	// TLS configures STARTTLS; nil verifies the server's certificate for
	// Addr's host name.
	TLS *tls.Config
	// Timeout bounds a whole sending; 0 means 15 s.
	Timeout time.Duration
}

// ErrNoTLS is wrapped by Send's error when RequireTLS is set and the
// server offers no STARTTLS.
var ErrNoTLS = errors.New("mail: the server offers no STARTTLS")

// Send sends m: STARTTLS when offered (required with RequireTLS),
// authentication when User is set, then the message as quoted-printable
// UTF-8 text.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("mail: server address %q: %w", s.Addr, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("mail: reach the server: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: greet the server: %w", err)
	}
	defer c.Close()
	if err := c.Hello(helloName(s.From)); err != nil {
		return fmt.Errorf("mail: HELO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("mail: STARTTLS: %w", err)
		}
	} else if s.RequireTLS {
		return ErrNoTLS
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return fmt.Errorf("mail: authenticate: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(compose(s.From, m, time.Now())); err != nil {
		return fmt.Errorf("mail: write the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: the server refused the message: %w", err)
	}
	return c.Quit()
}

// helloName is the name the service greets the server with: the domain of
// its sender address.
func helloName(from string) string {
	if _, domain, ok := strings.Cut(from, "@"); ok && domain != "" {
		return domain
	}
	return "localhost"
}

// compose writes the message with its headers, the body as
// quoted-printable UTF-8.
func compose(from string, m Message, now time.Time) []byte {
	var b strings.Builder
	id := make([]byte, 12)
	rand.Read(id)
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), helloName(from))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	qp.Close()
	return []byte(b.String())
}
