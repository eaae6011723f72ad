package api

import (
	"net/http"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/documents"
)

// meOf describes the session and its account: the answer of GET
// /api/v1/me and of a successful link or unlink.
func meOf(sess auth.Session, acct auth.Account, notices []auth.Notice) wire.Me {
	var ns []wire.Notice
	for _, n := range notices {
		ns = append(ns, wire.Notice{Code: n.Code, Message: n.Message})
	}
	return wire.Me{
		Notices:         ns,
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

// me answers GET /api/v1/me, with the notices the account has not
// acknowledged yet.
func (h *Handler) me(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	notices, err := h.auth.Notices(r.Context(), sess)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writeJSON(w, r, meOf(sess, acct, notices), nil, false)
}
