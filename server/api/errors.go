package api

import (
	"encoding/json"
	"net/http"

	wire "mespoints/api"
)

// The errors of the API with their French messages. The status goes with
// the code (wire.Code.Status).
var (
	errNotSignedIn = wire.Error{Code: wire.CodeNotSignedIn,
		Message: "Vous n'êtes pas connecté, ou votre session a expiré. Connectez-vous pour continuer."}
	errNotLinked = wire.Error{Code: wire.CodeNotLinked,
		Message: "Votre compte n'est rattaché à aucun dossier. Rattachez-le avec votre numéro de dossier (NEPH) et votre date de naissance."}
	errNoLicence = wire.Error{Code: wire.CodeNoLicence,
		Message: "Aucun permis n'est encore enregistré sur ce dossier : le solde de points commence à l'obtention du permis."}
	errDossierMissing = wire.Error{Code: wire.CodeDossierMissing,
		Message: "Votre dossier n'est plus disponible pour le moment. Réessayez plus tard."}
	errLinkFailed = wire.Error{Code: wire.CodeLinkFailed,
		Message: "Le numéro de dossier ou la date de naissance ne correspond pas. Vérifiez-les et réessayez."}
	errDossierTaken = wire.Error{Code: wire.CodeDossierTaken,
		Message: "Ce dossier est déjà rattaché à un autre compte utilisant ce mode de connexion. Connectez-vous avec ce compte, ou détachez-le depuis celui-ci."}
	errAlreadyLinked = wire.Error{Code: wire.CodeAlreadyLinked,
		Message: "Votre compte est déjà rattaché à un dossier. Détachez-le d'abord depuis « Mon compte »."}
	errCrossOrigin = wire.Error{Code: wire.CodeCrossOrigin,
		Message: "Cette demande vient d'un autre site : par sécurité, elle est refusée."}
	errNotFound = wire.Error{Code: wire.CodeNotFound,
		Message: "Cette adresse ne correspond à aucun service de l'API."}
	errMethod = wire.Error{Code: wire.CodeMethodNotAllowed,
		Message: "Cette méthode n'est pas acceptée à cette adresse."}
	errInternal = wire.Error{Code: wire.CodeInternal,
		Message: "Une erreur est survenue de notre côté. Réessayez dans quelques minutes."}
)

// invalid returns an invalid_request error with a French message.
func invalid(message string) wire.Error {
	return wire.Error{Code: wire.CodeInvalidRequest, Message: message}
}

// writeError writes e with the status of its code.
func writeError(w http.ResponseWriter, e wire.Error) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Del("ETag")
	w.WriteHeader(e.Code.Status())
	json.NewEncoder(w).Encode(e)
}
