package api

import (
	"errors"
	"net/http"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
)

// accountLinks answers GET /api/v1/account/links: every account linked to
// the session's dossier, the session's own marked current.
func (h *Handler) accountLinks(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if !acct.Linked() {
		writeError(w, errNotLinked)
		return
	}
	list, canRemove, err := h.auth.AccountLinks(r.Context(), sess)
	if errors.Is(err, auth.ErrNotLinked) {
		writeError(w, errNotLinked)
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writeJSON(w, r, linksOf(list, canRemove), nil, false)
}

// removeLink answers DELETE /api/v1/account/links/{id}: another account's
// link to the session's dossier is removed (a proven link only may), and
// the list left is the answer.
func (h *Handler) removeLink(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if !acct.Linked() {
		writeError(w, errNotLinked)
		return
	}
	list, err := h.auth.RemoveLink(r.Context(), sess, r.PathValue("id"))
	switch {
	case errors.Is(err, auth.ErrNotLinked):
		writeError(w, errNotLinked)
	case errors.Is(err, auth.ErrNotProven):
		writeError(w, errLinkNotProven)
	case errors.Is(err, auth.ErrNoSuchLink):
		writeError(w, wire.Error{Code: wire.CodeNotFound, Message: "Aucun autre compte rattaché à votre dossier ne porte cet identifiant."})
	case err != nil:
		h.internal(w, r, err)
	default:
		writePlain(w, linksOf(list, true))
	}
}

// linksOf is the wire form of a dossier's links.
func linksOf(list []auth.LinkedAccount, canRemove bool) wire.AccountLinks {
	out := wire.AccountLinks{Links: make([]wire.LinkedAccount, 0, len(list)), CanRemove: canRemove}
	for _, l := range list {
		proof := l.Proof
		if proof == auth.ProofNone {
			proof = wire.ProofNone
		}
		out.Links = append(out.Links, wire.LinkedAccount{ID: l.ID, Provider: l.Provider,
			LinkedAt: l.LinkedAt.UTC().Truncate(time.Second), LastUsed: l.LastUsed.UTC().Truncate(time.Second),
			Proof: proof, Current: l.Current})
	}
	return out
}

// deleteAccount answers DELETE /api/v1/account: the account, its link,
// its sessions (this one too: the cookie expires), codes and notices are
// deleted.
func (h *Handler) deleteAccount(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if err := h.auth.DeleteAccount(r.Context(), sess); err != nil {
		h.internal(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	w.Header().Set("Clear-Site-Data", `"cache"`)
	writePlain(w, wire.AccountDeleted{Deleted: true})
}

// ackNotices answers POST /api/v1/me/notices/ack: the app showed the
// notices; the answer is /me without them.
func (h *Handler) ackNotices(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if err := h.auth.AckNotices(r.Context(), sess); err != nil {
		h.internal(w, r, err)
		return
	}
	writePlain(w, meOf(sess, acct, nil))
}
