package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Get returns the record of the dossier neph (normalised first), or an
// error wrapping ErrNotFound.
func (s *Store) Get(neph string) (Record, error) {
	key, err := NormaliseNEPH(neph)
	if err != nil {
		return Record{}, fmt.Errorf("get record: %w", err)
	}
	var r Record
	err = s.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(BucketRecords).Get([]byte(key))
		if v == nil {
			return ErrNotFound
		}
		r, err = decodeRecord(v)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("get record: %w", err)
	}
	return r, nil
}

// Put validates r and writes it, keeping the holders index in step. A
// record whose content, apart from Updated, equals the stored one leaves
// the store untouched (see applyRecord). It waits for a running import to
// end. It is for tests and demo data: a node's records come from imports.
func (s *Store) Put(r Record) error {
	if err := r.normalise(); err != nil {
		return fmt.Errorf("put record: %w", err)
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("put record: %w", err)
	}
	// An import running would not carry the record over: wait for it.
	s.importing.Lock()
	defer s.importing.Unlock()
	var result outcome
	err := s.Update(func(tx *bolt.Tx) (err error) {
		result, err = applyRecord(tx, r)
		return err
	})
	if err != nil {
		return fmt.Errorf("put record: %w", err)
	}
	if result != unchanged {
		s.generation.Add(1)
	}
	return nil
}

// outcome is what applyRecord did.
type outcome int

const (
	added outcome = iota
	changed
	unchanged
)

// applyRecord writes the valid, normalised record r in tx. If a record
// with the same NEPH is stored and the two are equal once r takes the
// stored Updated date, nothing is written: the stored record, and so its
// Updated date, stays as it was. Equal means the same canonical encoding:
// every field, events in the same order.
func applyRecord(tx *bolt.Tx, r Record) (outcome, error) {
	recs, holders := tx.Bucket(BucketRecords), tx.Bucket(BucketHolders)
	key := []byte(r.NEPH)
	result := added
	if old := recs.Get(key); old != nil {
		o, err := decodeRecord(old)
		if err != nil {
			return 0, err
		}
		same := r
		same.Updated = o.Updated
		enc, err := encodeRecord(same)
		if err != nil {
			return 0, err
		}
		if bytes.Equal(enc, old) {
			return unchanged, nil
		}
		if err := holders.Delete(holderKey(o.Holder, r.NEPH)); err != nil {
			return 0, fmt.Errorf("holders index: %w", err)
		}
		result = changed
	}
	enc, err := encodeRecord(r)
	if err != nil {
		return 0, err
	}
	if err := recs.Put(key, enc); err != nil {
		return 0, fmt.Errorf("write record: %w", err)
	}
	if err := holders.Put(holderKey(r.Holder, r.NEPH), nil); err != nil {
		return 0, fmt.Errorf("holders index: %w", err)
	}
	return result, nil
}

// holderKey is the holders index key of the dossier neph held by h.
func holderKey(h Holder, neph string) []byte {
	k := h.Identity().key()
	k = append(k, 0)
	return append(k, neph...)
}

// FindByIdentity returns the NEPHs of the dossiers whose holder has this
// identity, compared as Identity.key says (names folded), in NEPH order.
func (s *Store) FindByIdentity(id Identity) ([]string, error) {
	prefix := append(id.key(), 0)
	var nephs []string
	err := s.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(BucketHolders).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			nephs = append(nephs, string(k[len(prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find by identity: %w", err)
	}
	return nephs, nil
}

// Count returns the number of records.
func (s *Store) Count() (int, error) {
	var n int
	err := s.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(BucketRecords).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count records: %w", err)
	}
	return n, nil
}

// ForEach calls fn for every record in NEPH order, all from one consistent
// state of the store, and stops at the first error fn returns.
func (s *Store) ForEach(fn func(Record) error) error {
	return s.View(func(tx *bolt.Tx) error {
		return tx.Bucket(BucketRecords).ForEach(func(k, v []byte) error {
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("read records: %w", err)
			}
			return fn(r)
		})
	})
}
