package auth

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"mespoints/server/mail"
)

// One-time codes of a licence-account link (issue 13, item 3): 6 digits
// drawn uniformly (10⁶ values, 19.9 bits), valid 15 minutes, single use,
// stored as a keyed hash; a wrong code counts as a wrong answer of the
// linking form (see the limits). At most MaxCodesPerDossier are sent for
// one dossier in an hour, so that the holder's mailbox cannot be flooded.
const (
	CodeLifetime       = 15 * time.Minute
	codeDigits         = 6
	MaxCodesPerDossier = 5
	codesWindow        = time.Hour
)

// pendingCode is the entry auth/code/<account>.
type pendingCode struct {
	NEPH    string    `json:"neph,omitempty"`
	Hash    string    `json:"hash,omitempty"`
	Expires time.Time `json:"expires,omitzero"`
	Used    bool      `json:"used,omitempty"`
}

// codesSent is the entry auth/codes-for/<NEPH>.
type codesSent struct {
	Sent []time.Time `json:"sent"`
}

// newCode draws a code.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return fmt.Sprintf("%0*d", codeDigits, n.Int64())
}

// normaliseCode returns the code as typed without spaces, and false when
// it is not 6 digits.
func normaliseCode(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\t' {
			return -1
		}
		return r
	}, s)
	if len(s) != codeDigits {
		return "", false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return s, true
}

// MaskEmail shows an address as the linking form does: its first letter,
// the first letter of its domain and the domain's last label
// ("camille.lefevre@example.fr" → "c•••••@e•••.fr"), enough for its owner
// to recognise it, not enough to learn it.
func MaskEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || domain == "" {
		return "•••••"
	}
	first := func(s string) string {
		for _, r := range s {
			return string(r)
		}
		return ""
	}
	tld := ""
	if i := strings.LastIndex(domain, "."); i >= 0 && i < len(domain)-1 {
		tld = domain[i:]
	}
	return first(local) + "•••••@" + first(domain) + "•••" + tld
}

// codeMessage is the e-mail that carries a code: French, no dossier
// number.
func codeMessage(to, code string, expires time.Time) mail.Message {
	return mail.Message{
		To:      to,
		Subject: "Votre code de rattachement Mes points",
		Body: "Bonjour,\n\n" +
			"Une personne connectée à Mes points avec un compte permis de conduire demande à rattacher votre dossier de permis de conduire à son compte.\n\n" +
			"Votre code : " + code + "\n\n" +
			"Il est valable 15 minutes, jusqu'à " + expires.Format("15:04") + " (heure de Paris), et ne sert qu'une fois. Saisissez-le sur la page de rattachement de Mes points.\n\n" +
			"Si vous n'êtes pas à l'origine de cette demande, ne communiquez ce code à personne : quelqu'un connaît votre numéro de dossier et votre date de naissance. " +
			"Identifiez-vous sur Mes points avec FranceConnect : votre dossier vous sera rattaché aussitôt, l'autre compte en sera détaché, et « Mon compte » vous montrera les comptes qui y ont accès.\n\n" +
			"— Mes points\n",
	}
}
