// Package mail sends the service's e-mails: the one-time codes that prove
// a licence-account link (package auth). Sender is what the sign-in needs;
// SMTP sends through a mail server (net/smtp, STARTTLS required outside
// development), Outbox keeps the messages (in memory, or in the shared
// state for a development cluster) and shows them on a
// French page, /dev-mail/, in development only: the local mail catcher
// that people and tests read the codes from.
package mail

import (
	"context"
	"errors"
	"strings"
)

// Message is one e-mail: plain text, in French.
type Message struct {
	// To is the recipient's address.
	To string
	// Subject is the subject line.
	Subject string
	// Body is the text, lines separated by "\n".
	Body string
}

// Sender sends messages.
type Sender interface {
	// Send sends m, or says why it could not.
	Send(ctx context.Context, m Message) error
}

// ErrInvalidMessage is wrapped by Send's error for a message that cannot
// be sent as it is (an address or subject with a line break, no recipient).
var ErrInvalidMessage = errors.New("mail: invalid message")

// check refuses a message whose header fields could inject headers.
func (m Message) check() error {
	if m.To == "" || !strings.Contains(m.To, "@") {
		return ErrInvalidMessage
	}
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return ErrInvalidMessage
	}
	return nil
}
