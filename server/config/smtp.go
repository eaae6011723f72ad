package config

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// SMTP is the mail server that sends the one-time codes of licence-account
// links. Without an address, development mode keeps the messages in its
// local catcher (/dev-mail/); outside development an address is required
// once the licence account is configured, and STARTTLS is required.
type SMTP struct {
	// Addr is the server, host:port.
	Addr string
	// From is the sender's address.
	From string
	// User and Password authenticate at the server; they come from the
	// environment only (MESPOINTS_SMTP_USER, MESPOINTS_SMTP_PASSWORD), as
	// flags show in the process list.
	User, Password string
}

// Configured tells whether a mail server was given.
func (s SMTP) Configured() bool { return s.Addr != "" }

func init() {
	settings = append(settings,
		setting{name: "smtp-addr", env: "MESPOINTS_SMTP_ADDR", def: "", usage: "mail server (host:port) that sends the linking codes, with STARTTLS outside -dev; user and password from MESPOINTS_SMTP_USER and MESPOINTS_SMTP_PASSWORD; default: the local mail catcher /dev-mail/ in -dev, required otherwise with the licence account"},
		setting{name: "smtp-from", env: "MESPOINTS_SMTP_FROM", def: "", usage: "sender address of the linking codes (required with -smtp-addr)"},
	)
}

// readSMTPSecrets fills the credentials from the environment.
func (s *SMTP) readSMTPSecrets(getenv func(string) string) {
	s.User, s.Password = getenv("MESPOINTS_SMTP_USER"), getenv("MESPOINTS_SMTP_PASSWORD")
}

// validate checks the mail settings; usager tells whether the licence
// account, which needs them, is configured or embedded.
func (s *SMTP) validate(dev, usager bool) error {
	if s.Addr == "" {
		if !dev && usager {
			return errors.New("-smtp-addr: required with the licence account (-usager-issuer): its links are proven by a code sent by e-mail")
		}
		if s.From != "" || s.User != "" {
			return errors.New("-smtp-from, MESPOINTS_SMTP_USER: need -smtp-addr")
		}
		return nil
	}
	if _, _, err := net.SplitHostPort(s.Addr); err != nil {
		return fmt.Errorf("-smtp-addr %q: not host:port", s.Addr)
	}
	if s.From == "" || !strings.Contains(s.From, "@") || strings.ContainsAny(s.From, "\r\n <>") {
		return fmt.Errorf("-smtp-from %q: an e-mail address is required with -smtp-addr", s.From)
	}
	return nil
}
