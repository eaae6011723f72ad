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
		Message: "Vous n'êtes pas connecté. Connectez-vous pour continuer."}
	errSessionExpired = wire.Error{Code: wire.CodeSessionExpired,
		Message: "Votre session a pris fin. Connectez-vous à nouveau pour continuer."}
	errUnavailable = wire.Error{Code: wire.CodeUnavailable, RetryAfter: retryAfterSeconds,
		Message: "Le service ne peut pas vous répondre pour le moment ; rien n'a été modifié. Réessayez dans quelques instants."}
	errNoContact = wire.Error{Code: wire.CodeNoContact,
		Message: "Aucune adresse électronique n'est enregistrée pour ce dossier : le code de vérification ne peut pas vous être envoyé. Identifiez-vous avec FranceConnect, qui rattache votre dossier aussitôt, ou adressez-vous à votre préfecture."}
	errCodeExpired = wire.Error{Code: wire.CodeCodeExpired,
		Message: "Aucun code n'est en attente : il a expiré (15 minutes), a déjà servi, ou n'a pas été demandé. Recommencez le rattachement pour recevoir un nouveau code."}
	errLinkNotProven = wire.Error{Code: wire.CodeLinkNotProven,
		Message: "Pour détacher un autre compte, votre propre rattachement doit être vérifié : identifiez-vous avec FranceConnect, ou détachez puis rattachez votre compte avec le code reçu par courriel."}
	errMailFailed = wire.Error{Code: wire.CodeUnavailable,
		Message: "Le courriel contenant votre code n'a pas pu être envoyé ; aucun code n'est en attente. Réessayez dans quelques instants."}
	errNotLinked = wire.Error{Code: wire.CodeNotLinked,
		Message: "Votre compte n'est rattaché à aucun dossier. Rattachez-le avec votre numéro de dossier (NEPH) et votre date de naissance."}
	errNoLicence = wire.Error{Code: wire.CodeNoLicence,
		Message: "Aucun permis n'est encore enregistré sur ce dossier : le solde de points commence à l'obtention du permis."}
	errDossierMissing = wire.Error{Code: wire.CodeDossierMissing,
		Message: "Votre dossier n'est plus disponible pour le moment. Réessayez plus tard."}
	errLinkFailed = wire.Error{Code: wire.CodeLinkFailed,
		Message: "Le numéro de dossier ou la date de naissance ne correspond pas. Vérifiez-les et réessayez."}
	errDossierTaken = wire.Error{Code: wire.CodeDossierTaken,
		Message: "Ce dossier est déjà rattaché à un autre compte permis de conduire. Si ce n'est pas le vôtre, identifiez-vous avec FranceConnect : votre dossier vous sera rattaché aussitôt et l'autre compte en sera détaché."}
	errDossierTakenFC = wire.Error{Code: wire.CodeDossierTaken,
		Message: "Ce dossier est déjà rattaché à un autre compte FranceConnect. Connectez-vous avec ce compte, ou détachez-le depuis celui-ci."}
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

// retryAfter is the Retry-After, in seconds, of a 503 unavailable.
const retryAfter = "10"

// retryAfterSeconds is retryAfter as a number, for the error's body.
const retryAfterSeconds = 10

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
