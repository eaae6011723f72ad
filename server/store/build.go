package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// builder writes a new store file in sequential order: bucket after
// bucket, keys increasing, leaves filled to the brim, in transactions of
// about txBytes with no sync (the file is synced once, at the end).
type builder struct {
	db   *bolt.DB
	tx   *bolt.Tx
	b    *bolt.Bucket
	name []byte
	// arena holds the pairs of the transaction: bbolt keeps what Put is
	// given until the commit.
	arena    []byte
	written  int
	progress func(phase string, n int)
}

// bucket starts writing the top-level bucket name.
func (w *builder) bucket(name []byte) error {
	if err := w.commit(); err != nil {
		return err
	}
	w.name = name
	return w.begin()
}

func (w *builder) begin() error {
	tx, err := w.db.Begin(true)
	if err != nil {
		return fmt.Errorf("new store file: %w", err)
	}
	b, err := tx.CreateBucketIfNotExists(w.name)
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("new store file: bucket %s: %w", w.name, err)
	}
	// Keys come in order: full pages, none half empty after a split.
	b.FillPercent = 1.0
	w.tx, w.b = tx, b
	if w.arena == nil {
		w.arena = make([]byte, 0, txBytes+64<<10)
	}
	w.arena = w.arena[:0]
	return nil
}

// put writes a pair, copying it.
func (w *builder) put(key, val []byte) error {
	if len(w.arena)+len(key)+len(val) > cap(w.arena) {
		// A pair larger than what is left: give it its own copy.
		key, val = bytes.Clone(key), bytes.Clone(val)
	} else {
		start := len(w.arena)
		w.arena = append(append(w.arena, key...), val...)
		key = w.arena[start : start+len(key) : start+len(key)]
		val = w.arena[start+len(key):]
	}
	if err := w.b.Put(key, val); err != nil {
		return fmt.Errorf("new store file: %w", err)
	}
	w.written++
	if len(w.arena) >= txBytes {
		if err := w.commit(); err != nil {
			return err
		}
		if w.progress != nil {
			w.progress("writing", w.written)
		}
		return w.begin()
	}
	return nil
}

// commit commits the transaction in progress, if any.
func (w *builder) commit() error {
	if w.tx == nil {
		return nil
	}
	tx := w.tx
	w.tx, w.b = nil, nil
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("new store file: %w", err)
	}
	return nil
}

// rollback drops the transaction in progress, if any.
func (w *builder) rollback() {
	if w.tx != nil {
		_ = w.tx.Rollback()
		w.tx, w.b = nil, nil
	}
}

// writeHolders writes the holders index of the new file: the live file's
// entries but those in removed, plus those in added; all three sorted.
func (w *builder) writeHolders(old *bolt.Bucket, removed, added *sortedIter) error {
	if err := w.bucket(BucketHolders); err != nil {
		return err
	}
	c := old.Cursor()
	k, _ := c.First()
	hasRem, hasAdd := removed.next(), added.next()
	for k != nil || hasAdd {
		if k != nil {
			for hasRem && bytes.Compare(removed.key, k) < 0 {
				hasRem = removed.next()
			}
			if hasRem && bytes.Equal(removed.key, k) {
				k, _ = c.Next()
				continue
			}
		}
		var err error
		switch {
		case k != nil && (!hasAdd || bytes.Compare(k, added.key) < 0):
			err = w.put(k, nil)
			k, _ = c.Next()
		case k != nil && bytes.Equal(k, added.key):
			err = w.put(k, nil)
			k, _ = c.Next()
			hasAdd = added.next()
		default:
			err = w.put(added.key, nil)
			hasAdd = added.next()
		}
		if err != nil {
			return err
		}
	}
	if removed.err != nil {
		return removed.err
	}
	return added.err
}

// copyBucket copies bucket src, its nested buckets and its sequence, into
// dst.
func copyBucket(dst, src *bolt.Bucket) error {
	if err := dst.SetSequence(src.Sequence()); err != nil {
		return err
	}
	return src.ForEach(func(k, v []byte) error {
		if v != nil {
			return dst.Put(k, v)
		}
		sub, err := dst.CreateBucket(k)
		if err != nil {
			return err
		}
		return copyBucket(sub, src.Bucket(k))
	})
}
