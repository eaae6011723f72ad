package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"time"

	"mespoints/server/kv"
)

// How a link was proven (dossierLink.Proof).
const (
	// ProofFranceConnect: FranceConnect's identity pivot matched the
	// dossier's holder.
	ProofFranceConnect = "franceconnect"
	// ProofEmailCode: the dossier number, the date of birth and a code
	// sent to the holder's e-mail address.
	ProofEmailCode = "email_code"
	// ProofNone is the proof of a link made before proofs were asked: it
	// reads its dossier, but cannot remove the others'.
	ProofNone = ""
)

// dossierLink is one account linked to a dossier.
type dossierLink struct {
	Account  string    `json:"account"`
	Provider string    `json:"provider"`
	LinkedAt time.Time `json:"linked_at"`
	LastUsed time.Time `json:"last_used"`
	Proof    string    `json:"proof,omitempty"`
}

// dossierLinks is the entry auth/links/<NEPH>: every account linked to
// one dossier, at most one per provider, oldest first.
type dossierLinks struct {
	Links []dossierLink `json:"links"`
}

// of returns the link of the provider, if any.
func (d dossierLinks) of(provider string) (dossierLink, bool) {
	for _, l := range d.Links {
		if l.Provider == provider {
			return l, true
		}
	}
	return dossierLink{}, false
}

// without returns d without the account's link.
func (d dossierLinks) without(account string) dossierLinks {
	return dossierLinks{Links: slices.DeleteFunc(slices.Clone(d.Links), func(l dossierLink) bool { return l.Account == account })}
}

// lastActive is the link's last use, its making before any.
func (l dossierLink) lastActive() time.Time {
	if l.LastUsed.After(l.LinkedAt) {
		return l.LastUsed
	}
	return l.LinkedAt
}

// live returns d without the links of accounts gone with
// AccountRetention (the account unused since their last use has expired).
func (d dossierLinks) live(now time.Time) dossierLinks {
	return dossierLinks{Links: slices.DeleteFunc(slices.Clone(d.Links), func(l dossierLink) bool {
		return !now.Before(l.lastActive().Add(AccountRetention))
	})}
}

// getLinks reads a dossier's links in tx, those of expired accounts left
// out.
func getLinks(tx kv.Tx, neph string, now time.Time) (dossierLinks, error) {
	d, _, err := getJSON[dossierLinks](tx, linksKey(neph))
	return d.live(now), err
}

// putLinks writes a dossier's links in tx, kept as long as the most
// recently used of their accounts, deleting the entry when none is left.
func putLinks(tx kv.Tx, neph string, d dossierLinks, now time.Time) error {
	if len(d.Links) == 0 {
		tx.Delete(linksKey(neph))
		return nil
	}
	var last time.Time
	for _, l := range d.Links {
		if l.lastActive().After(last) {
			last = l.lastActive()
		}
	}
	return putJSON(tx, linksKey(neph), d, ttlUntil(last.Add(AccountRetention), now))
}

// LinkID names the link of a dossier to its account of provider (there is
// at most one) for the holder's list, without naming the account.
func LinkID(neph, provider string) string {
	h := sha256.Sum256([]byte("link\x00" + neph + "\x00" + provider))
	return base64.RawURLEncoding.EncodeToString(h[:12])
}

// link links a to neph in tx, both ways, proven by proof: a FranceConnect
// link removes the dossier's licence-account link, whose account is told
// at its next visit. It returns the updated account.
func (s *Service) link(tx kv.Tx, a Account, neph, proof string, now time.Time) (Account, error) {
	d, err := getLinks(tx, neph, now)
	if err != nil {
		return a, err
	}
	d = d.without(a.ID)
	if proof == ProofFranceConnect {
		for _, l := range d.Links {
			if l.Provider != Usager {
				continue
			}
			if err := s.detach(tx, l.Account, neph, noticeLinkRemovedByFranceConnect, now); err != nil {
				return a, err
			}
			d = d.without(l.Account)
		}
	}
	d.Links = append(d.Links, dossierLink{Account: a.ID, Provider: a.Provider, LinkedAt: now, LastUsed: now, Proof: proof})
	if err := putLinks(tx, neph, d, now); err != nil {
		return a, err
	}
	a.NEPH = neph
	return a, putAccount(tx, a, now)
}

