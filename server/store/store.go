// Package store keeps the licence records the server serves in one bbolt
// file, DIR/mespoints.db, with an index of holder identities and room for
// the data of sign-in (accounts, links, sessions, audit, lockouts).
//
// Bucket layout (schema version 1):
//
//	meta       "schema" → schema version, 8 bytes big-endian
//	records    NEPH → stored record: its JSON with "v": RecordVersion
//	holders    identity key 0x00 NEPH → empty (see Identity.key)
//	accounts, links, sessions, audit, lockouts: empty, for later issues
//	staging    only while an import runs (see Import)
//
// Reads run in bbolt read transactions, which never wait for the writer.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the name of the store file in its directory.
const FileName = "mespoints.db"

// The top-level buckets. Other packages keep their data in the bucket
// named for it, through View and Update.
var (
	BucketMeta     = []byte("meta")
	BucketRecords  = []byte("records")
	BucketHolders  = []byte("holders")
	BucketAccounts = []byte("accounts")
	BucketLinks    = []byte("links")
	BucketSessions = []byte("sessions")
	BucketAudit    = []byte("audit")
	BucketLockouts = []byte("lockouts")
	bucketStaging  = []byte("staging")
)

// Errors a caller can test for with errors.Is.
var (
	// ErrNotFound is returned by Get when no record has the NEPH.
	ErrNotFound = errors.New("no record with this NEPH")
	// ErrInUse is returned by Open when another process holds the file.
	ErrInUse = errors.New("store is in use by another process (is the server running?)")
	// ErrMissing is returned by Open with MustExist when there is no file.
	ErrMissing = errors.New("store not found")
	// ErrDamaged is returned by Open when the file is not a readable store.
	ErrDamaged = errors.New("not a Mes points store, or damaged")
)

// Options tune Open. The zero value is the server's: create the store if
// it is missing, and wait 2 seconds for another process to let go of it.
type Options struct {
	// Timeout is how long to wait for another process holding the file;
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// MustExist makes Open fail with ErrMissing rather than create a store
	// (for export and backup, where a new empty store would hide a typo).
	MustExist bool
}

// DefaultTimeout is how long Open waits for the file lock by default.
const DefaultTimeout = 2 * time.Second

// Store is an open store file. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
}

// Open opens DIR/mespoints.db, creating the directory and the file unless
// opts.MustExist, and brings its schema up to date (see migrations). An
// import that was interrupted before its commit point is discarded, one
// interrupted after it is finished (see Import).
func Open(dir string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	path := filepath.Join(dir, FileName)
	if o.MustExist {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open store %s: %w", path, ErrMissing)
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      o.Timeout,
		FreelistType: bolt.FreelistMapType,
		// A large initial map means the file rarely needs remapping, the
		// one moment when a writer waits for the readers.
		InitialMmapSize: 1 << 30,
	})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, openError(err))
	}
	s := &Store{db: db, path: path}
	if err := s.upgrade(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := s.recoverImport(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// openError turns bbolt's errors into ones a person can act on.
func openError(err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return ErrInUse
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return err
}

// Path returns the store file's path.
func (s *Store) Path() string { return s.path }

// Close closes the file. It waits for running transactions to end.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// View runs fn in a read transaction: it sees one consistent state of the
// store and never waits for the writer. Other packages use it to read
// their own buckets.
func (s *Store) View(fn func(tx *bolt.Tx) error) error { return s.db.View(fn) }

// Update runs fn in the write transaction, committed if fn returns nil and
// rolled back otherwise. Writers take turns.
func (s *Store) Update(fn func(tx *bolt.Tx) error) error { return s.db.Update(fn) }
