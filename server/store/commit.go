package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// errClosing ends an import when the store is being closed.
var errClosing = errors.New("import: the store is closing; nothing imported")

// Commit merges the records added with the live file's into a new file
// and swaps it in (see Import). It returns what changed. After Commit
// returns, successfully or not, the import is over; on error the store is
// as before.
func (im *Import) Commit() (ImportStats, error) {
	if im.done {
		return ImportStats{}, errors.New("import: commit after commit or abort")
	}
	stats, err := im.commit()
	// Should the temporary folder resist removal, the next Open removes
	// it: the import's outcome does not depend on it.
	_ = im.end()
	return stats, err
}

func (im *Import) commit() (ImportStats, error) {
	s := im.s
	it, err := im.recs.iter()
	if err != nil {
		return ImportStats{}, fmt.Errorf("import: %w", err)
	}
	defer it.close()
	old, err := s.acquire()
	if err != nil {
		return ImportStats{}, fmt.Errorf("import: %w", err)
	}
	defer old.release()
	path := filepath.Join(im.dir, FileName)
	o := liveOptions(0, nil)
	// Nobody reads this file yet, and it is synced once when complete:
	// no sync per transaction, and no freelist written until then.
	o.NoSync, o.NoFreelistSync, o.NoGrowSync = true, true, true
	db, err := bolt.Open(path, 0o600, o)
	if err != nil {
		return ImportStats{}, fmt.Errorf("import: new store file: %w", err)
	}
	live := false
	defer func() {
		if !live {
			_ = db.Close()
		}
	}()
	w := &builder{db: db, progress: im.Progress}
	var stats ImportStats
	// One read transaction of the live file gives the records and index
	// to merge with, as they are at this instant: only imports and Put
	// write them, and neither runs meanwhile.
	err = old.db.View(func(otx *bolt.Tx) error {
		var err error
		stats, err = im.writeRecords(w, otx, it)
		return err
	})
	w.rollback()
	if err != nil {
		return ImportStats{}, err
	}
	// The bulk of the file goes to disk now, outside the write lock.
	if err := db.Sync(); err != nil {
		return ImportStats{}, fmt.Errorf("import: sync the new store file: %w", err)
	}
	if err := im.swapIn(db, old); err != nil {
		return ImportStats{}, err
	}
	live = true
	return stats, nil
}

// writeRecords writes the records bucket of the new file, merging the live
// file's records with the import's, then the holders index.
func (im *Import) writeRecords(w *builder, otx *bolt.Tx, it *sortedIter) (ImportStats, error) {
	var stats ImportStats
	removed := newSorter(im.dir, "holders-removed", sortBuffer/4)
	added := newSorter(im.dir, "holders-added", sortBuffer/4)
	if err := w.bucket(BucketRecords); err != nil {
		return stats, err
	}
	c := otx.Bucket(BucketRecords).Cursor()
	ok, ov := c.First()
	hasNew := it.next()
	var prev []byte
	prevLine, dups := 0, 0
	for n := 0; ok != nil || hasNew; n++ {
		if n%4096 == 0 {
			select {
			case <-im.s.closing:
				return stats, errClosing
			default:
			}
		}
		var neph, holder, enc []byte
		var line int
		if hasNew {
			neph, line = splitRecordKey(it.key)
			if bytes.Equal(neph, prev) {
				dups++
				err := &FieldError{Field: "neph", Err: fmt.Errorf("%w, already on line %d", ErrDuplicate, prevLine)}
				if im.Reject == nil {
					return stats, err
				}
				im.Reject(line, err)
				hasNew = it.next()
				continue
			}
			var err error
			if holder, enc, err = splitRecordVal(it.val); err != nil {
				return stats, err
			}
		}
		cmp := 0
		switch {
		case ok == nil:
			cmp = 1
		case !hasNew:
			cmp = -1
		default:
			cmp = bytes.Compare(ok, neph)
		}
		if dups > 0 { // only looking for more duplicates now
			if cmp < 0 {
				ok, ov = c.Next()
			} else {
				prev, prevLine = append(prev[:0], neph...), line
				hasNew = it.next()
			}
			continue
		}
		var err error
		switch {
		case cmp < 0: // a record the import does not name
			if err := w.put(ok, ov); err != nil {
				return stats, err
			}
			ok, ov = c.Next()
			continue
		case cmp > 0: // a new record
			stats.Added++
			if err = w.put(neph, enc); err == nil {
				err = added.add(holder, nil)
			}
		case sameButUpdated(enc, ov):
			stats.Unchanged++
			err = w.put(ok, ov)
			ok, ov = c.Next()
		default: // a changed record
			stats.Changed++
			err = w.put(neph, enc)
			var was []byte
			if err == nil {
				was, err = storedHolderKey(ok, ov)
			}
			if err == nil && !bytes.Equal(was, holder) {
				err = errors.Join(removed.add(was, nil), added.add(holder, nil))
			}
			ok, ov = c.Next()
		}
		if err != nil {
			return stats, err
		}
		// it.key is reused by it.next: keep a copy of the NEPH.
		prev, prevLine = append(prev[:0], neph...), line
		hasNew = it.next()
	}
	if it.err != nil {
		return stats, fmt.Errorf("import: %w", it.err)
	}
	if dups > 0 {
		return stats, fmt.Errorf("import: %d NEPHs given twice, nothing imported: %w", dups, ErrDuplicate)
	}
	rit, err := removed.iter()
	if err != nil {
		return stats, err
	}
	defer rit.close()
	ait, err := added.iter()
	if err != nil {
		return stats, err
	}
	defer ait.close()
	if err := w.writeHolders(otx.Bucket(BucketHolders), rit, ait); err != nil {
		return stats, err
	}
	return stats, w.commit()
}

// swapIn completes the new file and puts it in service: under the write
// lock, it copies every bucket of the live file but the records and the
// index (the schema, the sign-in's data), syncs, renames the file over
// mespoints.db and makes it the Store's.
func (im *Import) swapIn(db *bolt.DB, old *handle) error {
	s := im.s
	progress := func(phase string) {
		if im.Progress != nil {
			im.Progress(phase, 0)
		}
	}
	s.swap.Lock()
	defer s.swap.Unlock()
	if s.cur.Load() != old {
		return errClosing
	}
	progress("copying")
	db.NoSync, db.NoFreelistSync = false, false
	err := old.db.View(func(otx *bolt.Tx) error {
		return db.Update(func(ntx *bolt.Tx) error {
			return otx.ForEach(func(name []byte, b *bolt.Bucket) error {
				if bytes.Equal(name, BucketRecords) || bytes.Equal(name, BucketHolders) {
					return nil
				}
				nb, err := ntx.CreateBucket(name)
				if err != nil {
					return err
				}
				return copyBucket(nb, b)
			})
		})
	})
	if err != nil {
		return fmt.Errorf("import: copy the other buckets: %w", err)
	}
	progress("synced")
	if err := os.Rename(db.Path(), s.path); err != nil {
		return fmt.Errorf("import: put the new file in place: %w", err)
	}
	progress("renamed")
	syncDir(s.dir)
	s.cur.Store(newHandle(db))
	s.generation.Add(1)
	old.release() // no longer current: closed after its last reader
	return nil
}

// syncDir makes a rename in dir durable where the platform allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
