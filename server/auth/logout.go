package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"mespoints/server/kv"
)

// logoutState is the entry auth/logout/<sha256(state)>: a sign-out sent to
// a provider's end_session_endpoint, until the provider sends the browser
// back to /auth/logged-out.
type logoutState struct {
	Provider string    `json:"provider,omitempty"`
	Expires  time.Time `json:"expires,omitzero"`
	Used     bool      `json:"used,omitempty"`
}

// logoutLifetime is how long a sign-out at a provider may take.
const logoutLifetime = 10 * time.Minute

// confirmLogout answers GET /auth/logout with a page asking to confirm: a
// sign-out changes state, so it is a POST (a link followed by a crawler or
// a preloading browser must not sign anyone out). A second button signs
// out of every device.
func (s *Service) confirmLogout(w http.ResponseWriter, r *http.Request) {
	render(w, http.StatusOK, page{
		Title:      "Se déconnecter",
		Paragraphs: []string{"Voulez-vous fermer votre session sur Mes points ? Les données gardées sur cet appareil seront effacées."},
		Forms: []pageForm{
			{Action: "/auth/logout", Label: "Se déconnecter"},
			{Action: "/auth/logout-everywhere", Label: "Se déconnecter de tous mes appareils", Secondary: true},
		},
		Links: []pageLink{{Href: "/", Label: "Annuler et revenir à l'accueil"}},
	})
}

// logout ends the session of the request (POST /auth/logout).
func (s *Service) logout(w http.ResponseWriter, r *http.Request) { s.signOut(w, r, false) }

// logoutEverywhere ends every session of the request's account (POST
// /auth/logout-everywhere), on every device and node.
func (s *Service) logoutEverywhere(w http.ResponseWriter, r *http.Request) { s.signOut(w, r, true) }

// signOut deletes the session (or, everywhere, every session of its
// account) in the shared state first, then expires the cookie and asks
// the browser to clear the site's cache; then the browser goes through
// the provider's own sign-out (its end_session_endpoint, discovered now if
// need be, with id_token_hint, a state kept server-side and
// post_logout_redirect_uri), or to the home page when the provider has
// none.
//
// The step to the provider is a page that moves on at once (meta refresh)
// rather than a redirect: the app's Content-Security-Policy has
// form-action 'self', and Chromium applies it to the redirects that follow
// a form's POST, so a redirect to another origin would be blocked.
func (s *Service) signOut(w http.ResponseWriter, r *http.Request, everywhere bool) {
	ctx := r.Context()
	var sess Session
	if c, err := r.Cookie(SessionCookie); err == nil {
		got, _, err := s.Session(r)
		switch {
		case err == nil:
			sess = got
		case !errors.Is(err, ErrNoSession):
			s.unavailable(w, r, err)
			return
		}
		key := sessionKeyOf(c.Value)
		if everywhere && sess.Account != "" {
			err = s.endEverywhere(ctx, sess)
		} else {
			err = s.deleteSession(ctx, key)
		}
		if err != nil {
			s.unavailable(w, r, err)
			return
		}
	}
	setCookie(w, SessionCookie, "", -1)
	h := w.Header()
	h.Set("Clear-Site-Data", `"cache"`) // not "storage": it would remove the service worker, and the app could no longer open offline; the app wipes its own storage at sign-out
	h.Set("Cache-Control", "no-store")
	if sess.Provider == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.log.Info("signed out", "provider", sess.Provider, "everywhere", everywhere)
	target := s.endSessionURL(ctx, sess)
	if target == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	title, text, label := "Déconnexion du compte permis de conduire", "Vous allez être déconnecté de votre compte permis de conduire.", "Continuer vers le compte permis de conduire"
	if sess.Provider == FranceConnect {
		title, text, label = "Déconnexion de FranceConnect", "Vous allez être déconnecté de FranceConnect.", "Continuer vers FranceConnect"
	}
	render(w, http.StatusOK, page{
		Title:      title,
		Paragraphs: []string{"Votre session Mes points est fermée. " + text},
		Links:      []pageLink{{Href: target, Label: label}},
		Refresh:    target,
	})
}

// endSessionURL returns the address of the provider's sign-out for the
// session, with its state recorded, or "" when there is none to go to (no
// ID token, no end_session_endpoint, the provider or the shared state not
// answering: the person is signed out of Mes points all the same).
func (s *Service) endSessionURL(ctx context.Context, sess Session) string {
	rp := s.rps[sess.Provider]
	if rp == nil || sess.IDToken == "" {
		return ""
	}
	disc, err := rp.discover(ctx)
	if err != nil {
		s.log.Warn("sign-out at the provider skipped", "provider", sess.Provider, "reason", "discovery failed")
		return ""
	}
	if disc.endSession == "" {
		return ""
	}
	u, err := url.Parse(disc.endSession)
	if err != nil {
		s.log.Warn("sign-out at the provider skipped", "provider", sess.Provider, "reason", "end_session_endpoint unreadable")
		return ""
	}
	state := randomState()
	now := s.now()
	err = s.kv.Update(ctx, func(tx kv.Tx) error {
		return putJSON(tx, logoutKey(state), logoutState{Provider: sess.Provider, Expires: now.Add(logoutLifetime)}, ttlUntil(now.Add(logoutLifetime), now))
	})
	if err != nil {
		s.log.Warn("sign-out at the provider skipped", "provider", sess.Provider, "reason", "shared state unavailable")
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", sess.IDToken)
	q.Set("state", state)
	q.Set("post_logout_redirect_uri", rp.cfg.PostLogoutRedirectURL)
	u.RawQuery = q.Encode()
	return u.String()
}

// loggedOut is where a provider sends the browser back after its
// sign-out (GET /auth/logged-out): the state must be one this service
// sent, once; whatever it is, the person is signed out and goes to the
// home page, and the log says with a fixed reason what came back.
func (s *Service) loggedOut(w http.ResponseWriter, r *http.Request) {
	state := r.URL.Query().Get("state")
	now := s.now()
	reason := "no state"
	if state != "" {
		var got logoutState
		err := s.kv.Update(r.Context(), func(tx kv.Tx) error {
			l, ok, err := getJSON[logoutState](tx, logoutKey(state))
			if err != nil || !ok || l.Used {
				got = logoutState{}
				return err
			}
			got = l
			return putJSON(tx, logoutKey(state), logoutState{Used: true}, ttlUntil(l.Expires, now))
		})
		switch {
		case err != nil:
			reason = "shared state unavailable"
		case got.Provider == "" || now.After(got.Expires):
			reason = "state unknown, used or expired"
		default:
			reason = ""
			s.log.Info("signed out at the provider", "provider", got.Provider)
		}
	}
	if reason != "" {
		s.log.Warn("sign-out return not checked", "reason", reason)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
