package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The ids of the messages of the states (see pagestate.go): the focus
// moves to the message when the state changes, so that a screen reader
// reads it, and the browser tests find it.
const (
	idSignedOut     = "non-connecte"
	idExpired       = "session-expiree"
	idOffline       = "hors-ligne"
	idFailed        = "erreur-service"
	idSignedOutHere = "deconnecte-ici"
	idNotLinked     = "non-rattache"
	idLoading       = "chargement"
)

// messageID is the id of the message of state s.
func messageID(s loadState) string {
	switch s {
	case stateSignedOut:
		return idSignedOut
	case stateExpired:
		return idExpired
	case stateOffline, stateNoData:
		return idOffline
	case stateFailed:
		return idFailed
	case stateSignedOutHere:
		return idSignedOutHere
	case stateNotLinked:
		return idNotLinked
	case stateLoading:
		return idLoading
	}
	return ""
}

// signInButtons are the two ways to sign in.
func signInButtons() app.UI { return signInButtonsTo("") }

// signInButtonsTo are the two ways to sign in, each coming back to the
// page retour after sign-in ("": the server's choice).
func signInButtonsTo(retour string) app.UI {
	q := ""
	if retour != "" {
		q = "?retour=" + retour
	}
	return app.Div().Class("signin").Body(
		app.P().Body(serverLink(pathLoginUsager+q, "button button-primary", "Se connecter avec mon compte permis de conduire")),
		app.Div().Class("franceconnect").Body(
			serverLink(pathLoginFranceConnect+q, "button button-fc", "S'identifier avec FranceConnect"),
			app.P().Body(
				app.A().Href("https://franceconnect.gouv.fr/").Target("_blank").Rel("noopener").
					Text("Qu'est-ce que FranceConnect ? (nouvelle fenêtre)"),
			),
		),
	)
}

// dossierPage lays out a page about the person's dossier: the notices of
// the service, the navigation when there is a dossier to show, the title,
// the message of its state, and the content. The notices and the message
// are in boxes always there, so that the other elements stay where they
// are (and keep the focus) when the state changes.
func dossierPage(current, title string, v dossierView, content func() app.UI) app.UI {
	return page(
		app.Div().Class("page-messages").Body(noticesBanner()),
		app.If(v.showsDossier(), func() app.UI { return navigation(current, v) }),
		app.H1().Text(title),
		app.Div().Class("page-messages").Body(stateMessage(v, current)),
		app.Div().Class("dossier-body").Body(stateBody(v, content)),
	)
}

// fetchedText says when the dossier shown was fetched: " du 23/08/2024 à
// 14:05", or "".
func fetchedText(v dossierView) string {
	if v.dossier == nil || v.dossier.FetchedAt.IsZero() {
		return ""
	}
	return " du " + dateTimeText(v.dossier.FetchedAt)
}

// retryButton asks the service again.
func retryButton() app.UI {
	return app.Button().ID("reessayer").Class("button button-secondary").Type("button").Text("Réessayer").
		OnClick(func(ctx app.Context, e app.Event) {
			if shown.reload != nil {
				shown.reload(ctx)
			}
		})
}

// message is the box of a state's message: focusable by script (the focus
// moves there when the state changes), announced as a status.
func message(id, class string, body ...app.UI) app.UI {
	return app.Div().ID(id).Class("banner "+class).Attr("role", "status").TabIndex(-1).Body(body...)
}

