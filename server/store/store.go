// Package store keeps the licence records a node serves in one bbolt
// file, DIR/mespoints.db: the node's copy of the registry, with an index of
// holder identities. The sign-in's state (accounts, links, sessions,
// lockouts) lives in the shared state (package kv), not here.
//
// Bucket layout (schema version 2):
//
//	meta       "schema" → schema version, 8 bytes big-endian
//	records    NEPH → stored record: its JSON with "v": RecordVersion
//	holders    identity key 0x00 NEPH → empty (see Identity.key)
//	audit      unused: the audit log is DIR/audit.db (package audit)
//	accounts, links: only in a file of schema 1 not yet started since
//	           (see LegacySignIn): package auth moves them to the shared
//	           state at the first start, then drops them
//
// Reads run in bbolt read transactions, which never wait for the writer.
// An import does not write into the open file: it builds a new file beside
// it and swaps it in whole (see Import), so that readers see the records
// before the import or after it, never a mix.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the name of the store file in its directory.
const FileName = "mespoints.db"

// The top-level buckets. Other packages keep their data in the bucket
// named for it, through View and Update.
var (
	BucketMeta    = []byte("meta")
	BucketRecords = []byte("records")
	BucketHolders = []byte("holders")
	// BucketAudit held the audit entries in earlier versions; the audit
	// log is now DIR/audit.db, which adopts them (audit.Log.Adopt).
	BucketAudit = []byte("audit")
	// The sign-in's buckets of schema 1 (see LegacySignIn).
	bucketAccounts = []byte("accounts")
	bucketLinks    = []byte("links")
	bucketSessions = []byte("sessions")
	bucketLockouts = []byte("lockouts")
	// bucketStaging held the records of an import in progress in earlier
	// versions; Open drops one left by a crash (that import did not
	// happen: run it again).
	bucketStaging = []byte("staging")
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
	dir  string
	path string
	cur  atomic.Pointer[handle]
	// swap is held shared by every Update and exclusively by the last
	// step of an import, which copies the sign-in's buckets into the new
	// file and swaps it in: no write to them is lost.
	swap sync.RWMutex
	// importing is held by the running import, and by Put, which must
	// not write a record the import would not carry over.
	importing sync.Mutex
	// generation counts the changes of the records: see Generation.
	generation atomic.Uint64
	// closing is closed when Close begins: a running import gives up.
	closing   chan struct{}
	closeOnce sync.Once
}

// Open opens DIR/mespoints.db, creating the directory and the file unless
// opts.MustExist, and brings its schema up to date (see migrations). What
// an interrupted import left (a temporary folder beside the file) is
// removed: the store holds that import whole or not at all (see Import).
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
	db, err := openFile(path, o.Timeout)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{dir: dir, path: path, closing: make(chan struct{})}
	s.cur.Store(newHandle(db))
	fail := func(err error) (*Store, error) {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := s.upgrade(); err != nil {
		return fail(err)
	}
	if err := s.dropStaging(); err != nil {
		return fail(err)
	}
	// Holding the file's lock, this process is the only one that could
	// be importing into dir: what is left of an import is a crash's.
	if err := removeLeftovers(dir); err != nil {
		return fail(err)
	}
	return s, nil
}

// liveOptions are the bbolt options of a store file in service.
func liveOptions(timeout time.Duration, open func(string, int, os.FileMode) (*os.File, error)) *bolt.Options {
	return &bolt.Options{
		Timeout:      timeout,
		FreelistType: bolt.FreelistMapType,
		// A large initial map means the file rarely needs remapping, the
		// one moment when a writer waits for the readers.
		InitialMmapSize: 1 << 30,
		OpenFile:        open,
	}
}

// openFile opens the bbolt file at path. The lock it waits for may be
// that of a file an import has since replaced: once locked, the file
// opened must still be the one at path, or it is another process's old
// copy, and the store is in use.
func openFile(path string, timeout time.Duration) (*bolt.DB, error) {
	var f *os.File
	capture := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		var err error
		f, err = os.OpenFile(name, flag, perm)
		return f, err
	}
	db, err := bolt.Open(path, 0o600, liveOptions(timeout, capture))
	if err != nil {
		return nil, openError(err)
	}
	opened, err1 := f.Stat()
	now, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(opened, now) {
		_ = db.Close()
		return nil, ErrInUse
	}
	return db, nil
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

// dropStaging deletes the staging bucket an earlier version's import may
// have left.
func (s *Store) dropStaging() error {
	return s.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketStaging) == nil {
			return nil
		}
		if err := tx.DeleteBucket(bucketStaging); err != nil {
			return fmt.Errorf("drop an interrupted import: %w", err)
		}
		return nil
	})
}

// Generation counts the changes of the records since the store was
// opened: it grows after every Put that wrote and every import swapped in,
// once the change is visible to reads. What is computed from records read
// after Generation returned g is up to date as long as Generation still
// returns g: a cache of answers keys them by it (read it before the
// records, never after).
func (s *Store) Generation() uint64 { return s.generation.Load() }

// Path returns the store file's path.
func (s *Store) Path() string { return s.path }

// Dir returns the data folder of the store.
func (s *Store) Dir() string { return s.dir }

// Close closes the file. It waits for running transactions to end; a
// running import gives up and leaves the store as it was.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.swap.Lock()
	h := s.cur.Swap(nil)
	s.swap.Unlock()
	if h == nil {
		return nil
	}
	h.release()
	<-h.closed
	if h.closeErr != nil {
		return fmt.Errorf("close store: %w", h.closeErr)
	}
	return nil
}

// View runs fn in a read transaction: it sees one consistent state of the
// store and never waits for the writer, nor for an import. Other packages
// use it to read their own buckets.
func (s *Store) View(fn func(tx *bolt.Tx) error) error {
	h, err := s.acquire()
	if err != nil {
		return err
	}
	defer h.release()
	return h.db.View(fn)
}

// Update runs fn in the write transaction, committed if fn returns nil and
// rolled back otherwise. Writers take turns. Records and the holders index
// are written by Put and imports only.
func (s *Store) Update(fn func(tx *bolt.Tx) error) error {
	s.swap.RLock()
	defer s.swap.RUnlock()
	h, err := s.acquire()
	if err != nil {
		return err
	}
	defer h.release()
	return h.db.Update(fn)
}
