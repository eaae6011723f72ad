package docweb

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/documents"
	"mespoints/server/ical"
	"mespoints/server/pdf"
	"mespoints/server/store"
)

// The ways on of the refusals.
var (
	toSignIn        = pageLink{Href: "/solde", Label: "Se connecter", Button: true}
	toLink          = pageLink{Href: "/rattachement", Label: "Rattacher mon dossier", Button: true}
	toDocuments     = pageLink{Href: "/documents", Label: "Retour à mes documents"}
	toFranceConnect = pageLink{Href: "/auth/franceconnect/login?retour=/documents", Label: "S'identifier avec FranceConnect", Button: true}
	toExams         = pageLink{Href: "/examens", Label: "Mes examens"}
)

// download is what a download route works on: the session and its
// dossier, read at one instant.
type download struct {
	sess auth.Session
	acct auth.Account
	rec  store.Record
}

// dossierOf reads the session and the dossier of its account, a
// licence's, or answers why there is none and returns false.
func (h *Handler) dossierOf(w http.ResponseWriter, r *http.Request) (download, bool) {
	d, ok := h.anyDossierOf(w, r)
	if ok && d.rec.Licence == nil {
		refuse(w, r, wire.Error{Code: wire.CodeNoLicence, Message: documents.MessageNoLicence}, "Pas encore de permis", toDocuments)
		return download{}, false
	}
	return d, ok
}

// anyDossierOf reads the session and the dossier of its account, a
// licence's or a candidate's, or answers why there is none and returns
// false.
func (h *Handler) anyDossierOf(w http.ResponseWriter, r *http.Request) (download, bool) {
	sess, acct, err := h.auth.Session(r)
	if errors.Is(err, auth.ErrNoSession) {
		refuse(w, r, wire.Error{Code: wire.CodeNotSignedIn,
			Message: "Vous n'êtes pas connecté, ou votre session a expiré. Connectez-vous pour obtenir vos documents."}, "Connexion nécessaire", toSignIn)
		return download{}, false
	}
	if err != nil {
		h.internal(w, r, err)
		return download{}, false
	}
	if !acct.Linked() {
		refuse(w, r, wire.Error{Code: wire.CodeNotLinked,
			Message: "Votre compte n'est rattaché à aucun dossier. Rattachez-le avec votre numéro de dossier (NEPH) et votre date de naissance."}, "Dossier non rattaché", toLink)
		return download{}, false
	}
	rec, err := h.store.Get(acct.NEPH)
	if errors.Is(err, store.ErrNotFound) {
		refuse(w, r, wire.Error{Code: wire.CodeDossierMissing, Message: "Votre dossier n'est plus disponible pour le moment. Réessayez plus tard."},
			"Dossier indisponible", toDocuments)
		return download{}, false
	}
	if err != nil {
		h.internal(w, r, err)
		return download{}, false
	}
	return download{sess: sess, acct: acct, rec: rec}, true
}

// attestationPDF is GET /documents/attestation.pdf.
func (h *Handler) attestationPDF(w http.ResponseWriter, r *http.Request) {
	h.documentPDF(w, r, documents.Attestation, "attestation-droits-a-conduire")
}

// integralPDF is GET /documents/releve-integral.pdf: FranceConnect only.
func (h *Handler) integralPDF(w http.ResponseWriter, r *http.Request) {
	h.documentPDF(w, r, documents.Integral, "releve-integral")
}

// documentPDF issues a document of kind as a PDF, audited as its issue.
func (h *Handler) documentPDF(w http.ResponseWriter, r *http.Request, kind documents.Kind, name string) {
	d, ok := h.dossierOf(w, r)
	if !ok {
		return
	}
	if kind == documents.Integral && !documents.IntegralAllowed(d.sess.Provider, d.sess.ACR) {
		refuse(w, r, wire.Error{Code: wire.CodeFranceConnectRequired, Message: documents.MessageFranceConnectRequired},
			"Relevé intégral : identification FranceConnect nécessaire", toFranceConnect, toDocuments)
		return
	}
	now := h.now()
	doc, err := documents.Issue(r.Context(), kind, d.rec, now, h.keys, h.baseURL)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	b, err := pdf.Render(doc, pdf.Options{BaseURL: h.baseURL})
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if err := h.auth.Audit(d.sess, d.rec.NEPH, "GET "+routeOf(r)); err != nil {
		h.internal(w, r, err)
		return
	}
	attach(w, "application/pdf", name+"-"+documents.Today(now).String()+".pdf", b)
}

// calendar is GET /documents/calendrier.ics: the forecast of
// restitutions.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	d, ok := h.dossierOf(w, r)
	if !ok {
		return
	}
	now := h.now()
	res, err := documents.Compute(d.rec, now)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if err := h.auth.Audit(d.sess, d.rec.NEPH, "GET "+routeOf(r)); err != nil {
		h.internal(w, r, err)
		return
	}
	attach(w, "text/calendar; charset=utf-8", "mes-points-restitutions-"+documents.Today(now).String()+".ics", ical.Forecast(d.rec.NEPH, res, now))
}

// routeOf is the route's path pattern, without its method.
func routeOf(r *http.Request) string {
	if _, path, ok := strings.Cut(r.Pattern, " "); ok {
		return path
	}
	return r.Pattern
}

// attach writes b as a download named name: a plain ASCII name, and the
// same in RFC 5987 form.
func attach(w http.ResponseWriter, contentType, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Write(b)
}
