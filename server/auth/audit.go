package auth

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// AuditEntry is one view or change of a dossier, in the audit bucket: who
// (the account ID, a hash of issuer and subject), when, what (the route or
// action) and which dossier — never any of the dossier's content.
type AuditEntry struct {
	// At is when it happened.
	At time.Time `json:"at"`
	// Account is the ID of the account signed in.
	Account string `json:"account"`
	// Provider is the provider of the session.
	Provider string `json:"provider"`
	// NEPH is the dossier viewed.
	NEPH string `json:"neph"`
	// Action is the route ("GET /api/v1/points") or the action ("link",
	// "unlink").
	Action string `json:"action"`
}

// Audit writes an entry for the session's account. The key is the
// bucket's next sequence number, big-endian: entries read back in the
// order they were written, whatever the clock does.
func (s *Service) Audit(sess Session, neph, action string) error {
	e := AuditEntry{At: s.now().UTC(), Account: sess.Account, Provider: sess.Provider, NEPH: neph, Action: action}
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	err = s.store.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketAudit)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, seq), v)
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditTrail returns every audit entry, oldest first.
func (s *Service) AuditTrail() ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.store.View(func(tx *bolt.Tx) error {
		return tx.Bucket(store.BucketAudit).ForEach(func(_, v []byte) error {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	return out, nil
}
