package auth

import (
	"context"
	"fmt"

	"mespoints/server/kv"
)

// DeleteAccount deletes the session's account, as the GDPR gives the
// right to: its link to a dossier, every session it has (this one too),
// its pending code and its notices. Its lockout counters stay until they
// expire (they hold only times, and deleting them would let anyone undo a
// lock by deleting the account). The audit log keeps what it holds, the
// account's hash, and records the deletion.
func (s *Service) DeleteAccount(ctx context.Context, sess Session) error {
	var neph string
	now := s.now()
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		neph = a.NEPH
		if a.Linked() {
			d, err := getLinks(tx, a.NEPH, now)
			if err != nil {
				return err
			}
			if err := putLinks(tx, a.NEPH, d.without(a.ID), now); err != nil {
				return err
			}
		}
		if err := endSessions(tx, a.ID); err != nil {
			return err
		}
		if sess.key != "" {
			tx.Delete(sess.key)
		}
		tx.Delete(codeKey(a.ID))
		tx.Delete(noticesKey(a.ID))
		tx.Delete(accountKey(a.ID))
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	s.Audit(sess, neph, "account deleted")
	s.log.Info("account deleted", "provider", sess.Provider)
	return nil
}

// endEverywhere ends every session of the session's account: the
// account's generation changes, so that sessions no index found end too.
func (s *Service) endEverywhere(ctx context.Context, sess Session) error {
	now := s.now()
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		a.Generation = newGeneration()
		if err := putAccount(tx, a, now); err != nil {
			return err
		}
		if sess.key != "" {
			tx.Delete(sess.key)
		}
		return endSessions(tx, a.ID)
	})
	if err != nil {
		return fmt.Errorf("sign out everywhere: %w", err)
	}
	return nil
}
