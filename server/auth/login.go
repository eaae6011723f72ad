package auth

import (
	"errors"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// login starts a sign-in: a random state, nonce and PKCE verifier are kept
// in the shared state, the state also goes in a short-lived cookie, and
// the browser goes to the provider's authorization endpoint. ?retour=
// names the app's page to come back to (see returnPath).
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
		target := s.base.String() + r.URL.Path
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	ctx := r.Context()
	addr, err := s.addressBucket(ctx, s.ClientAddr(r))
	if err != nil {
		s.unavailable(w, r, err)
		return
	}
	disc, err := rp.discover(ctx)
	if err != nil {
		s.refuse(w, r, name, failUnavailable, shorten(err.Error()))
		return
	}
	now := s.now()
	state, nonce, verifier := randomState(), randomState(), oauth2.GenerateVerifier()
	f := flow{Provider: name, Verifier: verifier, Nonce: nonce, Address: addr, Return: returnPath(r.URL.Query().Get("retour")), Expires: now.Add(flowLifetime)}
	if err := s.startFlow(ctx, state, f, now); err != nil {
		if errors.Is(err, errTooManyPending) {
			s.refuse(w, r, name, failTooManyPending, "too many sign-ins pending from one address")
			return
		}
		s.unavailable(w, r, err)
		return
	}
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
