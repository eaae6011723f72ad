package docweb

import (
	"errors"
	"net/http"
	"time"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/documents"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// publicSession is how a public page's view of a dossier is audited: no
// account, no provider of sign-in.
var publicSession = auth.Session{Provider: "public"}

// kindNames name the documents on the verification page.
var kindNames = map[documents.Kind]string{
	documents.Attestation: "Attestation de droits à conduire",
	documents.Integral:    "Relevé d'information intégral",
	documents.CEPC:        "Certificat d'examen du permis de conduire (CEPC)",
}

// verifyForm is GET /verifier: a form to type a code; with ?code=, the
// code's page.
func (h *Handler) verifyForm(w http.ResponseWriter, r *http.Request) {
	if code := r.URL.Query().Get("code"); code != "" {
		http.Redirect(w, r, documents.VerifyPath+signing.Normalise(code), http.StatusSeeOther)
		return
	}
	render(w, http.StatusOK, page{Title: "Vérifier un document",
		Paragraphs: []string{"Saisissez le code de vérification imprimé sous le QR code d'une attestation de droits à conduire, d'un relevé d'information intégral " +
			"ou d'un certificat d'examen du permis de conduire délivrés par Mes points."},
		Form: &pageForm{Action: "/verifier", Label: "Code de vérification", Hint: "Les espaces et les tirets entre les groupes de 4 caractères ne comptent pas.", Button: "Vérifier"}})
}

// verify is GET /verifier/{code}: "Document authentique" with what the
// code states and whether the licence is valid today, or "Document non
// reconnu" (404) for any code not signed by a key the service holds.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	claims, _, err := documents.Verify(r.Context(), h.keys, r.PathValue("code"))
	if errors.Is(err, signing.ErrInvalid) {
		render(w, http.StatusNotFound, page{Title: "Document non reconnu", Kind: "invalid", Alert: true,
			Paragraphs: []string{"Ce code ne correspond à aucun document délivré par Mes points : il est inexact, incomplet ou altéré, " +
				"ou la clé qui l'a signé a été retirée. Ne vous fiez pas au document qui le porte."},
			Links: []pageLink{{Href: "/verifier", Label: "Saisir un autre code"}}})
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	now := h.now()
	if claims.Kind == documents.CEPC {
		h.verifyCEPC(w, r, claims, now)
		return
	}
	today := documents.Today(now)
	facts := append(holderFacts(claims),
		documents.Fact{Label: "Catégories", Value: categoryLines(claims.Categories)},
		documents.Fact{Label: "Droit à conduire à la délivrance", Value: []string{documents.StateSentence(documents.State{Kind: claims.State, Date: claims.StateDate}, claims.Kind == documents.Integral)}},
	)
	if claims.Kind == documents.Integral {
		facts = append(facts, documents.Fact{Label: "Solde à la délivrance", Value: []string{points.PointsFrench(claims.Balance) + " sur " + points.PointsFrench(claims.Ceiling)}})
	}
	status, kind := "Document authentique", "valid"
	if v := claims.ValidUntil; v != nil {
		line := "jusqu'au " + v.French()
		if *v < today {
			line = "expiré depuis le " + v.AddDays(1).French()
			status, kind = "Document authentique, mais expiré", "suspended"
		}
		facts = append(facts, documents.Fact{Label: "Validité du document", Value: []string{line}})
	}
	todayLine, todayKind, err := h.stateToday(claims.NEPH, now)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if err := h.auth.Audit(publicSession, claims.NEPH, "GET "+routeOf(r)); err != nil {
		h.internal(w, r, err)
		return
	}
	if kind == "valid" {
		kind = todayKind
	}
	render(w, http.StatusOK, page{Title: status, Kind: kind,
		Status: todayLine,
		Paragraphs: []string{"Ce code a été signé par Mes points : les informations ci-dessous sont celles du document à sa délivrance. " +
			"La ligne ci-dessus dit la validité du permis aujourd'hui, d'après le fichier que Mes points détient."},
		Sections: []pageSection{{Heading: "Ce que le document atteste", Facts: facts}},
		Links:    []pageLink{{Href: "/verifier", Label: "Vérifier un autre document"}}})
}

// holderFacts are the document's kind, its issue and its holder, as a
// code states them.
func holderFacts(claims documents.Claims) []documents.Fact {
	facts := []documents.Fact{
		{Label: "Document", Value: []string{kindNames[claims.Kind]}},
		{Label: "Délivré le", Value: []string{documents.MomentText(claims.Issued)}},
		{Label: "Nom de naissance", Value: []string{claims.FamilyName}},
	}
	if claims.UsageName != "" {
		facts = append(facts, documents.Fact{Label: "Nom d'usage", Value: []string{claims.UsageName}})
	}
	return append(facts,
		documents.Fact{Label: "Prénoms", Value: []string{claims.GivenNames}},
		documents.Fact{Label: "Date de naissance", Value: []string{claims.Birthdate.French()}},
		documents.Fact{Label: "Numéro de dossier (NEPH)", Value: []string{claims.NEPH}},
	)
}

// stateToday says whether the licence of dossier neph is valid today,
// from the records this node holds, and the stylesheet's kind of it.
func (h *Handler) stateToday(neph string, now time.Time) (string, string, error) {
	today := documents.Today(now)
	prefix := "Aujourd'hui, " + today.LongFrench() + " : "
	rec, err := h.store.Get(neph)
	if errors.Is(err, store.ErrNotFound) {
		return prefix + "ce dossier n'est pas dans le fichier que Mes points détient ; la validité du permis ne peut pas être vérifiée.", "suspended", nil
	}
	if err != nil {
		return "", "", err
	}
	res, err := documents.Compute(rec, now)
	if err != nil {
		return "", "", err
	}
	st, ok := documents.StateOn(rec, res, today)
	if !ok {
		return prefix + "le dossier ne porte pas de permis.", "invalid", nil
	}
	kind := "valid"
	switch st.Kind {
	case documents.StateAnnulled, documents.StateInvalid:
		kind = "invalid"
	case documents.StateSuspended:
		kind = "suspended"
	}
	return prefix + "permis " + documents.StateSentence(st, false) + ".", kind, nil
}

// categoryLines writes the categories of a code, one a line.
func categoryLines(cats []documents.ClaimCategory) []string {
	if len(cats) == 0 {
		return []string{"non précisées"}
	}
	out := make([]string, len(cats))
	for i, c := range cats {
		line := c.Name + " — obtenue le " + c.Obtained.French()
		if c.Until != nil {
			line += ", valable jusqu'au " + c.Until.French()
		}
		out[i] = line
	}
	return out
}

// jwks is GET /.well-known/mespoints-keys.json: the public keys of the
// codes, for anyone to check a code offline.
func (h *Handler) jwks(w http.ResponseWriter, r *http.Request) {
	b, err := h.keys.MarshalJWKS(r.Context())
	if err != nil {
		h.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(b)
}
