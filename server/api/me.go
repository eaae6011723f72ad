package api

import (
	"net/http"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/documents"
)

// meOf describes the session and its account: the answer of GET
// /api/v1/me and of a successful link or unlink.
func meOf(sess auth.Session, acct auth.Account) wire.Me {
	return wire.Me{
		Provider:        sess.Provider,
		ACR:             sess.ACR,
		GivenName:       acct.GivenName,
		FamilyName:      acct.FamilyName,
		Email:           acct.Email,
		Linked:          acct.Linked(),
		NEPH:            acct.NEPH,
		IntegralAllowed: documents.IntegralAllowed(sess.Provider, sess.ACR),
	}
}

// me answers GET /api/v1/me.
func (h *Handler) me(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	writeJSON(w, r, meOf(sess, acct), nil, false)
}
