package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"mespoints/server/kv"
)

// Account is a person's account at one provider (issuer + subject), as
// stored under auth/account/<ID>, with the dossier it is linked to.
type Account struct {
	// ID is derived from the issuer and the subject (see accountID): it
	// names the account in the audit log without saying who it is.
	ID string `json:"id"`
	// Provider is Usager or FranceConnect.
	Provider string `json:"provider"`
	// Issuer and Subject identify the person at the provider.
	Issuer  string `json:"iss"`
	Subject string `json:"sub"`
	// GivenName, FamilyName and Email are what the provider said of the
	// person at the last sign-in.
	GivenName  string `json:"given_name,omitempty"`
	FamilyName string `json:"family_name,omitempty"`
	Email      string `json:"email,omitempty"`
	// NEPH is the dossier the account is linked to, empty if none; the
	// dossier's links entry lists the account too (both change in one
	// transaction).
	NEPH string `json:"neph,omitempty"`
	// Created is the first sign-in, LastSignIn the latest.
	Created    time.Time `json:"created"`
	LastSignIn time.Time `json:"last_sign_in"`
	// Generation is a random word every session of the account carries:
	// "sign out everywhere" changes it, and so does deleting the account,
	// which ends every session at once, wherever it was opened.
	Generation string `json:"generation"`
}

// Linked tells whether the account is linked to a dossier.
func (a Account) Linked() bool { return a.NEPH != "" }

// accountID names the account of subject sub at issuer iss.
func accountID(iss, sub string) string {
	h := sha256.Sum256([]byte(iss + "\x00" + sub))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// newGeneration returns a fresh session generation.
func newGeneration() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errNoAccount is returned when a session names an account that is gone.
var errNoAccount = errors.New("account not found")

// getAccount reads an account in tx.
func getAccount(tx kv.Tx, id string) (Account, error) {
	a, ok, err := getJSON[Account](tx, accountKey(id))
	if err != nil {
		return Account{}, err
	}
	if !ok {
		return Account{}, errNoAccount
	}
	return a, nil
}

// AccountRetention is how long an account is kept after its last
// sign-in (its creation, for one never used since): an account unused
// for that long goes by itself, with its links to a dossier, its notices
// and its sessions long gone. A person who comes back after that signs in
// to a new account and links their dossier again.
const AccountRetention = 3 * 365 * 24 * time.Hour

// lastActive is the account's last sign-in, its creation before any.
func (a Account) lastActive() time.Time {
	if a.LastSignIn.After(a.Created) {
		return a.LastSignIn
	}
	return a.Created
}

// putAccount writes an account in tx, kept AccountRetention after its
// last sign-in.
func putAccount(tx kv.Tx, a Account, now time.Time) error {
	return putJSON(tx, accountKey(a.ID), a, ttlUntil(a.lastActive().Add(AccountRetention), now))
}

// Account returns the account with this ID.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	a, ok, err := readDecoded(ctx, s.kv, s.accounts, accountKey(id))
	if err != nil {
		return Account{}, fmt.Errorf("read account: %w", err)
	}
	if !ok {
		return Account{}, errNoAccount
	}
	return a, nil
}
