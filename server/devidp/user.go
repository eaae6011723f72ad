package devidp

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// realm is one of the provider's two faces.
type realm string

const (
	realmUsager        realm = "usager"
	realmFranceConnect realm = "franceconnect"
)

// User is a demo persona as the provider knows them. The identity claims
// must equal the holder of the persona's demo dossier, so that
// FranceConnect's identity pivot links it without a form.
type User struct {
	// Login is the name typed on the login page (and the licence
	// account's preferred_username).
	Login string
	// GivenNames are all the given names, separated by spaces.
	GivenNames string
	// FamilyName is the birth name.
	FamilyName string
	// UsageName is the name in use, if other (FranceConnect's
	// preferred_username).
	UsageName string
	// Birthdate is YYYY-MM-DD.
	Birthdate string
	// Birthplace is the INSEE code of the commune of birth, empty when
	// born abroad.
	Birthplace string
	// Birthcountry is the INSEE code of the country of birth (99100 for
	// France).
	Birthcountry string
	// Gender is "female" or "male".
	Gender string
	// Email is the e-mail address.
	Email string
	// Description says in French what the persona's dossier shows, for
	// the login page.
	Description string
}

// subject is the user's stable subject at a realm: a hash of the realm
// and the login, so that it survives restarts (the accounts in the store
// stay linked) and differs between realms, as pairwise subjects do.
// FranceConnect's are 64 hexadecimal characters, like the real ones.
func (u User) subject(r realm) string {
	h := sha256.Sum256([]byte(string(r) + "\x00" + u.Login))
	if r == realmFranceConnect {
		return hex.EncodeToString(h[:])
	}
	s := hex.EncodeToString(h[:16])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// displayName is how the login page names the user.
func (u User) displayName() string {
	first := strings.Fields(u.GivenNames)
	name := u.FamilyName
	if u.UsageName != "" {
		name = u.UsageName
	}
	if len(first) == 0 {
		return name
	}
	return first[0] + " " + name
}

// franceConnectScopes are the scopes of FranceConnect's identity pivot,
// each giving the claim of the same name.
var franceConnectScopes = []string{"given_name", "family_name", "birthdate", "birthplace", "birthcountry", "gender", "email", "preferred_username"}

// claims returns the claims the scopes give of the user at a realm. The
// licence account (a Keycloak realm) gives sub, the name (profile) and
// e-mail (email); FranceConnect gives sub and the pivot claims asked for.
func (u User) claims(r realm, scopes []string) map[string]any {
	c := map[string]any{"sub": u.subject(r)}
	if r == realmUsager {
		if slices.Contains(scopes, "profile") {
			first := strings.Fields(u.GivenNames)
			given := u.GivenNames
			if len(first) > 0 {
				given = first[0]
			}
			family := u.FamilyName
			if u.UsageName != "" {
				family = u.UsageName
			}
			c["given_name"], c["family_name"] = given, family
			c["name"] = given + " " + family
			c["preferred_username"] = u.Login
		}
		if slices.Contains(scopes, "email") && u.Email != "" {
			c["email"], c["email_verified"] = u.Email, true
		}
		return c
	}
	values := map[string]string{
		"given_name": u.GivenNames, "family_name": u.FamilyName, "birthdate": u.Birthdate,
		"birthplace": u.Birthplace, "birthcountry": u.Birthcountry, "gender": u.Gender,
		"email": u.Email, "preferred_username": u.UsageName,
	}
	for _, s := range scopes {
		if v, ok := values[s]; ok && (v != "" || s == "birthplace") {
			c[s] = v
		}
	}
	return c
}
