package auth

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"

	"golang.org/x/oauth2"

	"mespoints/server/kv"
)

// Where the browser goes after a sign-in: the balance when the account is
// linked to a dossier, the linking form of the app otherwise.
const (
	PathLinked   = "/solde"
	PathUnlinked = "/rattachement"
)

// oauthErrorCode matches the error codes of RFC 6749 and OpenID Connect;
// anything else a provider sends is not logged.
var oauthErrorCode = regexp.MustCompile(`^[a-z_]{1,40}$`)

// callback finishes a sign-in. Every check that fails shows a French page,
// opens no session and logs a fixed reason.
func (s *Service) callback(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("provider")
	rp := s.rps[name]
	if rp == nil {
		s.refuse(w, r, "", failNotConfigured, "unknown provider")
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	cookie, cerr := r.Cookie(flowCookie)
	setCookie(w, flowCookie, "", -1) // a state serves once, whatever happens
	switch {
	case state == "":
		s.refuse(w, r, name, failState, "no state")
		return
	case cerr != nil:
		s.refuse(w, r, name, failState, "no sign-in cookie")
		return
	case !sameSecret(cookie.Value, state):
		s.refuse(w, r, name, failState, "state differs from the browser's")
		return
	}
	f, err := s.takeFlow(r.Context(), state, s.now())
	if errors.Is(err, errUnknownState) {
		s.refuse(w, r, name, failState, "state unknown, used or expired")
		return
	}
	if err != nil {
		s.unavailable(w, r, err)
		return
	}
	if f.Provider != name {
		s.refuse(w, r, name, failState, "state of another provider")
		return
	}
	if e := q.Get("error"); e != "" {
		code := "(not a standard code)"
		if oauthErrorCode.MatchString(e) {
			code = e
		}
		if e == "access_denied" {
			s.refuse(w, r, name, failDenied, "provider answered "+code)
		} else {
			s.refuse(w, r, name, failProvider, "provider answered "+code)
		}
		return
	}
	code := q.Get("code")
	if code == "" {
		s.refuse(w, r, name, failProvider, "no code")
		return
	}
	disc, err := rp.discover(r.Context())
	if err != nil {
		s.refuse(w, r, name, failUnavailable, "discovery failed")
		return
	}
	ctx, cancel := rp.ctx(r.Context())
	defer cancel()
	tok, err := disc.oauth2.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			detail := fmt.Sprintf("token endpoint answered HTTP %d", re.Response.StatusCode)
			if oauthErrorCode.MatchString(re.ErrorCode) {
				detail += " " + re.ErrorCode
			}
			s.refuse(w, r, name, failProvider, detail)
		} else {
			s.refuse(w, r, name, failUnavailable, "token endpoint unreachable or unreadable")
		}
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		s.refuse(w, r, name, failInvalid, "no id_token")
		return
	}
	idt, err := rp.verifyIDToken(ctx, disc, rawID, f.Nonce, tok.AccessToken)
	if err != nil {
		s.refuse(w, r, name, failInvalid, "ID token: "+err.Error())
		return
	}
	acr := ""
	if name == FranceConnect {
		if !slices.Contains(franceConnectACRs, idt.ACR) {
			s.refuse(w, r, name, failACR, "acr is not eidas1 or higher")
			return
		}
		acr = idt.ACR
	}
	claims, err := rp.userinfo(ctx, disc, tok, idt.Subject)
	if err != nil {
		if errors.Is(err, errUnavailable) {
			s.refuse(w, r, name, failUnavailable, err.Error())
		} else {
			s.refuse(w, r, name, failInvalid, err.Error())
		}
		return
	}
	if err := s.signIn(w, r, rp.cfg, idt, acr, claims, f.Return); err != nil {
		if errors.Is(err, kv.ErrUnavailable) {
			s.unavailable(w, r, err)
			return
		}
		s.refuse(w, r, name, failInternal, shorten(err.Error()))
	}
}

// signIn records the account, links it when FranceConnect's identity
// matches one dossier, replaces any session of the browser by a new one —
// all in one transaction — and sends the browser on: to the app's page it
// came from (or the balance) when linked, to the linking form otherwise.
func (s *Service) signIn(w http.ResponseWriter, r *http.Request, cfg ProviderConfig, idt idToken, acr string, c userClaims, back string) error {
	ctx := r.Context()
	now := s.now()
	id := accountID(cfg.Issuer, idt.Subject)
	var pv *Pivot
	var matches []string
	if cfg.Name == FranceConnect {
		if p, ok := pivotOf(c); ok {
			pv = &p
			// The holders index of the records file is deterministic:
			// read before the transaction.
			var err error
			if matches, err = s.store.FindByIdentity(p.Identity()); err != nil {
				return fmt.Errorf("match identity: %w", err)
			}
		}
	}
	var oldKey string
	if old, err := r.Cookie(SessionCookie); err == nil {
		oldKey = sessionKeyOf(old.Value)
	}
	cookie := randomToken()
	key := sessionKeyOf(cookie)
	var acct Account
	var autoLinked bool
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		autoLinked = false
		a, err := getAccount(tx, id)
		if errors.Is(err, errNoAccount) {
			a = Account{ID: id, Provider: cfg.Name, Issuer: cfg.Issuer, Subject: idt.Subject, Created: now, Generation: newGeneration()}
		} else if err != nil {
			return err
		}
		a.GivenName, a.FamilyName, a.Email = firstOf(c.GivenName, idt.claims.GivenName), firstOf(c.FamilyName, idt.claims.FamilyName), firstOf(c.Email, idt.claims.Email)
		a.LastSignIn = now
		if !a.Linked() && len(matches) == 1 {
			d, err := getLinks(tx, matches[0])
			if err != nil {
				return err
			}
			if _, taken := d.of(FranceConnect); !taken {
				if a, err = s.link(tx, a, matches[0], ProofFranceConnect, now); err != nil {
					return err
				}
				autoLinked = true
			}
		}
		if a.Linked() && !autoLinked {
			d, err := getLinks(tx, a.NEPH)
			if err != nil {
				return err
			}
			for i := range d.Links {
				if d.Links[i].Account == a.ID {
					d.Links[i].LastUsed = now
				}
			}
			if err := putLinks(tx, a.NEPH, d); err != nil {
				return err
			}
		}
		if err := putAccount(tx, a); err != nil {
			return err
		}
		if oldKey != "" {
			tx.Delete(oldKey)
		}
		sess := Session{Provider: cfg.Name, ACR: acr, Account: a.ID, Generation: a.Generation, Created: now, LastSeen: now, IDToken: idt.raw, Pivot: pv}
		acct = a
		return putSession(tx, key, sess, now)
	})
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if autoLinked {
		s.log.Info("dossier linked", "provider", cfg.Name, "by", "identity")
		s.Audit(Session{Account: acct.ID, Provider: cfg.Name}, acct.NEPH, "link")
	}
	setCookie(w, SessionCookie, cookie, 0)
	w.Header().Set("Cache-Control", "no-store")
	s.log.Info("signed in", "provider", cfg.Name, "linked", acct.Linked())
	next := PathUnlinked
	if acct.Linked() {
		// A linked account goes back to the page it came from, but never
		// to the linking form: its dossier is what comes next.
		next = PathLinked
		if back != "" && back != PathUnlinked {
			next = back
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// firstOf returns the first non-empty string.
func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
