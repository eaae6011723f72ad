package auth

import (
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// login starts a sign-in: a random state, nonce and PKCE verifier are kept
// server-side, the state also goes in a short-lived cookie, and the
// browser goes to the provider's authorization endpoint.
func (s *Service) login(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("provider")
	rp := s.rps[name]
	if rp == nil {
		s.refuse(w, r, "", failNotConfigured, "unknown provider")
		return
	}
	if s.dev && r.Host != s.base.Host {
		// The callback comes back to BaseURL's host: start there, so that
		// the sign-in cookie is that host's.
		http.Redirect(w, r, s.base.String()+r.URL.Path, http.StatusFound)
		return
	}
	disc, err := rp.discover(r.Context())
	if err != nil {
		s.refuse(w, r, name, failUnavailable, shorten(err.Error()))
		return
	}
	state, nonce, verifier := randomToken(), randomToken(), oauth2.GenerateVerifier()
	s.flows.add(state, flow{provider: name, verifier: verifier, nonce: nonce, expires: s.now().Add(flowLifetime)}, s.now())
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)}
	if name == FranceConnect {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", "eidas1"))
	}
	setCookie(w, flowCookie, state, int(flowLifetime.Seconds()))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, disc.oauth2.AuthCodeURL(state, opts...), http.StatusFound)
}

// shorten cuts a message for the log to 300 bytes.
func shorten(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
