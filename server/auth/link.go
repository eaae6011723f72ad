package auth

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/points"
	"mespoints/server/store"
)

// Errors of Link and Unlink, for errors.Is. Their texts are for logs; the
// API says them in French.
var (
	// ErrInvalidNEPH is a dossier number that cannot be one (5 to 19
	// letters and digits). It reveals nothing and is not counted.
	ErrInvalidNEPH = errors.New("not a dossier number")
	// ErrInvalidBirthdate is a date of birth that is not a date.
	ErrInvalidBirthdate = errors.New("not a date of birth")
	// ErrLinkFailed is a dossier number and date of birth that do not
	// designate a dossier: one error for both, so as not to say which part
	// was wrong. It counts towards the lock.
	ErrLinkFailed = errors.New("no dossier with this number and date of birth")
	// ErrDossierTaken is a dossier already linked to another account of
	// the same provider.
	ErrDossierTaken = errors.New("dossier linked to another account of this provider")
	// ErrAlreadyLinked is an account that already has a dossier.
	ErrAlreadyLinked = errors.New("account already linked to a dossier")
	// ErrNotLinked is an unlink of an account that has no dossier.
	ErrNotLinked = errors.New("account not linked to a dossier")
)

// LockedError is returned by Link while the account or the address is
// locked after too many wrong answers.
type LockedError struct {
	// Until is when the lock ends.
	Until time.Time
}

// Error says until when linking is locked.
func (e *LockedError) Error() string {
	return fmt.Sprintf("linking locked until %s", e.Until.Format(time.RFC3339))
}

// Link links the session's account to the dossier neph if its holder was
// born on birthdate (YYYY-MM-DD), for a person typing the two in the
// linking form from the client address addr. It returns the updated
// account. A wrong answer is counted against the account and the address;
// too many lock them (see the limits).
func (s *Service) Link(sess Session, neph, birthdate, addr string) (Account, error) {
	now := s.now()
	acctKey, addrKey := accountLockKey(sess.Account), s.addressLockKey(addr)
	// Locked first: a locked account learns nothing, not even whether its
	// answer was well formed.
	var locked time.Time
	err := s.store.View(func(tx *bolt.Tx) error {
		for _, k := range [][]byte{acctKey, addrKey} {
			u, err := lockedUntil(tx, k, now)
			if err != nil {
				return err
			}
			if u.After(locked) {
				locked = u
			}
		}
		return nil
	})
	if err != nil {
		return Account{}, fmt.Errorf("link: %w", err)
	}
	if !locked.IsZero() {
		return Account{}, &LockedError{Until: locked}
	}
	n, err := store.NormaliseNEPH(neph)
	if err != nil {
		return Account{}, fmt.Errorf("link: %w: %w", ErrInvalidNEPH, err)
	}
	born, err := points.ParseDate(birthdate)
	if err != nil {
		return Account{}, fmt.Errorf("link: %w: %w", ErrInvalidBirthdate, err)
	}
	rec, err := s.store.Get(n)
	match := err == nil && rec.Holder.Birthdate == born
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Account{}, fmt.Errorf("link: %w", err)
	}

	var acct Account
	var lockErr *LockedError
	err = s.store.Update(func(tx *bolt.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if a.Linked() {
			return ErrAlreadyLinked
		}
		if !match {
			u1, err := addFailure(tx, acctKey, now, MaxAccountFailures)
			if err != nil {
				return err
			}
			u2, err := addFailure(tx, addrKey, now, MaxAddressFailures)
			if err != nil {
				return err
			}
			if u2.After(u1) {
				u1 = u2
			}
			if !u1.IsZero() {
				lockErr = &LockedError{Until: u1}
			}
			return nil // the failures are committed
		}
		if other := linkedAccount(tx, a.Provider, n); other != "" && other != a.ID {
			return ErrDossierTaken
		}
		if err := tx.Bucket(store.BucketLockouts).Delete(acctKey); err != nil {
			return err
		}
		if err := setLink(tx, &a, n); err != nil {
			return err
		}
		acct = a
		return nil
	})
	switch {
	case err != nil:
		return Account{}, fmt.Errorf("link: %w", err)
	case lockErr != nil:
		return Account{}, lockErr
	case !match:
		return Account{}, ErrLinkFailed
	}
	s.log.Info("dossier linked", "provider", acct.Provider, "by", "form")
	return acct, nil
}

// Unlink removes the link of the session's account to its dossier.
func (s *Service) Unlink(sess Session) (Account, error) {
	var acct Account
	err := s.store.Update(func(tx *bolt.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if !a.Linked() {
			return ErrNotLinked
		}
		if linkedAccount(tx, a.Provider, a.NEPH) == a.ID {
			if err := tx.Bucket(store.BucketLinks).Delete(linkKey(a.Provider, a.NEPH)); err != nil {
				return err
			}
		}
		a.NEPH = ""
		acct = a
		return putAccount(tx, a)
	})
	if err != nil {
		return Account{}, fmt.Errorf("unlink: %w", err)
	}
	return acct, nil
}

// autoLink links a FranceConnect account without a dossier to the one
// dossier whose holder has the identity pivot id, if exactly one has and
// no other FranceConnect account holds it. It reports whether it linked.
func (s *Service) autoLink(a *Account, id store.Identity) (bool, error) {
	if a.Linked() {
		return false, nil
	}
	nephs, err := s.store.FindByIdentity(id)
	if err != nil {
		return false, fmt.Errorf("match identity: %w", err)
	}
	if len(nephs) != 1 {
		return false, nil
	}
	linked := false
	err = s.store.Update(func(tx *bolt.Tx) error {
		cur, err := getAccount(tx, a.ID)
		if err != nil {
			return err
		}
		if cur.Linked() || linkedAccount(tx, cur.Provider, nephs[0]) != "" {
			*a = cur
			return nil
		}
		if err := setLink(tx, &cur, nephs[0]); err != nil {
			return err
		}
		*a = cur
		linked = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("link by identity: %w", err)
	}
	return linked, nil
}