// detach clears the link of account id to neph on the account's side and
// leaves it a notice (the caller updates the dossier's links).
func (s *Service) detach(tx kv.Tx, id, neph, notice string, now time.Time) error {
	other, err := getAccount(tx, id)
	if errors.Is(err, errNoAccount) {
		return nil
	}
	if err != nil {
		return err
	}
	if other.NEPH == neph {
		other.NEPH = ""
		if err := putAccount(tx, other, now); err != nil {
			return err
		}
	}
	return addNotice(tx, id, Notice{Code: NoticeLinkRemoved, Message: notice, At: now}, now)
}

// LinkedAccount is one account linked to the session's dossier, as its
// holder sees it.
type LinkedAccount struct {
	// ID names the link (see LinkID).
	ID string
	// Provider is Usager or FranceConnect.
	Provider string
	// LinkedAt is when it was linked, LastUsed the account's last sign-in.
	LinkedAt, LastUsed time.Time
	// Proof is ProofFranceConnect, ProofEmailCode or ProofNone.
	Proof string
	// Current marks the session's own account.
	Current bool
}

// ErrNotProven is returned by RemoveLink when the session's own link was
// made without proof (before proofs were asked): it cannot remove others.
var ErrNotProven = errors.New("the session's link is not proven")

// ErrNoSuchLink is returned by RemoveLink for an ID that names no other
// account's link to the dossier.
var ErrNoSuchLink = errors.New("no such link")

// AccountLinks returns every account linked to the dossier of the
// session's account, and whether the session may remove the others.
func (s *Service) AccountLinks(ctx context.Context, sess Session) ([]LinkedAccount, bool, error) {
	acct, err := s.Account(ctx, sess.Account)
	if err != nil {
		return nil, false, err
	}
	if !acct.Linked() {
		return nil, false, ErrNotLinked
	}
	d, _, err := readJSON[dossierLinks](ctx, s.kv, linksKey(acct.NEPH))
	if err != nil {
		return nil, false, fmt.Errorf("read links: %w", err)
	}
	d = d.live(s.now())
	return listOf(d, acct), ownProof(d, acct.ID) != ProofNone, nil
}

// listOf lists d as the account a sees it.
func listOf(d dossierLinks, a Account) []LinkedAccount {
	out := make([]LinkedAccount, 0, len(d.Links))
	for _, l := range d.Links {
		out = append(out, LinkedAccount{ID: LinkID(a.NEPH, l.Provider), Provider: l.Provider, LinkedAt: l.LinkedAt,
			LastUsed: l.LastUsed, Proof: l.Proof, Current: l.Account == a.ID})
	}
	return out
}

// ownProof returns the proof of the account's link in d.
func ownProof(d dossierLinks, id string) string {
	for _, l := range d.Links {
		if l.Account == id {
			return l.Proof
		}
	}
	return ProofNone
}

// RemoveLink removes another account's link to the session's dossier:
// allowed only to a session whose own link is proven. The removed account
// is told at its next visit. It returns the links left.
func (s *Service) RemoveLink(ctx context.Context, sess Session, id string) ([]LinkedAccount, error) {
	now := s.now()
	var list []LinkedAccount
	var neph string
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		acct, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if !acct.Linked() {
			return ErrNotLinked
		}
		d, err := getLinks(tx, acct.NEPH, now)
		if err != nil {
			return err
		}
		if ownProof(d, acct.ID) == ProofNone {
			return ErrNotProven
		}
		var target string
		for _, l := range d.Links {
			if l.Account != acct.ID && LinkID(acct.NEPH, l.Provider) == id {
				target = l.Account
			}
		}
		if target == "" {
			return ErrNoSuchLink
		}
		if err := s.detach(tx, target, acct.NEPH, noticeLinkRemovedByHolder, now); err != nil {
			return err
		}
		d = d.without(target)
		if err := putLinks(tx, acct.NEPH, d, now); err != nil {
			return err
		}
		list, neph = listOf(d, acct), acct.NEPH
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remove a link: %w", err)
	}
	s.Audit(sess, neph, "remove another account's link")
	s.log.Info("link removed by the holder", "provider", sess.Provider)
	return list, nil
}
