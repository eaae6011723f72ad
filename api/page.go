package api

// PageData is what the server writes into a dossier page (/solde,
// /historique…) it draws for a request with a live session linked to a
// dossier: the answers of GET /api/v1/me and GET /api/v1/dossier at that
// moment. The page shows the person's numbers before the WebAssembly runs,
// and the app then starts from the same answers instead of asking for
// them again. It is the JSON text of the element PageDataID, a
// <script type="application/json">, which the browser never runs.
type PageData struct {
	// Me is the answer of GET /api/v1/me (without notices: a page for a
	// person with notices is not drawn with their data).
	Me Me `json:"me"`
	// Dossier is the answer of GET /api/v1/dossier.
	Dossier Dossier `json:"dossier"`
}

// PageDataID is the id of the element holding a page's PageData.
const PageDataID = "mespoints-donnees-page"

// SignOutPendingCookie is the cookie the app sets while a sign-out made
// without network waits to be sent to the server (it holds "1", nothing
// personal): the server then draws no page with the person's data, though
// the session is still open, since the device was wiped.
const SignOutPendingCookie = "mespoints-deconnexion"