// stateMessage is what the page says of its state, above its title: why
// the dossier is not fresh, or not there, and what to do.
func stateMessage(v dossierView, current string) app.UI {
	var class, head, text string
	var action app.UI
	switch v.state {
	case stateLoading:
		if v.dossier == nil {
			return nil
		}
		return app.P().ID(idLoading).Class("status").Attr("role", "status").Text("Mise à jour de vos données…")
	case stateSignedOut:
		class, head, action = "banner-info", "Vous n'êtes pas connecté.", signInButtonsTo(current)
		text = "Connectez-vous pour consulter votre solde de points, son historique et le calendrier de restitution."
	case stateExpired:
		class, head, action = "banner-warn", "Votre session a expiré — reconnectez-vous pour mettre vos données à jour.", signInButtonsTo(current)
		text = "Aucune donnée n'est enregistrée sur cet appareil."
		if v.dossier != nil {
			text = "Ci-dessous, vos données" + fetchedText(v) + ", enregistrées sur cet appareil : le solde et le calendrier sont recalculés pour aujourd'hui."
		}
	case stateOffline:
		class, action = "banner-offline", retryButton()
		head, text = "Hors ligne — données"+fetchedText(v)+".", "Le solde et le calendrier sont recalculés pour aujourd'hui sur cet appareil."
		if v.timedOut {
			head = "Le service ne répond pas — données" + fetchedText(v) + ", enregistrées sur cet appareil."
		}
	case stateNoData:
		class, action = "banner-offline", retryButton()
		head, text = "Hors ligne : aucune donnée n'est enregistrée sur cet appareil.", "Connectez-vous quand vous aurez du réseau."
		if v.timedOut {
			head, text = "Le service Mes points ne répond pas, et aucune donnée n'est enregistrée sur cet appareil.", "Réessayez dans quelques minutes."
		}
	case stateFailed:
		class, action = "banner-error", retryButton()
		head, text = "Le service ne peut pas afficher votre dossier pour le moment.", "Réessayez dans quelques minutes."
		if v.dossier != nil {
			text += " Ci-dessous, vos données" + fetchedText(v) + ", enregistrées sur cet appareil."
		}
	case stateSignedOutHere:
		class, head = "banner-info", "Vous êtes déconnecté sur cet appareil."
		text = "Vos données ont été effacées de cet appareil. " + signOutServerText()
		action = app.P().Body(app.A().Href(PathHome).Text("Revenir à l'accueil"))
	case stateNotLinked:
		class, head = "banner-info", "Votre compte n'est pas encore rattaché à votre dossier de permis de conduire."
		action = app.P().Body(app.A().Class("button button-primary").Href(PathLink).Text("Rattacher mon dossier"))
	default:
		return nil
	}
	var body app.UI
	if text != "" {
		body = para(text)
	}
	return message(messageID(v.state), class, strongPara(head), body, action)
}

// stateBody is the page's content: the dossier when there is one to
// show, the loading line before the first answer, nothing otherwise (the
// state's message says it all).
func stateBody(v dossierView, content func() app.UI) app.UI {
	if !v.showsDossier() {
		if v.state == stateLoading {
			return app.P().ID(idLoading).Class("loading").Attr("role", "status").Text("Chargement de vos données…")
		}
		return nil
	}
	if v.dossier.Licence == nil {
		return app.Div().ID("candidat").Body(
			para("Vous n'avez pas encore de permis de conduire : votre dossier (NEPH "+v.dossier.NEPH+") est celui d'un candidat."),
			para("Votre solde de points s'affichera ici dès la délivrance de votre permis. Vous commencerez alors avec 6 points, en période probatoire."),
			app.P().Body(
				app.Text("D'ici là, "),
				app.A().Href(PathAccount).Text("Mon compte"),
				app.Text(" montre votre dossier et le compte avec lequel vous êtes connecté, "),
				app.A().Href(PathDocuments).Text("Mes documents"),
				app.Text(" votre certificat d'examen une fois l'examen de conduite réussi, et "),
				app.A().Href(PathHelpNEPH).Text("l'aide"),
				app.Text(" dit où trouver votre numéro de dossier."),
			),
		)
	}
	if !v.hasResult {
		return app.P().Class("banner banner-error").Attr("role", "alert").
			Text("Votre dossier ne permet pas de calculer le solde. Contactez le service.")
	}
	return content()
}
