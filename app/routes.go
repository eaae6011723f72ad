// Package app holds the user interface of Mes points: its pages and
// components, compiled both into the WebAssembly that runs in the browser
// and into the server, which prerenders the pages. It must not import
// net/http nor anything under server/: the browser side talks to the server
// with window.fetch.
package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Paths of the pages, shared by links and the router.
const (
	PathHome     = "/"
	PathHelpNEPH = "/aide/neph"
	PathBalance  = "/solde"
	PathHistory  = "/historique"
	PathCalendar = "/calendrier"
	PathStage    = "/stage"
	PathWhatIf   = "/simulateur"
	PathAccount  = "/compte"
	PathLink     = "/rattachement"
	PathMore     = "/plus"
	PathLicence  = "/permis"
	// PathDocuments is « Mes documents »; PathAttestation the attestation
	// kept on the device, which opens offline.
	PathDocuments   = "/documents"
	PathAttestation = "/documents/attestation"
	// PathExams, PathBook and PathBookings are a candidate's exam pages:
	// « Mes examens », « Réserver », « Mes réservations ».
	PathExams    = "/examens"
	PathBook     = "/examens/reserver"
	PathBookings = "/examens/reservations"
)

// Server routes the app leaves to with a full page load.
const (
	pathLoginUsager        = "/auth/usager/login"
	pathLoginFranceConnect = "/auth/franceconnect/login"
	pathLogout             = "/auth/logout"
)

// Routes registers every page of the app with go-app's router. Both the
// wasm entry point and the server call it, so that the server prerenders
// exactly the pages the browser shows.
func Routes() {
	app.Route(PathHome, func() app.Composer { return &Home{} })
	app.Route(PathHelpNEPH, func() app.Composer { return &HelpNEPH{} })
	app.Route(PathBalance, func() app.Composer { return &Balance{} })
	app.Route(PathHistory, func() app.Composer { return &History{} })
	app.Route(PathCalendar, func() app.Composer { return &Calendar{} })
	app.Route(PathStage, func() app.Composer { return &StagePage{} })
	app.Route(PathWhatIf, func() app.Composer { return &WhatIf{} })
	app.Route(PathAccount, func() app.Composer { return &Account{} })
	app.Route(PathLink, func() app.Composer { return &Link{} })
	app.Route(PathMore, newMore)
	app.Route(PathLicence, newLicencePage)
	app.Route(PathDocuments, func() app.Composer { return &Documents{} })
	app.Route(PathAttestation, func() app.Composer { return &Documents{kept: true} })
	app.Route(PathExams, newExams)
	app.Route(PathBook, newBook)
	app.Route(PathBookings, newBookings)
}
