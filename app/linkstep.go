package app

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// The answers of the linking form (issue 12 item 3, issue 13): a lock
// says until when, a wrong answer how many tries are left, a licence
// account gets a one-time code by e-mail to type in a second step, and
// the cases only FranceConnect resolves offer FranceConnect.

// linkErrorText is what the linking form says of an error of the API, at
// now.
func linkErrorText(e api.Error, now time.Time) string {
	switch e.Code {
	case api.CodeLocked:
		until := e.Until
		if until.IsZero() {
			until = now.Add(time.Duration(e.RetryAfter) * time.Second)
		}
		return "Rattachement bloqué " + untilText(until, now) +
			", après trop d'essais infructueux. Par sécurité, vous pourrez réessayer à partir de cette heure-là."
	case api.CodeLinkFailed:
		text := e.Message
		if text == "" {
			text = "Aucun dossier ne correspond à ces informations. Vérifiez-les."
		}
		return text + triesText(e.TriesLeft)
	case api.CodeNotSignedIn, api.CodeSessionExpired:
		return "Votre session a expiré — reconnectez-vous pour rattacher votre dossier."
	case api.CodeNoContact:
		if e.Message != "" {
			return e.Message
		}
		return "Le fichier ne connaît pas d'adresse électronique pour ce dossier : le code de confirmation ne peut pas vous être envoyé. " +
			"Identifiez-vous avec FranceConnect pour rattacher votre dossier."
	}
	if e.Message != "" {
		return e.Message
	}
	return "Le rattachement n'a pas pu être fait. Réessayez dans quelques minutes."
}

// triesText says how many wrong answers are left before the lock: ""
// when the service does not say.
func triesText(left int) string {
	switch {
	case left <= 0:
		return ""
	case left == 1:
		return " Encore 1 essai avant un blocage d'une heure."
	}
	return " Encore " + strconv.Itoa(left) + " essais avant un blocage d'une heure."
}

// offersFranceConnect tells whether FranceConnect resolves the error: no
// e-mail address to send a code to, a dossier linked to another account,
// or a FranceConnect identity that is not the holder's.
func offersFranceConnect(c api.Code) bool {
	return c == api.CodeNoContact || c == api.CodeDossierTaken || c == api.CodeIdentityMismatch
}

// answered handles the answer of POST /api/v1/link or /link/confirm.
func (p *Link) answered(ctx app.Context, res apiResponse, err error) {
	switch next := p.apply(res, err, time.Now()); next {
	case PathBalance:
		forget()
		ctx.Navigate(PathBalance)
	case "":
	default:
		if p.nav != nil {
			ctx = *p.nav
		}
		focusSoon(ctx, next)
	}
}

// apply sets the form from the answer of POST /api/v1/link or
// /link/confirm at now, and says what comes next: PathBalance when the
// dossier is linked, otherwise the id of the element to move the focus
// to.
func (p *Link) apply(res apiResponse, err error, now time.Time) string {
	p.busy, p.signIn, p.offerFC = false, false, false
	switch {
	case err == errTimeout:
		p.message = "Le service ne répond pas : le rattachement n'a pas pu être fait. Réessayez dans quelques minutes."
	case err != nil:
		p.message = "Pas de réseau : le rattachement n'a pas pu être fait. Réessayez quand vous serez connecté."
	case res.Status == 200:
		// Linked (FranceConnect in one step, or the code confirmed).
		p.started, p.message = nil, ""
		return PathBalance
	case res.Status == 202:
		var s api.LinkCodeSent
		if json.Unmarshal(res.Body, &s) != nil || s.Step != api.StepCodeSent {
			p.message = "Le rattachement n'a pas pu être fait. Réessayez dans quelques minutes."
			break
		}
		p.started, p.code, p.message = &s, "", ""
		return "code-envoye"
	default:
		e := errorOf(res)
		p.message = linkErrorText(e, now)
		p.signIn = e.Code == api.CodeNotSignedIn || e.Code == api.CodeSessionExpired
		p.offerFC = offersFranceConnect(e.Code)
	}
	return "rattachement-erreur"
}

// linkMessage is the form's error, with the sign-in or FranceConnect
// buttons when they are the way out.
func (p *Link) linkMessage() app.UI {
	if p.message == "" {
		return nil
	}
	return app.Div().ID("rattachement-erreur").Class("banner banner-error").Attr("role", "alert").TabIndex(-1).Body(
		para(p.message),
		app.If(p.signIn, func() app.UI { return signInButtonsTo(PathLink) }),
		app.If(p.offerFC && !p.signIn, func() app.UI {
			return app.P().Body(serverLink(pathLoginFranceConnect+"?retour="+PathLink, "button button-fc", "S'identifier avec FranceConnect"))
		}),
	)
}

// codeStep is the second step for a licence account: the code sent by
// e-mail.
func (p *Link) codeStep() app.UI {
	s := p.started
	expires := ""
	if !s.Expires.IsZero() {
		expires = " Il est valable " + untilText(s.Expires, time.Now()) + "."
	}
	in := app.Input().ID("code").Name("code").Type("text").Required(true).Value(p.code).OnInput(ctxValue(&p.code))
	for _, a := range [...][2]string{{"inputmode", "numeric"}, {"autocomplete", "one-time-code"}, {"pattern", "[0-9]{6}"},
		{"maxlength", "6"}, {"aria-describedby", "code-aide"}} {
		in = in.Attr(a[0], a[1])
	}
	return app.Form().ID("rattachement-code").Class("form").Method("post").OnSubmit(p.confirm).Body(
		message("code-envoye", "banner-info", para("Un code de confirmation de 6 chiffres vient d'être envoyé à l'adresse électronique du dossier, "+
			s.EmailHint+"."+expires)),
		p.linkMessage(),
		app.Div().Class("field").Body(
			app.Label().For("code").Text("Code de confirmation"),
			app.P().ID("code-aide").Class("hint").Text("Les 6 chiffres du message reçu."),
			in,
		),
		app.Button().Class("button button-primary").Type("submit").Disabled(p.busy).Text("Confirmer le rattachement"),
		app.P().Body(
			app.Button().ID("code-recommencer").Class("button button-secondary").Type("button").Text("Recommencer avec un autre numéro").
				OnClick(func(ctx app.Context, e app.Event) { p.started, p.message = nil, "" }),
		),
	)
}

// confirm sends the code.
func (p *Link) confirm(ctx app.Context, e app.Event) {
	e.PreventDefault()
	code := strings.Join(strings.Fields(p.code), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		p.message, p.signIn, p.offerFC = "Le code de confirmation compte 6 chiffres.", false, false
		focusSoon(ctx, "rattachement-erreur")
		return
	}
	body, _ := json.Marshal(api.LinkConfirmRequest{Code: code})
	p.busy, p.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("POST", "/api/v1/link/confirm", body)
		ctx.Dispatch(func(ctx app.Context) { p.answered(ctx, res, err) })
	})
}
