package api

import (
	"encoding/json"
	"net/http"
)

// apiError is the body of every error of the API: a stable code for the
// app, and a French message for the person.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// RetryAfter is set with the code "locked": seconds until the lock ends.
	RetryAfter int `json:"retry_after,omitempty"`
}

// The errors of the API, by code. The status goes with the code.
var (
	errNotSignedIn = apiError{Code: "not_signed_in",
		Message: "Vous n'êtes pas connecté, ou votre session a expiré. Connectez-vous pour continuer."}
	errNotLinked = apiError{Code: "not_linked",
		Message: "Votre compte n'est rattaché à aucun dossier. Rattachez-le avec votre numéro de dossier (NEPH) et votre date de naissance."}
	errNoLicence = apiError{Code: "no_licence",
		Message: "Aucun permis n'est encore enregistré sur ce dossier : le solde de points commence à l'obtention du permis."}
	errDossierMissing = apiError{Code: "dossier_missing",
		Message: "Votre dossier n'est plus disponible pour le moment. Réessayez plus tard."}
	errLinkFailed = apiError{Code: "link_failed",
		Message: "Le numéro de dossier ou la date de naissance ne correspond pas. Vérifiez-les et réessayez."}
	errDossierTaken = apiError{Code: "dossier_taken",
		Message: "Ce dossier est déjà rattaché à un autre compte utilisant ce mode de connexion. Connectez-vous avec ce compte, ou détachez-le depuis celui-ci."}
	errAlreadyLinked = apiError{Code: "already_linked",
		Message: "Votre compte est déjà rattaché à un dossier. Détachez-le d'abord depuis « Mon compte »."}
	errCrossOrigin = apiError{Code: "cross_origin",
		Message: "Cette demande vient d'un autre site : par sécurité, elle est refusée."}
	errNotFound = apiError{Code: "not_found",
		Message: "Cette adresse ne correspond à aucun service de l'API."}
	errMethod = apiError{Code: "method_not_allowed",
		Message: "Cette méthode n'est pas acceptée à cette adresse."}
	errInternal = apiError{Code: "internal",
		Message: "Une erreur est survenue de notre côté. Réessayez dans quelques minutes."}
)

// invalid returns an invalid_request error with a French message.
func invalid(message string) apiError { return apiError{Code: "invalid_request", Message: message} }

// writeError writes e with status code.
func writeError(w http.ResponseWriter, code int, e apiError) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Del("ETag")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(e)
}
