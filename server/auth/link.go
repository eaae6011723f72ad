package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"mespoints/points"
	"mespoints/server/kv"
	"mespoints/server/store"
)

// Errors of Link, ConfirmLink and Unlink, for errors.Is. Their texts are
// for logs; the API says them in French.
var (
	// ErrInvalidNEPH is a dossier number that cannot be one (5 to 19
	// letters and digits). It reveals nothing and is not counted.
	ErrInvalidNEPH = errors.New("not a dossier number")
	// ErrInvalidBirthdate is a date of birth that is not a date.
	ErrInvalidBirthdate = errors.New("not a date of birth")
	// ErrInvalidCode is a code that is not 6 digits; not counted.
	ErrInvalidCode = errors.New("not a code")
	// ErrLinkFailed is a dossier number and date of birth that do not
	// designate a dossier — one error for both, so as not to say which
	// part was wrong — or a wrong code. It counts towards the lock; the
	// error is a *WrongAnswerError.
	ErrLinkFailed = errors.New("wrong answer")
	// ErrIdentityMismatch is a FranceConnect session asking for a dossier
	// whose holder is not the person FranceConnect identified; the error
	// is an *IdentityMismatchError. It counts towards the lock.
	ErrIdentityMismatch = errors.New("the dossier's holder is not the person FranceConnect identified")
	// ErrDossierTaken is a dossier already linked to another account of
	// the same provider.
	ErrDossierTaken = errors.New("dossier linked to another account of this provider")
	// ErrAlreadyLinked is an account that already has a dossier.
	ErrAlreadyLinked = errors.New("account already linked to a dossier")
	// ErrNotLinked is an unlink of an account that has no dossier.
	ErrNotLinked = errors.New("account not linked to a dossier")
	// ErrNoContact is a licence-account link to a dossier whose holder
	// has no e-mail address in the registry: no code can prove it.
	ErrNoContact = errors.New("no e-mail address for the holder")
	// ErrNoCode is a confirmation with no code pending: never sent,
	// expired or used.
	ErrNoCode = errors.New("no code pending")
	// ErrMailFailed is a code that could not be sent; nothing is pending.
	ErrMailFailed = errors.New("the code could not be sent")
)

// WrongAnswerError is a wrong answer to the linking form or a wrong code.
type WrongAnswerError struct {
	// TriesLeft is how many more wrong answers the account may give before
	// it is locked (at least 1).
	TriesLeft int
	// Code tells a wrong code from a wrong dossier number or date.
	Code bool
}

// Error says what was wrong, for the log.
func (e *WrongAnswerError) Error() string {
	what := "no dossier with this number and date of birth"
	if e.Code {
		what = "wrong code"
	}
	return fmt.Sprintf("%s (%d tries left)", what, e.TriesLeft)
}

// Is makes errors.Is(err, ErrLinkFailed) true.
func (e *WrongAnswerError) Is(target error) bool { return target == ErrLinkFailed }

// IdentityMismatchError is a FranceConnect session asking for another
// person's dossier.
type IdentityMismatchError struct {
	// Pivot is who FranceConnect identified (the session's own person,
	// never the holder); empty when FranceConnect gave no whole pivot.
	Pivot Pivot
}

// Error says it, for the log, without naming anyone.
func (e *IdentityMismatchError) Error() string { return ErrIdentityMismatch.Error() }

// Is makes errors.Is(err, ErrIdentityMismatch) true.
func (e *IdentityMismatchError) Is(target error) bool { return target == ErrIdentityMismatch }

// LockedError is returned while the account or the address is locked
// after too many wrong answers, or while a dossier had too many codes
// sent.
type LockedError struct {
	// Until is when the lock ends.
	Until time.Time
	// Codes tells the lock of a dossier's codes from the lock of wrong
	// answers.
	Codes bool
}

// Error says until when linking is locked.
func (e *LockedError) Error() string {
	return fmt.Sprintf("linking locked until %s", e.Until.Format(time.RFC3339))
}

// LinkResult is what Link did: linked at once (FranceConnect), or sent a
// code (licence account).
type LinkResult struct {
	// Account is the account, linked when Linked.
	Account Account
	// Linked is true when the account is now linked.
	Linked bool
	// EmailHint is, when a code was sent, the masked address it went to.
	EmailHint string
	// Expires is, when a code was sent, when it stops being accepted.
	Expires time.Time
}

