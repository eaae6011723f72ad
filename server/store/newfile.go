package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// newFile is the new store file of an import being written: the file,
// the live file's read transaction it is merged with, and the merger.
type newFile struct {
	old  *handle
	otx  *bolt.Tx
	db   *bolt.DB
	w    *builder
	m    *merger
	live bool
}

// startFile opens a new store file in the import's folder and starts its
// records bucket, merging with the live file as it is now: only imports
// and Put write records, and neither runs meanwhile.
func (im *Import) startFile() (*newFile, error) {
	im.files++
	name := FileName + "." + strconv.Itoa(im.files)
	old, err := im.s.acquire()
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	f := &newFile{old: old}
	o := liveOptions(0, nil)
	// Nobody reads this file yet, and it is synced once when complete:
	// no sync per transaction, and no freelist written until then.
	o.NoSync, o.NoFreelistSync, o.NoGrowSync = true, true, true
	if f.db, err = bolt.Open(filepath.Join(im.dir, name), 0o600, o); err != nil {
		f.close()
		return nil, fmt.Errorf("import: new store file: %w", err)
	}
	if f.otx, err = old.db.Begin(false); err != nil {
		f.close()
		return nil, fmt.Errorf("import: read the store: %w", err)
	}
	f.w = &builder{db: f.db, progress: im.Progress}
	if f.m, err = newMerger(im, f.w, f.otx, name); err != nil {
		f.close()
		return nil, err
	}
	return f, nil
}

// close ends the read transaction and lets go of the live file; unless
// the new file went live, it is closed and removed.
func (f *newFile) close() {
	if f.w != nil {
		f.w.rollback()
	}
	if f.otx != nil {
		_ = f.otx.Rollback()
		f.otx = nil
	}
	if f.db != nil && !f.live {
		path := f.db.Path()
		_ = f.db.Close()
		_ = os.Remove(path)
		f.db = nil
	}
	if f.old != nil {
		f.old.release()
		f.old = nil
	}
}
