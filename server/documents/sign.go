package documents

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"mespoints/server/signing"
)

// VerifyPath is where a code is checked: VerifyPath + code.
const VerifyPath = "/verifier/"

// Sign signs d's claims with the current key and sets its code and the
// URL where it is checked (baseURL: the service's public address).
func Sign(ctx context.Context, d *Document, keys *signing.Keys, baseURL string) error {
	body, err := d.Claims.MarshalBinary()
	if err != nil {
		return err
	}
	code, err := keys.Sign(ctx, body)
	if err != nil {
		return fmt.Errorf("documents: sign: %w", err)
	}
	d.Code = code
	d.VerifyURL = strings.TrimRight(baseURL, "/") + VerifyPath + code
	return nil
}

// QRText is what a document's QR code holds: the verification URL in
// upper case when that changes nothing but the case of letters a server
// reads in any case (the scheme and host) and the path the server also
// serves in upper case (/VERIFIER/), so that the code fits the QR code's
// compact alphanumeric mode; the URL as it is otherwise.
func QRText(verifyURL string) string {
	up := strings.ToUpper(verifyURL)
	if isAlphanumeric(up) && strings.Contains(up, strings.ToUpper(VerifyPath)) {
		return up
	}
	return verifyURL
}

// Verify checks a code as a person may type or scan it and returns its
// claims and the id of the key that signed them. A code this service did
// not sign, or signed with a key now retired, gives signing.ErrInvalid;
// an error of the shared state is returned as it is.
func Verify(ctx context.Context, keys *signing.Keys, code string) (Claims, string, error) {
	body, kid, err := keys.Verify(ctx, signing.Normalise(code))
	if err != nil {
		return Claims{}, "", err
	}
	var c Claims
	if err := c.UnmarshalBinary(body); err != nil {
		// Signed, yet not claims of this version: not a document.
		return Claims{}, "", errors.Join(signing.ErrInvalid, err)
	}
	return c, kid, nil
}

// Groups writes a code in groups of 4 characters separated by spaces, to
// be read or typed.
func Groups(code string) string {
	var b strings.Builder
	for i := range len(code) {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(code[i])
	}
	return b.String()
}
