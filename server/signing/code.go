package signing

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
)

// MaxCodeLen is the longest code text Verify reads; longer is invalid at
// once.
const MaxCodeLen = 2048

// Sign signs body with the current key and returns the code's text.
func (k *Keys) Sign(ctx context.Context, body []byte) (string, error) {
	sk, err := k.current(ctx)
	if err != nil {
		return "", err
	}
	kid, err := encoding.DecodeString(sk.KID)
	if err != nil || len(kid) != KIDLen {
		return "", fmt.Errorf("signing: key id %q is damaged", sk.KID)
	}
	msg := make([]byte, 0, 1+KIDLen+len(body)+ed25519.SignatureSize)
	msg = append(msg, Version)
	msg = append(msg, kid...)
	msg = append(msg, body...)
	msg = append(msg, ed25519.Sign(sk.private(), msg)...)
	return encoding.EncodeToString(msg), nil
}

// Normalise puts a code as a person may type it (lower case, spaces,
// hyphens, line breaks between groups) in its canonical form.
func Normalise(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\n' || r == '\r' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// Verify checks code and returns the body it signs and the id of the key
// that signed it. Any code this service did not sign with a key it still
// holds gives ErrInvalid; an error reading the keys is returned as is
// (wrapping kv.ErrUnavailable when the shared state cannot answer).
func (k *Keys) Verify(ctx context.Context, code string) (body []byte, kid string, err error) {
	if len(code) > MaxCodeLen {
		return nil, "", ErrInvalid
	}
	raw, err := encoding.DecodeString(code)
	if err != nil || len(raw) < 1+KIDLen+ed25519.SignatureSize || raw[0] != Version {
		return nil, "", ErrInvalid
	}
	// The text must be the canonical one: base32 leaves a few bits of
	// the last character free, which must not make two texts of one code.
	if encoding.EncodeToString(raw) != code {
		return nil, "", ErrInvalid
	}
	kid = encoding.EncodeToString(raw[1 : 1+KIDLen])
	sk, ok, err := k.get(ctx, kid)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", ErrInvalid
	}
	n := len(raw) - ed25519.SignatureSize
	pub := sk.public()
	if kidOf(pub) != kid || !ed25519.Verify(pub, raw[:n], raw[n:]) {
		return nil, "", ErrInvalid
	}
	return raw[1+KIDLen : n], kid, nil
}
