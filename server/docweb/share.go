package docweb

import (
	"errors"
	"net/http"

	"mespoints/server/documents"
	"mespoints/server/shares"
	"mespoints/server/store"
)

// shareForm is GET /partage: a form to type a share code; with ?code=,
// the code's page.
func (h *Handler) shareForm(w http.ResponseWriter, r *http.Request) {
	if code := r.URL.Query().Get("code"); code != "" {
		target := "/partage/"
		if canon, ok := shares.Normalise(code); ok {
			target += shares.Groups(canon)
		} else {
			target += "inconnu"
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	render(w, http.StatusOK, page{Title: "Consulter un code de partage",
		Paragraphs: []string{"Le titulaire d'un permis vous a donné un code de partage : saisissez-le pour voir son attestation de droits à conduire, tant que le code est valable."},
		Form:       &pageForm{Action: "/partage", Label: "Code de partage", Hint: "20 caractères, par groupes de 4 ; les tirets et les espaces ne comptent pas.", Button: "Consulter"}})
}

// share is GET /partage/{code}: while the code lives, what the
// attestation says today — never the points — and the day the code
// expires; "Code expiré ou révoqué" (410) once it does not, "Code non
// reconnu" (404) for a code never made, and 429 after too many of those
// from one address.
func (h *Handler) share(w http.ResponseWriter, r *http.Request) {
	again := pageLink{Href: "/partage", Label: "Saisir un autre code"}
	sh, err := h.shares.Use(r.Context(), r.PathValue("code"), h.auth.ClientAddr(r))
	switch {
	case errors.Is(err, shares.ErrGone):
		render(w, http.StatusGone, page{Title: "Code expiré ou révoqué", Alert: true,
			Paragraphs: []string{"Ce code de partage n'est plus valable : sa durée est écoulée, ou son titulaire l'a révoqué."}})
		return
	case errors.Is(err, shares.ErrUnknown):
		render(w, http.StatusNotFound, page{Title: "Code non reconnu", Alert: true,
			Paragraphs: []string{"Aucun code de partage ne correspond à ce que vous avez saisi. Vérifiez-le auprès de la personne qui vous l'a donné."},
			Links:      []pageLink{again}})
		return
	case errors.Is(err, shares.ErrLimited):
		w.Header().Set("Retry-After", "3600")
		render(w, http.StatusTooManyRequests, page{Title: "Trop d'essais", Alert: true,
			Paragraphs: []string{"Trop de codes inconnus ont été saisis depuis votre connexion. Réessayez dans une heure."}})
		return
	case err != nil:
		h.internal(w, r, err)
		return
	}
	now := h.now()
	rec, err := h.store.Get(sh.NEPH)
	if errors.Is(err, store.ErrNotFound) {
		render(w, http.StatusNotFound, page{Title: "Dossier indisponible", Alert: true,
			Paragraphs: []string{"Le dossier de ce code n'est plus dans le fichier que Mes points détient."}})
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	res, err := documents.Compute(rec, now)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	d, err := documents.NewAttestation(rec, res, now)
	if errors.Is(err, documents.ErrNoLicence) {
		render(w, http.StatusConflict, page{Title: "Pas de permis", Alert: true, Paragraphs: []string{"Le dossier de ce code ne porte pas de permis de conduire."}})
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if err := h.auth.Audit(publicSession, sh.NEPH, "GET "+routeOf(r)); err != nil {
		h.internal(w, r, err)
		return
	}
	// The attestation's sections, but the code's own validity for its
	// issue: the page is read live, as long as the code lives.
	sections := sectionsOf(d)
	sections[len(sections)-1] = pageSection{Heading: "Code de partage", Facts: []documents.Fact{
		{Label: "Consulté le", Value: []string{documents.MomentText(now)}},
		{Label: "Valable jusqu'au", Value: []string{documents.MomentText(sh.Expires)}},
	}, Lines: []string{"Ces informations sont lues aujourd'hui dans le fichier national des permis de conduire tel que Mes points le détient. " +
		"Le titulaire peut révoquer ce code à tout moment ; il voit quand il a été utilisé, jamais par qui."}}
	render(w, http.StatusOK, page{Title: "Attestation de droits à conduire", Kind: "valid",
		Status:     "Code de partage valable jusqu'au " + documents.MomentText(sh.Expires) + ".",
		Paragraphs: []string{"Ce que le fichier national des permis de conduire dit aujourd'hui du permis de son titulaire :"},
		Sections:   sections})
}
