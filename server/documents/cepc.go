package documents

import (
	"context"
	"slices"
	"strconv"
	"time"

	wire "mespoints/api"
	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// CEPC is the certificat d'examen du permis de conduire: the certificate
// of a passed practical test, which stands as a provisional licence in
// France for 4 months from the test (exams.CEPCValidityMonths), until the
// licence is made.
const CEPC Kind = "cepc"

// CEPCFor says whether the dossier rec has a certificate to issue at now:
// the certificate of its latest passed practical test whose result is
// published, or why not, as the API's refusal (no_cepc) with a French
// message — no test passed, a result not yet published, the licence
// already in the registry, or the 4 months over.
func CEPCFor(rec store.Record, now time.Time) (exams.Certificate, *wire.Error) {
	refuse := func(msg string) (exams.Certificate, *wire.Error) {
		return exams.Certificate{}, &wire.Error{Code: wire.CodeNoCEPC, Message: msg}
	}
	if holdsB(rec.Licence) {
		return refuse("Votre permis de conduire est inscrit au fichier : il remplace le certificat d'examen, qui n'est plus délivré. " +
			"Pour prouver votre droit de conduire, téléchargez votre attestation de droits à conduire.")
	}
	if rec.Exams == nil {
		return refuse(MessageNoCEPC)
	}
	at := now.In(paris)
	s := exams.Assess(*rec.Exams, points.NewDateTime(points.DateOf(at), at.Hour(), at.Minute()))
	c, ok := s.Certificate()
	switch {
	case !ok && s.Unpublished != nil:
		return refuse("Le résultat de votre examen de conduite du " + s.Unpublished.At.Date().French() + " sera publié le " +
			exams.WhenText(s.Unpublished.ResultFrom()) + " : si vous l'avez réussi, votre certificat d'examen sera disponible ici à partir de ce moment.")
	case !ok:
		return refuse(MessageNoCEPC)
	case c.ValidUntil < s.Today():
		return refuse("Votre certificat d'examen du permis de conduire n'est plus valable depuis le " + c.ValidUntil.AddDays(1).French() +
			" : il ne vaut titre de conduite que 4 mois après l'examen. Seul votre permis vous permet désormais de conduire.")
	}
	return c, nil
}

// MessageNoCEPC is why a dossier without a passed practical test has no
// certificate.
const MessageNoCEPC = "Aucun examen de conduite réussi n'est inscrit à votre dossier : le certificat d'examen du permis de conduire (CEPC) " +
	"est délivré après la réussite à l'examen pratique, et vaut titre de conduite pendant 4 mois."

// holdsB tells whether a licence has category B (a licence that lists no
// category is taken as a B licence).
func holdsB(l *store.Licence) bool {
	if l == nil {
		return false
	}
	return len(l.Categories) == 0 || slices.ContainsFunc(l.Categories, func(c store.Category) bool { return c.Category == "B" })
}

// NewCEPC builds the certificate c of the holder of rec, issued at
// issued: the holder, the test passed (category, day, centre, result),
// and until when it stands as a provisional licence, in France only.
func NewCEPC(rec store.Record, c exams.Certificate, issued time.Time) Document {
	until := c.ValidUntil
	d := Document{
		Kind:       CEPC,
		Title:      "Certificat d'examen du permis de conduire",
		Subtitle:   "CEPC — titre de conduite provisoire, valable en France pendant 4 mois après l'examen",
		Issued:     issued,
		ValidUntil: &until,
	}
	result := "favorable, " + points.PointsFrench(c.Total) + " sur " + strconv.Itoa(exams.PracticalMax)
	d.Sections = append(d.Sections,
		holderSection(rec.Holder, true),
		Section{Heading: "Examen réussi", Facts: []Fact{
			fact("Numéro de dossier (NEPH)", rec.NEPH),
			fact("Catégorie", c.Category),
			fact("Date de l'examen", c.Date.LongFrench()),
			fact("Centre d'examen", c.Centre),
			fact("Résultat", result),
		}},
		Section{Heading: "Titre de conduite provisoire",
			Facts: []Fact{fact("Valable jusqu'au", until.LongFrench()+" inclus")},
			Lines: []string{
				"Ce certificat vous permet de conduire les véhicules de la catégorie " + c.Category + " en France, en attendant votre permis de conduire, " +
					"pendant 4 mois à compter du jour de l'examen. Il n'est pas valable à l'étranger.",
				"En cas de contrôle, présentez-le avec une pièce d'identité.",
				"Le permis qui vous sera délivré est probatoire : il est doté de 6 points.",
				"Source : " + exams.SourceCEPC.Text + ".",
			}},
		Section{Heading: "Délivrance",
			Facts: []Fact{fact("Délivré", issuedText(issued, paris))},
			Lines: []string{"Ce certificat est établi à partir du fichier national des permis de conduire tel que Mes points le détient à sa date de délivrance. " +
				"Son code de vérification permet à quiconque de contrôler son authenticité et jusqu'à quand il vaut titre de conduite."}},
	)
	obtained := c.Date
	d.Claims = Claims{
		Kind: CEPC, Issued: issued.UTC().Truncate(time.Minute), NEPH: rec.NEPH,
		FamilyName: rec.Holder.FamilyName, UsageName: rec.Holder.UsageName, GivenNames: rec.Holder.GivenNames,
		Birthdate: rec.Holder.Birthdate, State: StateValid,
		Categories: []ClaimCategory{{Name: c.Category, Obtained: obtained, Until: &until}},
		ValidUntil: &until,
	}
	return d
}

// IssueCEPC builds the certificate c of rec (given by CEPCFor), issued
// at now, and signs it.
func IssueCEPC(ctx context.Context, rec store.Record, c exams.Certificate, now time.Time, keys *signing.Keys, baseURL string) (Document, error) {
	d := NewCEPC(rec, c, now)
	if err := Sign(ctx, &d, keys, baseURL); err != nil {
		return Document{}, err
	}
	return d, nil
}
