package auth

import (
	"slices"
	"strings"
)

// AppPaths are the pages of the app a sign-in may come back to (?retour=):
// a copy of the app's routes (package app's Path constants), which a test
// keeps equal to them. The server does not import the app's package for
// them: the sign-in has no business with its components.
var AppPaths = []string{"/", "/aide/neph", "/solde", "/historique", "/calendrier", "/stage", "/simulateur", "/compte", "/rattachement", "/plus", "/permis", "/documents", "/documents/attestation", "/examens", "/examens/reserver", "/examens/reservations"}

// returnPath returns p when it is a page of the app (a path starting with
// a single "/", no scheme, host, backslash, query or fragment, in
// AppPaths), "" otherwise: the return address can never lead off the
// service.
func returnPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\?#:@%") {
		return ""
	}
	if !slices.Contains(AppPaths, p) {
		return ""
	}
	return p
}
