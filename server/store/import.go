package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Inside the staging bucket: the incoming sub-bucket (NEPH → line number,
// 4 bytes big-endian, then the stored form of the record) and the key whose
// presence marks the commit point.
var (
	bucketIncoming = []byte("incoming")
	keyCommitted   = []byte("committed")
)

// importBatch is how many records one write transaction of an import
// holds: it bounds the memory of an import whatever the size of the file.
const importBatch = 2000

// ImportStats counts what an import did.
type ImportStats struct {
	// Added is the number of new dossiers.
	Added int
	// Changed is the number of dossiers whose content changed.
	Changed int
	// Unchanged is the number of dossiers left as they were, Updated date
	// included.
	Unchanged int
}

// Import is an import in progress: records are added one by one (staged),
// then either all applied by Commit or all dropped by Abort.
//
// Crash safety: Add writes validated records, in batches of importBatch,
// to a staging bucket that nothing else reads. Commit marks the staging
// bucket committed in one transaction (the commit point), then moves the
// records into place batch by batch. If the process dies before the commit
// point, the next Open drops the staging bucket: the store holds none of
// the import. If it dies after, the next Open finishes moving them: the
// store holds all of it. While Commit moves records, readers of the same
// Store may see some of the import and not the rest; the import command
// holds the file lock, so no other process reads then.
type Import struct {
	s     *Store
	batch []stagedRecord
	seen  map[string]int
	done  bool
	// Progress, if set, is called after each batch is written: phase
	// "staging" with the number of records staged so far, then "applying"
	// with the number applied so far.
	Progress func(phase string, n int)
	staged   int
}

type stagedRecord struct {
	key []byte
	val []byte
}

// BeginImport starts an import. Only one can run at a time on a store.
func (s *Store) BeginImport() (*Import, error) {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketStaging) != nil {
			return errors.New("another import is running")
		}
		st, err := tx.CreateBucket(bucketStaging)
		if err != nil {
			return err
		}
		_, err = st.CreateBucket(bucketIncoming)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	return &Import{s: s, seen: make(map[string]int)}, nil
}

// Add normalises and validates r, read from line number line of the
// extract, and stages it. It returns a *FieldError for an invalid record,
// and one wrapping ErrDuplicate for a NEPH already added; the import can go
// on after either, though the caller will usually Abort.
func (im *Import) Add(r Record, line int) error {
	if im.done {
		return errors.New("import: add after commit or abort")
	}
	if err := r.normalise(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	first, ok := im.seen[r.NEPH]
	if !ok {
		err := im.s.db.View(func(tx *bolt.Tx) error {
			if v := incoming(tx).Get([]byte(r.NEPH)); len(v) >= 4 {
				first, ok = int(binary.BigEndian.Uint32(v)), true
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if ok {
		return &FieldError{Field: "neph", Err: fmt.Errorf("%w, already on line %d", ErrDuplicate, first)}
	}
	enc, err := encodeRecord(r)
	if err != nil {
		return err
	}
	val := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(enc)), uint32(line))
	im.batch = append(im.batch, stagedRecord{key: []byte(r.NEPH), val: append(val, enc...)})
	im.seen[r.NEPH] = line
	if len(im.batch) >= importBatch {
		return im.flush()
	}
	return nil
}

// flush writes the batch to the staging bucket in one transaction.
func (im *Import) flush() error {
	if len(im.batch) == 0 {
		return nil
	}
	err := im.s.db.Update(func(tx *bolt.Tx) error {
		in := incoming(tx)
		for _, r := range im.batch {
			if err := in.Put(r.key, r.val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import: stage records: %w", err)
	}
	im.staged += len(im.batch)
	im.batch = im.batch[:0]
	clear(im.seen)
	if im.Progress != nil {
		im.Progress("staging", im.staged)
	}
	return nil
}

// Commit applies every staged record (see applyRecord) and returns what
// changed. After Commit returns, successfully or not, the import is over.
func (im *Import) Commit() (ImportStats, error) {
	if im.done {
		return ImportStats{}, errors.New("import: commit after commit or abort")
	}
	if err := im.flush(); err != nil {
		_ = im.Abort()
		return ImportStats{}, err
	}
	im.done = true
	err := im.s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStaging).Put(keyCommitted, []byte{1})
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import: commit: %w", err)
	}
	return im.s.applyStaged(im.Progress)
}

// Abort drops the staged records; the store is as before the import.
func (im *Import) Abort() error {
	im.done = true
	err := im.s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketStaging) == nil {
			return nil
		}
		return tx.DeleteBucket(bucketStaging)
	})
	if err != nil {
		return fmt.Errorf("import: abort: %w", err)
	}
	return nil
}

// applyStaged moves the staged records into place, importBatch of them a
// transaction, deleting each from the staging bucket in the transaction
// that applies it, so that it can resume after a crash; the transaction
// that applies the last ones deletes the staging bucket.
func (s *Store) applyStaged(progress func(string, int)) (ImportStats, error) {
	var stats ImportStats
	for last := false; !last; {
		err := s.db.Update(func(tx *bolt.Tx) error {
			in := incoming(tx)
			var keys, vals [][]byte
			c := in.Cursor()
			for k, v := c.First(); k != nil && len(keys) < importBatch; k, v = c.Next() {
				keys = append(keys, append([]byte(nil), k...))
				vals = append(vals, append([]byte(nil), v...))
			}
			for i, k := range keys {
				r, err := decodeRecord(vals[i][4:])
				if err != nil {
					return err
				}
				o, err := applyRecord(tx, r)
				if err != nil {
					return err
				}
				switch o {
				case added:
					stats.Added++
				case changed:
					stats.Changed++
				default:
					stats.Unchanged++
				}
				if err := in.Delete(k); err != nil {
					return err
				}
			}
			if len(keys) < importBatch {
				last = true
				return tx.DeleteBucket(bucketStaging)
			}
			return nil
		})
		if err != nil {
			return stats, fmt.Errorf("import: apply records: %w", err)
		}
		if progress != nil {
			progress("applying", stats.Added+stats.Changed+stats.Unchanged)
		}
	}
	return stats, nil
}

// recoverImport finishes or drops an import a crash interrupted: past the
// commit point it is finished, before it dropped (see Import).
func (s *Store) recoverImport() error {
	var committed, present bool
	err := s.db.View(func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketStaging)
		present = st != nil
		committed = present && st.Get(keyCommitted) != nil
		return nil
	})
	switch {
	case err != nil:
		return fmt.Errorf("recover import: %w", err)
	case committed:
		if _, err := s.applyStaged(nil); err != nil {
			return fmt.Errorf("finish interrupted import: %w", err)
		}
	case present:
		err := s.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketStaging) })
		if err != nil {
			return fmt.Errorf("drop interrupted import: %w", err)
		}
	}
	return nil
}

func incoming(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(bucketStaging).Bucket(bucketIncoming)
}
