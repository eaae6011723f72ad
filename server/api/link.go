package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	wire "mespoints/api"
	"mespoints/server/auth"
)

// link answers POST /api/v1/link: it links the account to the dossier
// whose number and holder's date of birth are given, and answers as
// GET /api/v1/me.
func (h *Handler) link(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	var req wire.LinkRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"neph\": \"…\", \"birthdate\": \"AAAA-MM-JJ\"}."))
		return
	}
	linked, err := h.auth.Link(sess, req.NEPH, req.Birthdate, h.auth.ClientAddr(r))
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		secs := int(math.Ceil(locked.Until.Sub(h.now()).Seconds()))
		if secs < 1 {
			secs = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, wire.Error{
			Code: wire.CodeLocked,
			Message: "Trop d'essais infructueux : par sécurité, le rattachement est bloqué pendant une heure. Réessayez après " +
				locked.Until.In(h.paris).Format("15:04") + ".",
			RetryAfter: secs,
		})
	case errors.Is(err, auth.ErrInvalidNEPH):
		writeError(w, invalid("Le numéro de dossier (NEPH) compte de 5 à 19 lettres et chiffres."))
	case errors.Is(err, auth.ErrInvalidBirthdate):
		writeError(w, invalid("La date de naissance doit être une date valide, au format AAAA-MM-JJ."))
	case errors.Is(err, auth.ErrLinkFailed):
		writeError(w, errLinkFailed)
	case errors.Is(err, auth.ErrDossierTaken):
		writeError(w, errDossierTaken)
	case errors.Is(err, auth.ErrAlreadyLinked):
		writeError(w, errAlreadyLinked)
	case err != nil:
		h.internal(w, r, err)
	default:
		if err := h.auth.Audit(sess, linked.NEPH, "link"); err != nil {
			h.internal(w, r, err)
			return
		}
		writePlain(w, meOf(sess, linked))
	}
}

// unlink answers DELETE /api/v1/link, and then as GET /api/v1/me.
func (h *Handler) unlink(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if !acct.Linked() {
		writeError(w, errNotLinked)
		return
	}
	if err := h.auth.Audit(sess, acct.NEPH, "unlink"); err != nil {
		h.internal(w, r, err)
		return
	}
	a, err := h.auth.Unlink(sess)
	if errors.Is(err, auth.ErrNotLinked) {
		writeError(w, errNotLinked)
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writePlain(w, meOf(sess, a))
}
