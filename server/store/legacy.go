package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// LegacySignIn is the sign-in's data that a store file of schema 1 held
// and that has not yet moved to the shared state: accounts by ID, and
// links by "provider 0x00 NEPH" → account ID, as package auth wrote them.
type LegacySignIn struct {
	// Accounts are the accounts' JSON by account ID.
	Accounts map[string][]byte
	// Links are the account IDs by "provider\x00NEPH".
	Links map[string]string
}

// Empty tells whether there is nothing to move.
func (l LegacySignIn) Empty() bool { return len(l.Accounts) == 0 && len(l.Links) == 0 }

// ReadLegacySignIn returns the accounts and links left in the file by an
// earlier version, if any.
func (s *Store) ReadLegacySignIn() (LegacySignIn, error) {
	l := LegacySignIn{Accounts: map[string][]byte{}, Links: map[string]string{}}
	err := s.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketAccounts); b != nil {
			if err := b.ForEach(func(k, v []byte) error {
				l.Accounts[string(k)] = append([]byte(nil), v...)
				return nil
			}); err != nil {
				return err
			}
		}
		if b := tx.Bucket(bucketLinks); b != nil {
			return b.ForEach(func(k, v []byte) error {
				l.Links[string(k)] = string(v)
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return LegacySignIn{}, fmt.Errorf("read the sign-in's old buckets: %w", err)
	}
	return l, nil
}

// DropLegacySignIn deletes the accounts and links buckets once their
// content is in the shared state.
func (s *Store) DropLegacySignIn() error {
	err := s.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketAccounts, bucketLinks} {
			if err := dropBucket(tx, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("drop the sign-in's old buckets: %w", err)
	}
	return nil
}
