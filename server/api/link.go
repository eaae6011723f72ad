package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
)

// link answers POST /api/v1/link: the dossier number and the holder's
// date of birth. A FranceConnect session is linked at once (the /me
// answer); a licence-account session gets a code by e-mail (202
// LinkCodeSent), which POST /api/v1/link/confirm takes.
func (h *Handler) link(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	var req wire.LinkRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"neph\": \"…\", \"birthdate\": \"AAAA-MM-JJ\"}."))
		return
	}
	res, err := h.auth.Link(r.Context(), sess, req.NEPH, req.Birthdate, h.auth.ClientAddr(r))
	var mismatch *auth.IdentityMismatchError
	switch {
	case errors.As(err, &mismatch):
		who := "FranceConnect vous a " + mismatch.Pivot.Describe()
		if mismatch.Pivot.GivenNames == "" {
			who = "FranceConnect n'a pas transmis votre identité complète (noms, date et lieu de naissance)"
		}
		writeError(w, wire.Error{Code: wire.CodeIdentityMismatch,
			Message: "Ce dossier n'est pas à votre nom : " + who +
				". Un compte FranceConnect ne peut être rattaché qu'au dossier de la personne qu'il identifie."})
	case errors.Is(err, auth.ErrInvalidNEPH):
		writeError(w, invalid("Le numéro de dossier (NEPH) compte de 5 à 19 lettres et chiffres."))
	case errors.Is(err, auth.ErrInvalidBirthdate):
		writeError(w, invalid("La date de naissance doit être une date valide, au format AAAA-MM-JJ."))
	case errors.Is(err, auth.ErrDossierTaken):
		if sess.Provider == auth.FranceConnect {
			writeError(w, errDossierTakenFC)
		} else {
			writeError(w, errDossierTaken)
		}
	case errors.Is(err, auth.ErrNoContact):
		writeError(w, errNoContact)
	case err != nil:
		h.linkError(w, r, err)
	case res.Linked:
		writePlain(w, meOf(sess, res.Account, nil))
	default:
		body := wire.LinkCodeSent{Step: wire.StepCodeSent, EmailHint: res.EmailHint, Expires: res.Expires.UTC().Truncate(time.Second)}
		writeStatus(w, http.StatusAccepted, body)
	}
}

// confirmLink answers POST /api/v1/link/confirm: the code sent by e-mail
// links the account (the /me answer).
func (h *Handler) confirmLink(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	var req wire.LinkConfirmRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"code\": \"123456\"}."))
		return
	}
	linked, err := h.auth.ConfirmLink(r.Context(), sess, req.Code, h.auth.ClientAddr(r))
	switch {
	case errors.Is(err, auth.ErrInvalidCode):
		writeError(w, invalid("Le code compte 6 chiffres : recopiez-le depuis le courriel reçu."))
	case errors.Is(err, auth.ErrNoCode):
		writeError(w, errCodeExpired)
	case errors.Is(err, auth.ErrDossierTaken):
		writeError(w, errDossierTaken)
	case err != nil:
		h.linkError(w, r, err)
	default:
		writePlain(w, meOf(sess, linked, nil))
	}
}

// linkError answers the errors the two linking steps share.
func (h *Handler) linkError(w http.ResponseWriter, r *http.Request, err error) {
	var locked *auth.LockedError
	var wrong *auth.WrongAnswerError
	switch {
	case errors.As(err, &locked):
		secs := int(math.Ceil(locked.Until.Sub(h.now()).Seconds()))
		if secs < 1 {
			secs = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		msg := "Trop d'essais infructueux : par sécurité, le rattachement est bloqué pendant une heure. Réessayez après " +
			locked.Until.In(h.paris).Format("15:04") + "."
		if locked.Codes {
			msg = "Trop de codes ont été envoyés pour ce dossier en une heure : par sécurité, aucun autre ne partira avant " +
				locked.Until.In(h.paris).Format("15:04") + ". Utilisez le dernier code reçu, ou identifiez-vous avec FranceConnect."
		}
		writeError(w, wire.Error{Code: wire.CodeLocked, Message: msg, RetryAfter: secs, Until: locked.Until.UTC().Truncate(time.Second)})
	case errors.As(err, &wrong):
		e := errLinkFailed
		if wrong.Code {
			e.Message = "Ce code ne correspond pas. Vérifiez-le dans le courriel reçu et réessayez."
		}
		e.TriesLeft = wrong.TriesLeft
		writeError(w, e)
	case errors.Is(err, auth.ErrAlreadyLinked):
		writeError(w, errAlreadyLinked)
	case errors.Is(err, auth.ErrMailFailed):
		w.Header().Set("Retry-After", retryAfter)
		writeError(w, errMailFailed)
	default:
		h.internal(w, r, err)
	}
}

// unlink answers DELETE /api/v1/link, and then as GET /api/v1/me.
func (h *Handler) unlink(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	if !acct.Linked() {
		writeError(w, errNotLinked)
		return
	}
	a, err := h.auth.Unlink(r.Context(), sess)
	if errors.Is(err, auth.ErrNotLinked) {
		writeError(w, errNotLinked)
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writePlain(w, meOf(sess, a, nil))
}
