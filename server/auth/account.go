package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// Account is a person's account at one provider (issuer + subject), as
// stored in the accounts bucket under its ID, with the dossier it is
// linked to.
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
	// NEPH is the dossier the account is linked to, empty if none.
	NEPH string `json:"neph,omitempty"`
	// Created is the first sign-in, LastSignIn the latest.
	Created    time.Time `json:"created"`
	LastSignIn time.Time `json:"last_sign_in"`
}

// Linked tells whether the account is linked to a dossier.
func (a Account) Linked() bool { return a.NEPH != "" }

// accountID names the account of subject sub at issuer iss.
func accountID(iss, sub string) string {
	h := sha256.Sum256([]byte(iss + "\x00" + sub))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// errNoAccount is returned when a session names an account that is gone.
var errNoAccount = errors.New("account not found")

// getAccount reads an account in tx.
func getAccount(tx *bolt.Tx, id string) (Account, error) {
	v := tx.Bucket(store.BucketAccounts).Get([]byte(id))
	if v == nil {
		return Account{}, fmt.Errorf("account %s: %w", id, errNoAccount)
	}
	var a Account
	if err := json.Unmarshal(v, &a); err != nil {
		return Account{}, fmt.Errorf("read account %s: %w", id, err)
	}
	return a, nil
}

// putAccount writes an account in tx.
func putAccount(tx *bolt.Tx, a Account) error {
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode account: %w", err)
	}
	if err := tx.Bucket(store.BucketAccounts).Put([]byte(a.ID), b); err != nil {
		return fmt.Errorf("write account: %w", err)
	}
	return nil
}

// linkKey is the links bucket key of dossier neph for provider: a dossier
// is linked to one account per provider.
func linkKey(provider, neph string) []byte {
	return []byte(provider + "\x00" + neph)
}

// linkedAccount returns the ID of the account of provider linked to neph,
// or "".
func linkedAccount(tx *bolt.Tx, provider, neph string) string {
	return string(tx.Bucket(store.BucketLinks).Get(linkKey(provider, neph)))
}

// setLink links account a to neph in tx, both ways.
func setLink(tx *bolt.Tx, a *Account, neph string) error {
	if err := tx.Bucket(store.BucketLinks).Put(linkKey(a.Provider, neph), []byte(a.ID)); err != nil {
		return fmt.Errorf("write link: %w", err)
	}
	a.NEPH = neph
	return putAccount(tx, *a)
}

// Account returns the account with this ID.
func (s *Service) Account(id string) (Account, error) {
	var a Account
	err := s.store.View(func(tx *bolt.Tx) error {
		var err error
		a, err = getAccount(tx, id)
		return err
	})
	return a, err
}
