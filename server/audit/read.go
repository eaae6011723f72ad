package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Filter chooses entries; the zero Filter chooses all.
type Filter struct {
	// NEPH, if not empty, keeps the entries of this dossier (normalised).
	NEPH string
	// Since, if not zero, keeps the entries at or after it.
	Since time.Time
}

// Entries returns the entries f chooses, oldest first, read in one
// transaction that lasts while the caller iterates. Entries still queued
// are not among them (see Flush).
func (l *Log) Entries(f Filter) iter.Seq2[Entry, error] {
	return entries(l.db, f)
}

// WriteAudit writes the entries f chooses as JSON Lines, oldest first,
// after writing every entry already recorded: what the admin socket
// serves at GET /audit.
func (l *Log) WriteAudit(w io.Writer, neph string, since time.Time) error {
	l.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for e, err := range l.Entries(Filter{NEPH: neph, Since: since}) {
		if err != nil {
			return err
		}
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write audit entries: %w", err)
		}
	}
	return nil
}

// entries walks db's entries that f chooses, oldest first.
func entries(db *bolt.DB, f Filter) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		err := db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketEntries)
			if b == nil {
				return nil
			}
			start := timeKey(f.Since)
			emit := func(v []byte) (bool, error) {
				var e Entry
				if err := json.Unmarshal(v, &e); err != nil {
					return false, fmt.Errorf("read audit entry: %w", err)
				}
				return yield(e, nil), nil
			}
			if f.NEPH != "" {
				prefix := append([]byte(f.NEPH), 0)
				c := tx.Bucket(bucketByNEPH).Cursor()
				for k, _ := c.Seek(append(bytes.Clone(prefix), start...)); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
					v := b.Get(k[len(prefix):])
					if v == nil {
						continue
					}
					if more, err := emit(v); err != nil || !more {
						return err
					}
				}
				return nil
			}
			c := b.Cursor()
			for k, v := c.Seek(start); k != nil; k, v = c.Next() {
				if more, err := emit(v); err != nil || !more {
					return err
				}
			}
			return nil
		})
		if err != nil {
			yield(Entry{}, fmt.Errorf("read audit log: %w", err))
		}
	}
}

// Reader reads the audit log of a data folder that no process holds (the
// server stopped). Close it when done.
type Reader struct {
	db *bolt.DB
}

// OpenReader opens the audit log of data folder dir read-only. It fails
// with ErrInUse when a server holds the file (ask it through the admin
// socket), ErrMissing when there is none.
func OpenReader(dir string) (*Reader, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, ErrMissing)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, openError(err))
	}
	return &Reader{db: db}, nil
}

// Entries returns the entries f chooses, oldest first.
func (r *Reader) Entries(f Filter) iter.Seq2[Entry, error] { return entries(r.db, f) }

// Close closes the file.
func (r *Reader) Close() error { return r.db.Close() }
