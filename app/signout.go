package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Signing out (issue 12, item 4). The device is wiped at once, whatever
// the network. With the service reachable, the form goes on to the server
// (POST /auth/logout), which ends the session and, for FranceConnect,
// FranceConnect's own. Without it, the page says the person is signed out
// on this device, and the server-side sign-out is remembered (the time it
// was asked, nothing personal) and sent with fetch as soon as the network
// comes back (the browser's "online" event, or the next start of the
// app). A pending sign-out older than a session's longest life (12 hours)
// is dropped: the session has ended by itself.

// signOutPendingKey is the localStorage key of a sign-out not yet sent to
// the server: it holds the time it was asked (RFC 3339).
const signOutPendingKey = "mespoints.deconnexion-en-attente"

// sessionLifetime is the longest a session lives on the server.
const sessionLifetime = 12 * time.Hour

// setSignOutPending remembers a sign-out not yet sent to the server, asked
// at the time at (RFC 3339), or forgets it when at is "". The server is
// told too, by the cookie api.SignOutPendingCookie (it holds nothing
// personal), so that it draws no page with the person's data meanwhile:
// the device was wiped, though the session is still open.
func setSignOutPending(at string) {
	writeLocal(signOutPendingKey, at)
	setSignOutCookie(at != "", sessionLifetime)
}

// signOutPhase says where a sign-out made offline stands.
type signOutPhase int

const (
	// signOutWaiting: no network: the server will be told later.
	signOutWaiting signOutPhase = iota
	// signOutSent: the server was told; the session is closed there too.
	signOutSent
)

// signOutNow is the phase of the sign-out made in this run of the app.
var signOutNow signOutPhase

// signOutBusy is set while the app checks that the service answers,
// before it goes on to the server.
var signOutBusy bool

// signOutForm is the sign-out button. Before the app runs it is a plain
// form posted to the server.
func signOutForm() app.UI {
	label := "Se déconnecter"
	if signOutBusy {
		label = "Déconnexion…"
	}
	return app.Form().ID("deconnexion").Method("post").Action(pathLogout).OnSubmit(signOut).
		Body(app.Button().Class("button button-secondary").Type("submit").Disabled(signOutBusy).Text(label))
}

// signOut wipes the device at once, then goes on to the server when it
// answers, or says the person is signed out on this device when it does
// not.
func signOut(ctx app.Context, e app.Event) {
	e.PreventDefault()
	forget()
	setSignOutPending(time.Now().UTC().Format(time.RFC3339))
	if !navigatorOnline() {
		signedOutOffline()
		return
	}
	signOutBusy = true
	ctx.Async(func() {
		err := probeService()
		ctx.Dispatch(func(ctx app.Context) {
			signOutBusy = false
			if err == nil {
				// The form, still on the page, goes on to the server,
				// which ends the session (and FranceConnect's).
				setSignOutPending("")
				submitForm("deconnexion")
				return
			}
			signedOutOffline()
		})
	})
}

// signedOutOffline shows that the person is signed out on this device,
// the server-side sign-out waiting for the network.
func signedOutOffline() {
	signOutNow = signOutWaiting
	showState(dossierView{state: stateSignedOutHere})
	if shown.ctx != nil {
		focusSoon(*shown.ctx, idSignedOutHere)
	}
}

// showState sets the view of the page on screen and draws it again.
func showState(v dossierView) {
	if shown.set == nil {
		return
	}
	shown.set(v)
	if shown.ctx != nil {
		shown.ctx.Dispatch(nil)
	}
}

// signOutPending tells whether a sign-out waits to be sent to the server,
// and drops one older than a session's life.
func signOutPending(now time.Time) bool {
	v := readLocal(signOutPendingKey)
	if v == "" {
		return false
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil || now.Sub(at) > sessionLifetime {
		setSignOutPending("")
		return false
	}
	return true
}

// sendPendingSignOut sends a pending sign-out to the server, and tells
// whether none is pending any more. It must run outside the UI goroutine.
func sendPendingSignOut() bool {
	if !signOutPending(time.Now()) {
		return true
	}
	if postSignOut() != nil {
		return false
	}
	setSignOutPending("")
	signOutNow = signOutSent
	return true
}

// watchStarted is set once the app watches for the network's return.
var watchStarted bool

// watchNetwork sends a pending sign-out now and each time the network
// comes back, and then tells the page. It runs once per start of the app.
func watchNetwork(ctx app.Context) {
	if watchStarted {
		return
	}
	watchStarted = true
	resend := func() {
		if readLocal(signOutPendingKey) == "" {
			return
		}
		if sendPendingSignOut() && shown.ctx != nil {
			shown.ctx.Dispatch(nil)
		}
	}
	onOnline(resend)
	ctx.Async(resend)
}

// leaveForServer is the click on a link to a server route (sign-in): the
// browser follows it itself, out of the app's router; a sign-out still
// pending is sent first, so that it cannot end the new session.
func leaveForServer(ctx app.Context, e app.Event) {
	e.Call("stopPropagation")
	if readLocal(signOutPendingKey) == "" {
		return
	}
	e.PreventDefault()
	href := ctx.JSSrc().Call("getAttribute", "href").String()
	ctx.Async(func() {
		sendPendingSignOut()
		goTo(href)
	})
}

// signOutServerText says where the server-side sign-out of a sign-out
// made offline stands.
func signOutServerText() string {
	if signOutNow == signOutSent {
		return "Votre session est aussi fermée sur le serveur."
	}
	return "Sans réseau, le serveur n'a pas encore pu être prévenu : votre session y sera fermée dès le retour du réseau."
}

// pathLogoutEverywhere signs out every device of the account.
const pathLogoutEverywhere = "/auth/logout-everywhere"

// signOutEverywhereForm signs out every device: this one is wiped at once,
// then the form goes to the server. It needs the network: without one it
// says so and does nothing.
func signOutEverywhereForm() app.UI {
	return app.Form().ID("deconnexion-partout").Method("post").Action(pathLogoutEverywhere).
		OnSubmit(func(ctx app.Context, e app.Event) {
			if !navigatorOnline() {
				e.PreventDefault()
				focusSoon(ctx, "deconnexion-partout-erreur")
				signOutEverywhereOffline = true
				return
			}
			forget()
		}).
		Body(
			app.P().Class("hint").Text("Un téléphone perdu, un ordinateur partagé ? Fermez vos sessions sur tous les appareils où vous vous êtes connecté."),
			app.If(signOutEverywhereOffline, func() app.UI {
				return app.P().ID("deconnexion-partout-erreur").Class("banner banner-error").Attr("role", "alert").TabIndex(-1).
					Text("Sans réseau, vos autres appareils ne peuvent pas être déconnectés. Réessayez quand vous aurez du réseau.")
			}),
			app.Button().Class("button button-secondary").Type("submit").Text("Se déconnecter de tous les appareils"),
		)
}

// signOutEverywhereOffline is set when the person asked to sign out
// everywhere with no network.
var signOutEverywhereOffline bool
