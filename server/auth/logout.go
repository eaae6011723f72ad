package auth

import (
	"net/http"
	"net/url"
)

// confirmLogout answers GET /auth/logout with a page asking to confirm: a
// sign-out changes state, so it is a POST (a link followed by a crawler or
// a preloading browser must not sign anyone out).
func (s *Service) confirmLogout(w http.ResponseWriter, r *http.Request) {
	render(w, http.StatusOK, page{
		Title:      "Se déconnecter",
		Paragraphs: []string{"Voulez-vous fermer votre session sur Mes points ? Les données gardées sur cet appareil seront effacées."},
		Form:       &pageForm{Action: "/auth/logout", Label: "Se déconnecter"},
		Links:      []pageLink{{Href: "/", Label: "Annuler et revenir à l'accueil"}},
	})
}

// logout deletes the session on the server first, then expires the
// cookie and asks the browser to clear the site's cache and storage. A
// FranceConnect session then goes through FranceConnect's own sign-out
// (end_session_endpoint with id_token_hint, state and
// post_logout_redirect_uri); any other goes to the home page.
//
// The step to FranceConnect is a page that moves on at once (meta refresh)
// rather than a redirect: the app's Content-Security-Policy has
// form-action 'self', and Chromium applies it to the redirects that follow
// a form's POST, so a redirect to another origin would be blocked.
func (s *Service) logout(w http.ResponseWriter, r *http.Request) {
	var sess Session
	if c, err := r.Cookie(SessionCookie); err == nil {
		key := sessionKey(c.Value)
		if got, _, err := s.Session(r); err == nil {
			sess = got
		}
		if err := s.deleteSession(key); err != nil {
			s.log.Error("sign-out", "err", err)
			render(w, http.StatusInternalServerError, page{Title: "Erreur interne", Error: true,
				Paragraphs: []string{"La déconnexion n'a pas pu se faire. Réessayez dans quelques minutes."},
				Form:       &pageForm{Action: "/auth/logout", Label: "Réessayer de se déconnecter"}})
			return
		}
	}
	setCookie(w, SessionCookie, "", -1)
	h := w.Header()
	h.Set("Clear-Site-Data", `"cache"`) // not "storage": it would remove the service worker, and the app could no longer open offline; the app wipes its own storage at sign-out
	h.Set("Cache-Control", "no-store")
	if sess.Provider != "" {
		s.log.Info("signed out", "provider", sess.Provider)
	}
	if rp := s.rps[FranceConnect]; sess.Provider == FranceConnect && sess.IDToken != "" && rp != nil {
		if end := rp.endSessionURL(); end != "" {
			u, err := url.Parse(end)
			if err == nil {
				q := u.Query()
				q.Set("id_token_hint", sess.IDToken)
				q.Set("state", randomToken())
				q.Set("post_logout_redirect_uri", rp.cfg.PostLogoutRedirectURL)
				u.RawQuery = q.Encode()
				render(w, http.StatusOK, page{
					Title:      "Déconnexion de FranceConnect",
					Paragraphs: []string{"Votre session Mes points est fermée. Vous allez être déconnecté de FranceConnect."},
					Links:      []pageLink{{Href: u.String(), Label: "Continuer vers FranceConnect"}},
					Refresh:    u.String(),
				})
				return
			}
		}
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
