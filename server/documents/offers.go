package documents

import (
	"slices"
	"time"

	wire "mespoints/api"
	"mespoints/server/store"
)

// The messages of the refusals, shared by the API and the pages.
const (
	// MessageFranceConnectRequired explains why the relevé intégral needs
	// FranceConnect.
	MessageFranceConnectRequired = "Le relevé d'information intégral contient tout votre dossier : il n'est délivré qu'après une identification par FranceConnect, " +
		"qui garantit votre identité (niveau eIDAS faible ou supérieur). Vous êtes connecté avec votre compte permis de conduire : " +
		"reconnectez-vous avec FranceConnect pour l'obtenir."
	// MessageNoLicence explains why a candidate gets no document.
	MessageNoLicence = "Vous n'avez pas encore de permis de conduire : votre dossier est celui d'un candidat. " +
		"Ces documents pourront être délivrés dès que votre permis sera inscrit au fichier."
)

// integralACRs are the levels of FranceConnect that open the relevé
// intégral: eIDAS low ("eidas1") or higher.
var integralACRs = []string{"eidas1", "eidas2", "eidas3"}

// IntegralAllowed tells whether a session opened with provider at level
// acr may have the relevé intégral: FranceConnect, eidas1 or higher.
func IntegralAllowed(provider, acr string) bool {
	return provider == wire.ProviderFranceConnect && slices.Contains(integralACRs, acr)
}

// Offer is a document as a session may or may not have it.
type Offer struct {
	// Kind is the document; Calendar for the calendar file.
	Kind Kind
	// Title, Purpose and Audience say what it is, what it is for and who
	// may ask for it, in French.
	Title, Purpose, Audience string
	// Refusal is why the session may not have it, nil when it may.
	Refusal *wire.Error
}

// Calendar is the calendar file of the forecast restitutions (not a
// signed document, but offered beside them).
const Calendar Kind = "calendrier"

// Offers says, for a session opened with provider at level acr on the
// dossier rec at now, which documents it may have and why not: the
// attestation, the relevé intégral and the calendar file, then the CEPC
// when the registry holds an exam file for the dossier.
func Offers(provider, acr string, rec store.Record, now time.Time) []Offer {
	var noLicence *wire.Error
	if rec.Licence == nil {
		noLicence = &wire.Error{Code: wire.CodeNoLicence, Message: MessageNoLicence}
	}
	integral := noLicence
	if integral == nil && !IntegralAllowed(provider, acr) {
		integral = &wire.Error{Code: wire.CodeFranceConnectRequired, Message: MessageFranceConnectRequired}
	}
	offers := []Offer{
		{Kind: Attestation, Title: "Attestation de droits à conduire (ex-relevé d'information restreint)",
			Purpose: "Prouve que vous avez le droit de conduire, et avec quelles catégories, sans indiquer votre solde de points. " +
				"Valable 4 mois. Elle remplace depuis le 28 novembre 2024 le relevé d'information restreint.",
			Audience: "À remettre à un tiers qui vous la demande : loueur de véhicules, employeur, assureur, autorité étrangère pour un échange de permis.",
			Refusal:  noLicence},
		{Kind: Integral, Title: "Relevé d'information intégral",
			Purpose:  "Tout ce que le fichier contient sur votre dossier : solde de points, infractions, retraits et restitutions, stages, lettres, suspensions.",
			Audience: "Pour vous seul, ou pour un avocat ou un tribunal à qui vous choisissez de le remettre ; personne d'autre ne peut vous l'imposer.",
			Refusal:  integral},
		{Kind: Calendar, Title: "Calendrier des restitutions (fichier agenda)",
			Purpose:  "Les restitutions de points prévues, et le jour où un stage deviendrait utile, à ajouter à votre agenda (format iCalendar).",
			Audience: "Pour vous.",
			Refusal:  noLicence},
	}
	if rec.Exams != nil {
		_, refusal := CEPCFor(rec, now)
		offers = append(offers, Offer{Kind: CEPC, Title: "Certificat d'examen du permis de conduire (CEPC)",
			Purpose: "Après la réussite à l'examen pratique, il vous permet de conduire en France pendant 4 mois, en attendant votre permis. " +
				"Présentez-le avec une pièce d'identité en cas de contrôle.",
			Audience: "Les forces de l'ordre lors d'un contrôle, un loueur ou un assureur qui vous demande votre titre de conduite.",
			Refusal:  refusal})
	}
	return offers
}
