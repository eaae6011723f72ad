package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// HelpNEPH explains where a driver finds their dossier number (NEPH).
//
// Where the number is, as public sources give it (read in 2026):
//   - service-public.fr (DILA, « Consulter les informations du permis de
//     conduire », checked 2 October 2024, as republished at
//     https://www.foug.fr/fr/demarches-administratives.html?ref=1&ecomarquage_flex%5Bxml%5D=R17121.xml):
//     the NEPH has 5 to 19 characters and is on the licence, on the
//     letters about the loss or recovery of points, and on the relevé
//     d'information restreint (RIR) or intégral (RII);
//   - the card-format licence (since 2013): on the back, top left, on two
//     lines above the place of the chip — not the number of field 5 on
//     the front, the number of the card itself
//     (https://www.vroomly.com/blog/ou-se-trouve-le-numero-de-permis/,
//     https://mtm-france.com/ou-trouver-votre-numero-de-permis-de-conduire,
//     https://www.lemagdelauto.com/dossier-570-trouve-numero-permis-conduire.html,
//     https://www.tomsguide.fr/ou-se-trouve-le-numero-de-permis-sur-le-nouveau-permis/);
//   - the old pink licence: on the first flap, field 5, left of the photo
//     (same sources);
//   - the attestation d'inscription of a candidate (same sources).
//
// The illustration is the project's own drawing (neph_card.go).
type HelpNEPH struct {
	app.Compo
}

// OnNav sets the page title.
func (h *HelpNEPH) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Où trouver mon numéro de dossier ? — " + siteName)
}

// Render draws the help page.
func (h *HelpNEPH) Render() app.UI {
	return page(
		app.H1().Text("Où trouver mon numéro de dossier (NEPH) ?"),
		app.P().Text("Le numéro de dossier, ou NEPH (numéro d'enregistrement préfectoral harmonisé), "+
			"identifie votre dossier de permis de conduire. Il compte de 5 à 19 lettres et chiffres, "+
			"le plus souvent 12 chiffres."),
		app.H2().Text("Sur votre permis au format carte"),
		app.P().Body(
			app.Text("Retournez la carte : le numéro est "),
			app.Strong().Text("au verso, en haut à gauche"),
			app.Text(", sur deux lignes de chiffres, au-dessus de l'emplacement de la puce."),
		),
		nephCard(),
		app.P().Text("Le numéro inscrit au recto, à la rubrique 5, est celui de la carte elle-même : "+
			"ce n'est pas forcément votre numéro de dossier."),
		app.H2().Text("Ailleurs"),
		app.Ul().ID("ou-trouver").Body(
			app.Li().Body(app.Strong().Text("Sur l'ancien permis rose en carton"), app.Text(" : sur le premier volet, à la rubrique 5, à gauche de la photo.")),
			app.Li().Body(app.Strong().Text("Sur les lettres concernant vos points"), app.Text(" envoyées par le ministère de l'Intérieur (lettres 48, 48M, 48N, 48SI, 46, 47) : c'est le numéro de votre permis qui y figure.")),
			app.Li().Body(app.Strong().Text("Sur votre relevé d'information"), app.Text(" restreint ou intégral.")),
			app.Li().Body(app.Strong().Text("Si vous passez l'examen"), app.Text(" : sur votre attestation d'inscription au permis de conduire ; votre auto-école le connaît aussi.")),
		),
		app.P().Text("Pour des raisons de sécurité, ce numéro ne figure jamais dans l'adresse des pages de Mes points."),
		app.P().Body(app.A().Href(PathHome).Text("Retour à l'accueil")),
	)
}