// Link answers the linking form: the dossier number neph and the
// holder's date of birth (YYYY-MM-DD), typed by the person of session
// sess from the client address addr.
//
//   - A FranceConnect session links at once when the numbers designate a
//     dossier whose holder is the person FranceConnect identified (the
//     comparison of the automatic link); another person's dossier is
//     refused (ErrIdentityMismatch) and counted as a wrong answer. The
//     link removes the dossier's licence-account link, whose account is
//     told at its next visit.
//   - A licence-account session gets a code sent to the holder's e-mail
//     address in the registry (ErrNoContact without one), which
//     ConfirmLink takes.
//
// The locks are checked, the answer judged and counted in one transaction
// of the shared state (see the limits); a locked account learns nothing,
// not even whether its answer was well formed.
func (s *Service) Link(ctx context.Context, sess Session, neph, birthdate, addr string) (LinkResult, error) {
	now := s.now()
	bucket, err := s.addressBucket(ctx, addr)
	if err != nil {
		return LinkResult{}, fmt.Errorf("link: %w", err)
	}
	lk := locksOf(sess.Account, bucket)
	n, nerr := store.NormaliseNEPH(neph)
	born, berr := points.ParseDate(birthdate)
	// The records file is deterministic: its part comes first.
	var rec store.Record
	match := false
	if nerr == nil && berr == nil {
		r, err := s.store.Get(n)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return LinkResult{}, fmt.Errorf("link: %w", err)
		}
		rec, match = r, err == nil && r.Holder.Birthdate == born
	}
	fc := sess.Provider == FranceConnect
	identityOK := !fc || (match && sess.Pivot != nil && sess.Pivot.Matches(rec.Holder))
	code := newCode()
	codeHash, err := s.keyedHash(ctx, "code", sess.Account, n, code)
	if err != nil {
		return LinkResult{}, fmt.Errorf("link: %w", err)
	}
	expires := now.Add(CodeLifetime)
	var res LinkResult
	var judged error // a wrong answer, committed with its count
	err = s.kv.Update(ctx, func(tx kv.Tx) error {
		res, judged = LinkResult{}, nil
		acct, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if acct.Linked() {
			return ErrAlreadyLinked
		}
		if until, err := lk.lockedUntil(tx, now); err != nil {
			return err
		} else if !until.IsZero() {
			return &LockedError{Until: until}
		}
		switch {
		case nerr != nil:
			return fmt.Errorf("%w: %w", ErrInvalidNEPH, nerr)
		case berr != nil:
			return fmt.Errorf("%w: %w", ErrInvalidBirthdate, berr)
		}
		if !match || !identityOK {
			left, until, err := lk.fail(tx, now)
			switch {
			case err != nil:
				return err
			case !until.IsZero():
				judged = &LockedError{Until: until}
			case !match:
				judged = &WrongAnswerError{TriesLeft: left}
			default:
				var p Pivot // a FranceConnect sign-in without a whole pivot matches nobody
				if sess.Pivot != nil {
					p = *sess.Pivot
				}
				judged = &IdentityMismatchError{Pivot: p}
			}
			return nil // the count is committed
		}
		d, err := getLinks(tx, n, now)
		if err != nil {
			return err
		}
		if other, taken := d.of(acct.Provider); taken && other.Account != acct.ID {
			return ErrDossierTaken
		}
		if fc {
			a, err := s.link(tx, acct, n, ProofFranceConnect, now)
			res = LinkResult{Account: a, Linked: true}
			return err
		}
		if rec.Holder.Email == "" {
			return ErrNoContact
		}
		sent, _, err := getJSON[codesSent](tx, codesForKey(n))
		if err != nil {
			return err
		}
		sent.Sent = slices.DeleteFunc(sent.Sent, func(t time.Time) bool { return now.Sub(t) >= codesWindow })
		if len(sent.Sent) >= MaxCodesPerDossier {
			return &LockedError{Until: sent.Sent[0].Add(codesWindow), Codes: true}
		}
		sent.Sent = append(sent.Sent, now)
		if err := putJSON(tx, codesForKey(n), sent, ttlUntil(now.Add(codesWindow), now)); err != nil {
			return err
		}
		res = LinkResult{Account: acct, EmailHint: MaskEmail(rec.Holder.Email), Expires: expires}
		return putJSON(tx, codeKey(acct.ID), pendingCode{NEPH: n, Hash: codeHash, Expires: expires}, ttlUntil(expires, now))
	})
	if err != nil {
		return LinkResult{}, fmt.Errorf("link: %w", err)
	}
	if judged != nil {
		return LinkResult{}, judged
	}
	if res.Linked {
		s.log.Info("dossier linked", "provider", sess.Provider, "by", "form")
		s.Audit(sess, n, "link")
		return res, nil
	}
	if err := s.mail.Send(ctx, codeMessage(rec.Holder.Email, code, expires.In(s.paris))); err != nil {
		s.log.Error("send a linking code", "err", err)
		if err := s.kv.Update(ctx, func(tx kv.Tx) error {
			return putJSON(tx, codeKey(sess.Account), pendingCode{Used: true}, ttlUntil(expires, now))
		}); err != nil {
			s.log.Error("withdraw a code not sent", "err", err)
		}
		return LinkResult{}, fmt.Errorf("link: %w", ErrMailFailed)
	}
	s.log.Info("linking code sent", "provider", sess.Provider)
	s.Audit(sess, n, "link code sent")
	return res, nil
}

