package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"mespoints/server/kv"
	"mespoints/server/store"
)

// MoveFromStore moves the accounts and links that earlier versions kept in
// the records file (mespoints.db, schema 1) into the shared state, then
// drops them from the file; it returns how many accounts it moved. The
// server calls it at start, before serving. Sessions and lockouts are not
// moved (the store's schema 2 dropped them): people sign in again. Links
// so moved carry no proof (ProofNone): they read their dossier, but cannot
// remove other accounts' links. An account already in the shared state is
// left as it is there, so that a crash between the two steps only makes
// the next start copy again.
func (s *Service) MoveFromStore(ctx context.Context, st *store.Store) (int, error) {
	old, err := st.ReadLegacySignIn()
	if err != nil || old.Empty() {
		return 0, err
	}
	linkOf := map[string]string{} // account → NEPH, from the links bucket
	providerOf := map[string]string{}
	for k, id := range old.Links {
		provider, neph, ok := strings.Cut(k, "\x00")
		if ok {
			linkOf[id], providerOf[id] = neph, provider
		}
	}
	moved := 0
	now := s.now()
	for id, raw := range old.Accounts {
		var a Account
		if err := json.Unmarshal(raw, &a); err != nil || a.ID != id {
			s.log.Warn("move sign-in data: an unreadable account left behind")
			continue
		}
		a.Generation = newGeneration()
		if a.lastActive().IsZero() {
			// An account the old code kept without a date: its
			// retention starts with the move.
			a.LastSignIn = now
		}
		// A link counts when both sides say so, as the old code linked.
		if linkOf[id] != a.NEPH || providerOf[id] != a.Provider {
			a.NEPH = ""
		}
		err := s.kv.Update(ctx, func(tx kv.Tx) error {
			if _, ok, err := tx.Get(accountKey(id)); err != nil || ok {
				return err
			}
			if a.NEPH != "" {
				d, err := getLinks(tx, a.NEPH, now)
				if err != nil {
					return err
				}
				if _, taken := d.of(a.Provider); !taken {
					last := a.LastSignIn
					if last.IsZero() {
						last = now
					}
					d.Links = append(d.Links, dossierLink{Account: id, Provider: a.Provider, LinkedAt: last, LastUsed: last, Proof: ProofNone})
					if err := putLinks(tx, a.NEPH, d, now); err != nil {
						return err
					}
				} else {
					a.NEPH = ""
				}
			}
			moved++
			return putAccount(tx, a, now)
		})
		if err != nil {
			return moved, fmt.Errorf("move sign-in data to the shared state: %w", err)
		}
	}
	if err := st.DropLegacySignIn(); err != nil {
		return moved, err
	}
	return moved, nil
}
