package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// merger writes the records bucket of a new file: the live file's records
// merged with the import's, which feed gives it in NEPH order. finish
// writes the rest and the holders index.
type merger struct {
	im       *Import
	w        *builder
	otx      *bolt.Tx
	c        *bolt.Cursor
	ok, ov   []byte // the live file's next record
	prev     []byte // the NEPH fed last
	prevLine int
	dups     int
	n        int
	stats    ImportStats
	// The holders index entries to drop from the live file's (a holder
	// whose identity changed) and to add.
	removed, added *sorter
}

// newMerger starts the records bucket of w, to merge with the records of
// the live file's transaction otx.
func newMerger(im *Import, w *builder, otx *bolt.Tx, name string) (*merger, error) {
	if err := w.bucket(BucketRecords); err != nil {
		return nil, err
	}
	m := &merger{im: im, w: w, otx: otx, c: otx.Bucket(BucketRecords).Cursor(),
		removed: newSorter(im.dir, name+"-holders-removed", sortBuffer/4),
		added:   newSorter(im.dir, name+"-holders-added", sortBuffer/4)}
	m.ok, m.ov = m.c.First()
	return m, nil
}

// feed merges the import's record neph, from line line, with its holders
// key and stored form. Records come in NEPH order; the same NEPH again is
// a duplicate, reported to Reject, after which nothing more is written.
func (m *merger) feed(neph []byte, line int, holder, enc []byte) error {
	if m.n++; m.n%4096 == 0 {
		select {
		case <-m.im.s.closing:
			return errClosing
		default:
		}
	}
	if m.prev != nil && bytes.Equal(neph, m.prev) {
		m.dups++
		err := &FieldError{Field: "neph", Err: fmt.Errorf("%w, already on line %d", ErrDuplicate, m.prevLine)}
		if m.im.Reject == nil {
			return err
		}
		m.im.reject(line, err)
		return nil
	}
	// The live file's records before this one: kept as they are.
	for m.ok != nil && bytes.Compare(m.ok, neph) < 0 {
		if m.dups == 0 {
			if err := m.w.put(m.ok, m.ov); err != nil {
				return err
			}
		}
		m.ok, m.ov = m.c.Next()
	}
	same := m.ok != nil && bytes.Equal(m.ok, neph)
	var err error
	switch {
	case m.dups > 0: // only looking for more duplicates now
	case !same:
		m.stats.Added++
		if err = m.w.put(neph, enc); err == nil {
			err = m.added.add(holder, nil)
		}
	case sameButUpdated(enc, m.ov):
		m.stats.Unchanged++
		err = m.w.put(m.ok, m.ov)
	default:
		m.stats.Changed++
		err = m.w.put(neph, enc)
		var was []byte
		if err == nil {
			was, err = storedHolderKey(m.ok, m.ov)
		}
		if err == nil && !bytes.Equal(was, holder) {
			err = errors.Join(m.removed.add(was, nil), m.added.add(holder, nil))
		}
	}
	if err != nil {
		return err
	}
	if same {
		m.ok, m.ov = m.c.Next()
	}
	m.prev, m.prevLine = append(m.prev[:0], neph...), line
	return nil
}

// finish writes the live file's records after the last one fed, then the
// holders index, and commits.
func (m *merger) finish() (ImportStats, error) {
	if m.dups > 0 {
		return m.stats, fmt.Errorf("import: %d NEPHs given twice, nothing imported: %w", m.dups, ErrDuplicate)
	}
	for ; m.ok != nil; m.ok, m.ov = m.c.Next() {
		if err := m.w.put(m.ok, m.ov); err != nil {
			return m.stats, err
		}
	}
	rit, err := m.removed.iter()
	if err != nil {
		return m.stats, err
	}
	defer rit.close()
	ait, err := m.added.iter()
	if err != nil {
		return m.stats, err
	}
	defer ait.close()
	if err := m.w.writeHolders(m.otx.Bucket(BucketHolders), rit, ait); err != nil {
		return m.stats, err
	}
	return m.stats, m.w.commit()
}