// ConfirmLink takes the code a licence-account session received by
// e-mail and links the account to the dossier it was sent for, proven by
// the code. A wrong code counts as a wrong answer; the lock is checked and
// the code judged in one transaction; a code serves once.
func (s *Service) ConfirmLink(ctx context.Context, sess Session, code, addr string) (Account, error) {
	now := s.now()
	bucket, err := s.addressBucket(ctx, addr)
	if err != nil {
		return Account{}, fmt.Errorf("confirm link: %w", err)
	}
	lk := locksOf(sess.Account, bucket)
	c, valid := normaliseCode(code)
	var acct Account
	var judged error
	err = s.kv.Update(ctx, func(tx kv.Tx) error {
		judged = nil
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if a.Linked() {
			return ErrAlreadyLinked
		}
		if until, err := lk.lockedUntil(tx, now); err != nil {
			return err
		} else if !until.IsZero() {
			return &LockedError{Until: until}
		}
		if !valid {
			return ErrInvalidCode
		}
		p, ok, err := getJSON[pendingCode](tx, codeKey(a.ID))
		if err != nil {
			return err
		}
		if !ok || p.Used || !now.Before(p.Expires) {
			return ErrNoCode
		}
		// The hash's secret is cached after the first use: no I/O here.
		h, err := s.keyedHash(ctx, "code", a.ID, p.NEPH, c)
		if err != nil {
			return err
		}
		if !sameSecret(h, p.Hash) {
			left, until, err := lk.fail(tx, now)
			switch {
			case err != nil:
				return err
			case !until.IsZero():
				judged = &LockedError{Until: until}
			default:
				judged = &WrongAnswerError{TriesLeft: left, Code: true}
			}
			return nil
		}
		d, err := getLinks(tx, p.NEPH, now)
		if err != nil {
			return err
		}
		if other, taken := d.of(a.Provider); taken && other.Account != a.ID {
			return ErrDossierTaken
		}
		if err := putJSON(tx, codeKey(a.ID), pendingCode{Used: true}, ttlUntil(p.Expires, now)); err != nil {
			return err
		}
		acct, err = s.link(tx, a, p.NEPH, ProofEmailCode, now)
		return err
	})
	if err != nil {
		return Account{}, fmt.Errorf("confirm link: %w", err)
	}
	if judged != nil {
		return Account{}, judged
	}
	s.log.Info("dossier linked", "provider", sess.Provider, "by", "code")
	s.Audit(sess, acct.NEPH, "link")
	return acct, nil
}

// Unlink removes the link of the session's account to its dossier.
func (s *Service) Unlink(ctx context.Context, sess Session) (Account, error) {
	now := s.now()
	var acct Account
	var neph string
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		if !a.Linked() {
			return ErrNotLinked
		}
		d, err := getLinks(tx, a.NEPH, now)
		if err != nil {
			return err
		}
		if err := putLinks(tx, a.NEPH, d.without(a.ID), now); err != nil {
			return err
		}
		neph = a.NEPH
		a.NEPH = ""
		acct = a
		return putAccount(tx, a, now)
	})
	if err != nil {
		return Account{}, fmt.Errorf("unlink: %w", err)
	}
	s.Audit(sess, neph, "unlink")
	return acct, nil
}
