package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/shares"
)

// The errors of the share codes.
var (
	errShareNotFound = wire.Error{Code: wire.CodeShareNotFound,
		Message: "Ce code de partage n'existe pas, ou n'est pas l'un des vôtres."}
	errTooManyShares = wire.Error{Code: wire.CodeTooManyShares,
		Message: "Vous avez déjà " + strconv.Itoa(shares.MaxLive) + " codes de partage en cours : révoquez-en un avant d'en créer un autre."}
)

// sharePath is the public page a share code opens.
const sharePath = "/partage/"

// createShare answers POST /api/v1/shares: a code for the dossier, living
// {"days": 1–90} days (21 when absent).
func (h *Handler) createShare(w http.ResponseWriter, r *http.Request, v view) {
	if v.rec.Licence == nil {
		writeError(w, errNoLicence)
		return
	}
	var req wire.ShareRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"days\": nombre de jours, de 1 à 90}."))
		return
	}
	days := shares.DefaultDays
	if req.Days != nil {
		days = *req.Days
	}
	code, sh, err := h.shares.Create(r.Context(), v.acct.ID, v.rec.NEPH, days)
	switch {
	case errors.Is(err, shares.ErrDays):
		writeError(w, invalid("Un code de partage vaut de 1 à 90 jours."))
		return
	case errors.Is(err, shares.ErrTooMany):
		writeError(w, errTooManyShares)
		return
	case err != nil:
		h.internal(w, r, err)
		return
	}
	writePlain(w, wire.ShareCreated{ID: sh.ID, Code: shares.Groups(code), URL: h.baseURL + sharePath + shares.Groups(code), Expires: sh.Expires})
}

// listShares answers GET /api/v1/shares: the person's codes and their
// uses.
func (h *Handler) listShares(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	list, err := h.shares.List(r.Context(), acct.ID)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	out := wire.Shares{Shares: make([]wire.Share, len(list))}
	for i, sh := range list {
		out.Shares[i] = wireShare(sh, h.now())
	}
	writeJSON(w, r, out, nil, false)
}

// revokeShare answers DELETE /api/v1/shares/{id}: the share, revoked.
func (h *Handler) revokeShare(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
	sh, err := h.shares.Revoke(r.Context(), acct.ID, r.PathValue("id"))
	switch {
	case errors.Is(err, shares.ErrUnknown):
		writeError(w, errShareNotFound)
		return
	case err != nil:
		h.internal(w, r, err)
		return
	}
	writePlain(w, wireShare(sh, h.now()))
}

// wireShare is a share as its owner sees it at now.
func wireShare(sh shares.Share, now time.Time) wire.Share {
	state := wire.ShareLive
	switch {
	case sh.Revoked != nil:
		state = wire.ShareRevoked
	case !sh.Live(now):
		state = wire.ShareExpired
	}
	return wire.Share{ID: sh.ID, Created: sh.Created, Expires: sh.Expires, Revoked: sh.Revoked, State: state, Uses: sh.Uses}
}
