package auth

import (
	"errors"
	"log/slog"
	"net/http"

	"mespoints/server/kv"
)

// failure is why a sign-in was refused, with what the person reads. The
// reason is a fixed word for the log: no text that came from the provider
// or the browser goes to the log, so that no code, token or state does.
type failure struct {
	reason string
	status int
	title  string
	text   string
}

// The sign-in failures.
var (
	failNotConfigured = failure{"not_configured", http.StatusNotFound, "Connexion indisponible",
		"Ce mode de connexion n'est pas proposé par ce service."}
	failUnavailable = failure{"provider_unavailable", http.StatusServiceUnavailable, "Le service d'identification ne répond pas",
		"Le service d'identification ne répond pas pour le moment. Réessayez dans quelques minutes."}
	failState = failure{"bad_state", http.StatusBadRequest, "Connexion expirée",
		"Cette tentative de connexion n'est plus valable : elle a expiré, elle a déjà servi, ou elle a été commencée dans un autre navigateur. Recommencez la connexion."}
	failDenied = failure{"provider_denied", http.StatusForbidden, "Connexion annulée",
		"La connexion a été annulée auprès du service d'identification. Vous n'êtes pas connecté."}
	failProvider = failure{"provider_error", http.StatusBadGateway, "Connexion refusée",
		"Le service d'identification a refusé la connexion. Réessayez ; si le problème persiste, réessayez plus tard."}
	failInvalid = failure{"invalid_response", http.StatusBadGateway, "Connexion refusée",
		"La réponse du service d'identification n'a pas pu être vérifiée. Par sécurité, la connexion est refusée."}
	failACR = failure{"insufficient_acr", http.StatusForbidden, "Niveau de sécurité insuffisant",
		"FranceConnect n'a pas garanti le niveau de sécurité demandé. Par sécurité, la connexion est refusée."}
	failTooManyPending = failure{"too_many_pending", http.StatusTooManyRequests, "Trop de connexions en cours",
		"Trop de connexions en cours depuis votre adresse, réessayez dans quelques minutes."}
	failInternal = failure{"internal", http.StatusInternalServerError, "Erreur interne",
		"Une erreur est survenue de notre côté. Réessayez dans quelques minutes."}
)

// retryAfter is the Retry-After of an answer given while the shared state
// cannot answer.
const retryAfter = "10"

// unavailable answers a request that needed the shared state while it
// cannot answer (an error wrapping kv.ErrUnavailable), or that failed on
// it otherwise: 503 with Retry-After and a French page for the first,
// 500 for the second; never a guess.
func (s *Service) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, kv.ErrUnavailable) {
		s.log.LogAttrs(r.Context(), slog.LevelError, "sign-in", slog.String("err", err.Error()))
		render(w, http.StatusInternalServerError, page{Title: failInternal.title, Paragraphs: []string{failInternal.text}, Alert: true,
			Links: []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
		return
	}
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "sign-in: shared state unavailable", slog.String("err", err.Error()))
	w.Header().Set("Retry-After", retryAfter)
	render(w, http.StatusServiceUnavailable, page{Title: "Service momentanément indisponible", Alert: true,
		Paragraphs: []string{"Le service ne peut pas vous répondre pour le moment. Réessayez dans quelques instants."},
		Links:      []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
}

// refuse shows the French error page of f and logs one line: the
// provider, the reason and a detail written by this package (never a
// token, a code or a state).
func (s *Service) refuse(w http.ResponseWriter, r *http.Request, provider string, f failure, detail string) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "sign-in refused",
		slog.String("provider", provider),
		slog.String("reason", f.reason),
		slog.String("detail", detail),
	)
	p := page{Title: f.title, Paragraphs: []string{f.text}, Alert: true}
	if provider != "" && f.reason != failNotConfigured.reason {
		p.Links = append(p.Links, pageLink{Href: "/auth/" + provider + "/login", Label: "Recommencer la connexion"})
	}
	p.Links = append(p.Links, pageLink{Href: "/", Label: "Retour à l'accueil"})
	render(w, f.status, p)
}
