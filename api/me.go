package api

// Me is the answer of GET /api/v1/me, of POST /api/v1/link from
// FranceConnect, of POST /api/v1/link/confirm, of DELETE /api/v1/link and
// of POST /api/v1/me/notices/ack: who is signed in, with which service, and whether their
// account is linked to a dossier.
type Me struct {
	// Provider is the service the person signed in with: ProviderUsager
	// or ProviderFranceConnect.
	Provider string `json:"provider"`
	// ACR is the level of assurance of the sign-in, as the provider gave
	// it ("eidas1" with FranceConnect), empty when it gave none.
	ACR string `json:"acr"`
	// GivenName is the person's given name(s), as the provider gave them.
	GivenName string `json:"given_name"`
	// FamilyName is the person's family name, as the provider gave it.
	FamilyName string `json:"family_name"`
	// Email is the person's e-mail address, as the provider gave it, if
	// any.
	Email string `json:"email"`
	// Linked says whether the account is linked to a dossier: the dossier
	// routes answer CodeNotLinked until it is.
	Linked bool `json:"linked"`
	// NEPH is the number of the linked dossier; absent when not linked.
	NEPH string `json:"neph,omitempty"`
	// IntegralAllowed says whether the relevé intégral (the full official
	// record) may be shown: only to a FranceConnect sign-in.
	IntegralAllowed bool `json:"integral_allowed"`
	// Notices are what the person must be told (a link removed), absent
	// when none. They stay until POST /api/v1/me/notices/ack.
	Notices []Notice `json:"notices,omitempty"`
}

// The values of Me.Provider.
const (
	// ProviderUsager is the licence account (compte permis de conduire).
	ProviderUsager = "usager"
	// ProviderFranceConnect is FranceConnect.
	ProviderFranceConnect = "franceconnect"
)

// LinkRequest is the body of POST /api/v1/link: the two answers that
// prove the dossier is the person's.
type LinkRequest struct {
	// NEPH is the dossier number, as the person typed it: 5 to 19 letters
	// and digits; spaces and lower case are accepted.
	NEPH string `json:"neph"`
	// Birthdate is the holder's date of birth, "YYYY-MM-DD".
	Birthdate string `json:"birthdate"`
}
