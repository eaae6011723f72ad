package api

import (
	"net/http"

	"mespoints/server/auth"
)

// meView is the answer of GET /api/v1/me (and of a successful link).
type meView struct {
	Provider   string `json:"provider"`
	ACR        string `json:"acr"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Email      string `json:"email"`
	Linked     bool   `json:"linked"`
	NEPH       string `json:"neph,omitempty"`
	// IntegralAllowed says whether the relevé intégral may be shown: only
	// to a FranceConnect session.
	IntegralAllowed bool `json:"integral_allowed"`
}

// meOf describes the session and its account.
func meOf(sess auth.Session, acct auth.Account) meView {
	return meView{
		Provider:        sess.Provider,
		ACR:             sess.ACR,
		GivenName:       acct.GivenName,
		FamilyName:      acct.FamilyName,
		Email:           acct.Email,
		Linked:          acct.Linked(),
		NEPH:            acct.NEPH,
		IntegralAllowed: sess.Provider == auth.FranceConnect && sess.ACR != "",
	}
}

// me answers GET /api/v1/me.
func (h *Handler) me(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	writeJSON(w, r, meOf(sess, acct), nil, false)
}
