package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// errClosing ends an import when the store is being closed.
var errClosing = errors.New("import: the store is closing; nothing imported")

// Commit merges the records added with the live file's into a new file
// and swaps it in (see Import). It returns what changed. After Commit
// returns, successfully or not, the import is over; on error the store is
// as before.
func (im *Import) Commit() (ImportStats, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.done {
		return ImportStats{}, errors.New("import: commit after commit or abort")
	}
	if im.closed {
		_ = im.end()
		return ImportStats{}, errClosing
	}
	stats, err := im.commit()
	// Should the temporary folder resist removal, the next Open removes
	// it: the import's outcome does not depend on it.
	_ = im.end()
	return stats, err
}

func (im *Import) commit() (ImportStats, error) {
	f := im.file
	im.file = nil
	if f == nil {
		// The records came out of order (or there were none): merge
		// them, sorted, into a new file now.
		it, err := im.recs.iter()
		if err != nil {
			return ImportStats{}, fmt.Errorf("import: %w", err)
		}
		defer it.close()
		if f, err = im.startFile(); err != nil {
			return ImportStats{}, err
		}
		defer f.close()
		for it.next() {
			neph, line := splitRecordKey(it.key)
			holder, enc, err := splitRecordVal(it.val)
			if err != nil {
				return ImportStats{}, err
			}
			if err := f.m.feed(neph, line, holder, enc); err != nil {
				return ImportStats{}, err
			}
		}
		if it.err != nil {
			return ImportStats{}, fmt.Errorf("import: %w", it.err)
		}
	} else {
		defer f.close()
	}
	stats, err := f.m.finish()
	if err != nil {
		return ImportStats{}, err
	}
	// The live file is read no more: let its writers grow it if they
	// must (bbolt remaps only when no read transaction runs).
	_ = f.otx.Rollback()
	f.otx = nil
	// The bulk of the file goes to disk now, outside the write lock.
	if err := f.db.Sync(); err != nil {
		return ImportStats{}, fmt.Errorf("import: sync the new store file: %w", err)
	}
	if err := im.swapIn(f.db, f.old); err != nil {
		return ImportStats{}, err
	}
	f.live = true
	return stats, nil
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
