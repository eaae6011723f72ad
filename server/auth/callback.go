package auth

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/oauth2"

	"mespoints/points"
	"mespoints/server/store"
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
	f, ok := s.flows.take(state, s.now())
	if !ok {
		s.refuse(w, r, name, failState, "state unknown, used or expired")
		return
	}
	if f.provider != name {
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
	tok, err := disc.oauth2.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
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
	idt, err := rp.verifyIDToken(ctx, disc, rawID, f.nonce)
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
	if err := s.signIn(w, r, rp.cfg, idt, acr, claims); err != nil {
		s.refuse(w, r, name, failInternal, shorten(err.Error()))
	}
}

// signIn records the account, links it when FranceConnect's identity
// matches one dossier, replaces any session of the browser by a new one,
// and sends the browser on.
func (s *Service) signIn(w http.ResponseWriter, r *http.Request, cfg ProviderConfig, idt idToken, acr string, c userClaims) error {
	now := s.now()
	var acct Account
	err := s.store.Update(func(tx *bolt.Tx) error {
		id := accountID(cfg.Issuer, idt.Subject)
		a, err := getAccount(tx, id)
		if errors.Is(err, errNoAccount) {
			a = Account{ID: id, Provider: cfg.Name, Issuer: cfg.Issuer, Subject: idt.Subject, Created: now}
		} else if err != nil {
			return err
		}
		a.GivenName, a.FamilyName, a.Email = firstOf(c.GivenName, idt.claims.GivenName), firstOf(c.FamilyName, idt.claims.FamilyName), firstOf(c.Email, idt.claims.Email)
		a.LastSignIn = now
		acct = a
		return putAccount(tx, a)
	})
	if err != nil {
		return fmt.Errorf("record account: %w", err)
	}
	if cfg.Name == FranceConnect {
		if id, ok := pivot(c); ok {
			linked, err := s.autoLink(&acct, id)
			if err != nil {
				return err
			}
			if linked {
				s.log.Info("dossier linked", "provider", cfg.Name, "by", "identity")
			}
		}
	}
	if old, err := r.Cookie(SessionCookie); err == nil {
		if err := s.deleteSession(sessionKey(old.Value)); err != nil {
			return err
		}
	}
	sess := Session{Provider: cfg.Name, ACR: acr, Account: acct.ID, Created: now, LastSeen: now}
	if cfg.Name == FranceConnect {
		sess.IDToken = idt.raw
	}
	sid, err := s.createSession(sess)
	if err != nil {
		return err
	}
	setCookie(w, SessionCookie, sid, 0)
	w.Header().Set("Cache-Control", "no-store")
	s.log.Info("signed in", "provider", cfg.Name, "linked", acct.Linked())
	next := PathUnlinked
	if acct.Linked() {
		next = PathLinked
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// pivot reads FranceConnect's identity pivot as an identity to match, and
// false when it lacks a part.
func pivot(c userClaims) (store.Identity, bool) {
	born, err := points.ParseDate(c.Birthdate)
	if err != nil || c.FamilyName == "" || c.GivenName == "" {
		return store.Identity{}, false
	}
	return store.Identity{
		FamilyName:   c.FamilyName,
		GivenNames:   c.GivenName,
		Birthdate:    born,
		Birthplace:   c.Birthplace,
		Birthcountry: c.Birthcountry,
	}, true
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
