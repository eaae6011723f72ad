// Package boltkv is the embedded implementation of kv.Store: one bbolt
// file, DIR/shared.db, beside (never inside) the registry records'
// mespoints.db. It is the default of a single server (`make run`): every
// transaction is a bbolt write transaction, so transactions never
// conflict and fn runs once (or twice when batched, see Options.Batch).
//
// Entries with a ttl carry their exact expiry and are hidden by reads once
// it has passed; a goroutine deletes them every Options.PurgeEvery, and
// Purge does it on demand.
package boltkv

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/kv"
)

// FileName is the name of the store's file in its folder.
const FileName = "shared.db"

// DefaultPurgeEvery is how often expired entries are deleted.
const DefaultPurgeEvery = time.Minute

// Buckets: the entries by key, and an index of the entries that expire,
// by expiry then key.
var (
	bucketEntries = []byte("entries")
	bucketExpiry  = []byte("expiry")
)

// Options are the settings of Open; the zero value is the default.
type Options struct {
	// PurgeEvery is how often expired entries are deleted in the
	// background; 0 means DefaultPurgeEvery, a negative value no
	// background purge (Purge only).
	PurgeEvery time.Duration
	// Batch makes Update join concurrent updates into one bbolt commit
	// (bbolt's DB.Batch): more updates per second under load, at the cost
	// of up to a few milliseconds of waiting for a lone one.
	Batch bool
	// ReadCacheBytes bounds the cache of the values Get read (see
	// readCache); 0 means DefaultReadCache, a negative value no cache.
	ReadCacheBytes int
	// OpenTimeout is how long Open waits for another process to release
	// the file; 0 means one second.
	OpenTimeout time.Duration
}

// Store is a kv.Store in one bbolt file.
type Store struct {
	db    *bolt.DB
	batch bool
	reads *readCache // nil: no cache
	stop  chan struct{}
	done  sync.WaitGroup
	once  sync.Once
}

var _ kv.Store = (*Store)(nil)

// Open opens (creating it if needed, mode 0600) the file dir/shared.db
// and starts the background purge.
func Open(dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("boltkv: open: %w", err)
	}
	if opts.OpenTimeout <= 0 {
		opts.OpenTimeout = time.Second
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.OpenTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("boltkv: open %s: in use by another process", path)
		}
		return nil, fmt.Errorf("boltkv: open %s: %w", path, err)
	}
	// Batched commits wait at most 2 ms for companions (bbolt's default
	// is 10 ms, too long for a lone sign-in).
	db.MaxBatchDelay = 2 * time.Millisecond
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEntries, bucketExpiry} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("boltkv: open %s: %w", path, err)
	}
	s := &Store{db: db, batch: opts.Batch, stop: make(chan struct{})}
	switch {
	case opts.ReadCacheBytes == 0:
		s.reads = newReadCache(DefaultReadCache)
	case opts.ReadCacheBytes > 0:
		s.reads = newReadCache(opts.ReadCacheBytes)
	}
	every := opts.PurgeEvery
	if every == 0 {
		every = DefaultPurgeEvery
	}
	if every > 0 {
		s.done.Add(1)
		go s.purgeLoop(every)
	}
	return s, nil
}

// Close stops the background purge and closes the file.
func (s *Store) Close() error {
	var err error
	s.once.Do(func() {
		close(s.stop)
		s.done.Wait()
		if cerr := s.db.Close(); cerr != nil {
			err = fmt.Errorf("boltkv: close: %w", cerr)
		}
	})
	return err
}

// WriteTo writes a consistent copy of the whole file to w, from one read
// transaction (writers go on meanwhile): a backup, which opens as a
// shared.db.
func (s *Store) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("boltkv: backup: %w", err)
	}
	return n, nil
}
