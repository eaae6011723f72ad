package docweb

import (
	"errors"
	"net/http"
	"time"

	"mespoints/points"
	"mespoints/server/documents"
	"mespoints/server/store"
)

// cepcPDF is GET /documents/cepc.pdf: the certificate of a passed
// practical test, while it stands as a provisional licence; otherwise
// its French refusal (409 no_cepc).
func (h *Handler) cepcPDF(w http.ResponseWriter, r *http.Request) {
	d, ok := h.anyDossierOf(w, r)
	if !ok {
		return
	}
	now := h.now()
	c, refusal := documents.CEPCFor(d.rec, now)
	if refusal != nil {
		refuse(w, r, *refusal, "Pas de certificat d'examen à délivrer", toExams, toDocuments)
		return
	}
	doc, err := documents.IssueCEPC(r.Context(), d.rec, c, now, h.keys, h.baseURL)
	h.deliverPDF(w, r, d, doc, err, "certificat-examen-permis-"+documents.Today(now).String()+".pdf")
}

// verifyCEPC answers the verification of a certificate of a passed
// practical test: what it states, until when it stands as a provisional
// licence, and whether it still does today.
func (h *Handler) verifyCEPC(w http.ResponseWriter, r *http.Request, claims documents.Claims, now time.Time) {
	today := documents.Today(now)
	facts := holderFacts(claims)
	var exam documents.ClaimCategory
	if len(claims.Categories) > 0 {
		exam = claims.Categories[0]
	}
	facts = append(facts, documents.Fact{Label: "Examen réussi", Value: []string{"catégorie " + exam.Name + ", le " + exam.Obtained.French()}})
	status, kind := "Document authentique", "valid"
	line := "Aujourd'hui, " + today.LongFrench() + " : "
	var until points.Date
	if claims.ValidUntil != nil {
		until = *claims.ValidUntil
	}
	facts = append(facts, documents.Fact{Label: "Titre de conduite provisoire", Value: []string{"valable jusqu'au " + until.French() + " inclus, en France"}})
	if until < today {
		status, kind = "Document authentique, mais expiré", "suspended"
		line += "ce certificat ne vaut plus titre de conduite depuis le " + until.AddDays(1).French() + "."
	} else {
		line += "ce certificat vaut titre de conduite provisoire en France, jusqu'au " + until.French() + " inclus."
		rec, err := h.store.Get(claims.NEPH)
		switch {
		case err == nil && rec.Licence != nil:
			line += " Le permis de conduire de son titulaire est désormais inscrit au fichier : c'est lui qui fait foi."
		case err != nil && !errors.Is(err, store.ErrNotFound):
			h.internal(w, r, err)
			return
		}
	}
	if err := h.auth.Audit(publicSession, claims.NEPH, "GET "+routeOf(r)); err != nil {
		h.internal(w, r, err)
		return
	}
	render(w, http.StatusOK, page{Title: status, Kind: kind, Status: line,
		Paragraphs: []string{"Ce code a été signé par Mes points : les informations ci-dessous sont celles du certificat à sa délivrance. " +
			"Il vaut titre de conduite, avec une pièce d'identité, pendant 4 mois après l'examen."},
		Sections: []pageSection{{Heading: "Ce que le document atteste", Facts: facts}},
		Links:    []pageLink{{Href: "/verifier", Label: "Vérifier un autre document"}}})
}
