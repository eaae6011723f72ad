package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// appNotices offers what the browser allows around the app itself: reload
// when a new version is deployed, install the app, and on iPhone and iPad
// (whose browsers give no install prompt) how to add it to the home screen.
type appNotices struct {
	app.Compo
	updateAvailable bool
	installable     bool
	apple           bool
	standalone      bool
}

// OnMount reads what the browser knows already, and starts watching for
// the network's return (a sign-out to send).
func (n *appNotices) OnMount(ctx app.Context) {
	// Every page holds the notices: once they are mounted, the page is.
	markLive()
	watchNetwork(ctx)
	n.updateAvailable = ctx.AppUpdateAvailable() && controlledAtLoad()
	n.installable = ctx.IsAppInstallable()
	n.apple = ctx.IsAppleBrowser()
	n.standalone = app.Window().Call("matchMedia", "(display-mode: standalone)").Get("matches").Bool()
}

// OnAppUpdate is called by go-app when a new version has been installed.
// On a first visit the service worker just installed takes control of the
// page, which go-app takes for an update: only a page an older version's
// service worker answered is told of a new one (issue 12, item 5).
func (n *appNotices) OnAppUpdate(ctx app.Context) {
	n.updateAvailable = ctx.AppUpdateAvailable() && controlledAtLoad()
}

// OnAppInstallChange is called when the app becomes installable or is
// installed.
func (n *appNotices) OnAppInstallChange(ctx app.Context) {
	n.installable = ctx.IsAppInstallable()
}

// Render draws the notices that apply, or nothing.
func (n *appNotices) Render() app.UI {
	return app.Div().Class("app-notices").Body(
		app.If(n.updateAvailable, func() app.UI {
			return app.P().ID("mise-a-jour").Class("banner banner-info wrap").Attr("role", "status").Body(
				app.Text("Une nouvelle version de Mes points est disponible. "),
				app.Button().Class("button button-secondary").Type("button").Text("Recharger").
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}),
		app.If(n.installable && !n.apple && !n.standalone, func() app.UI {
			return app.P().ID("installer").Class("banner banner-info wrap").Body(
				app.Text("Installez Mes points sur cet appareil pour consulter votre solde même sans réseau. "),
				app.Button().Class("button button-secondary").Type("button").Text("Installer l'application").
					OnClick(func(ctx app.Context, e app.Event) { ctx.ShowAppInstallPrompt() }),
			)
		}),
		app.If(n.apple && !n.standalone, func() app.UI {
			return app.Details().ID("installer-iphone").Class("banner banner-info wrap").Body(
				app.Summary().Text("Ajouter Mes points à l'écran d'accueil de votre iPhone ou iPad"),
				app.Ol().Body(
					app.Li().Text("Dans Safari, touchez le bouton Partager (un carré d'où sort une flèche vers le haut)."),
					app.Li().Text("Choisissez « Sur l'écran d'accueil »."),
					app.Li().Text("Touchez « Ajouter » : Mes points s'ouvre alors comme une application, même sans réseau."),
				),
			)
		}),
	)
}
