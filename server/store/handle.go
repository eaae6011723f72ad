package store

import (
	"errors"
	"runtime"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// ErrClosed is returned by the reads and writes of a closed Store.
var ErrClosed = errors.New("store is closed")

// handle is one open bbolt file and the transactions running on it. An
// import swaps the Store's handle for the new file's: transactions already
// running on the old one finish there, new ones start on the new one, and
// the old file is closed when its last transaction ends.
type handle struct {
	db *bolt.DB
	// refs counts one reference for being the Store's current handle and
	// one per transaction in flight. At 0 the handle is retired for good:
	// acquire never takes it back, and the file is closed.
	refs atomic.Int64
	// closed is closed once the file is, closeErr then says how it went.
	closed   chan struct{}
	closeErr error
}

// newHandle returns the handle of db, holding the "current" reference.
func newHandle(db *bolt.DB) *handle {
	h := &handle{db: db, closed: make(chan struct{})}
	h.refs.Store(1)
	return h
}

// acquire returns the current handle with one more reference, which the
// caller gives back with release; ErrClosed after Close.
func (s *Store) acquire() (*handle, error) {
	for {
		h := s.cur.Load()
		if h == nil {
			return nil, ErrClosed
		}
		n := h.refs.Load()
		if n > 0 && h.refs.CompareAndSwap(n, n+1) {
			return h, nil
		}
		// n == 0: h was just retired and s.cur already names its
		// successor (or nil); a lost race on the count: try again.
		runtime.Gosched()
	}
}

// release gives back a reference; the last one closes the file.
func (h *handle) release() {
	if h.refs.Add(-1) == 0 {
		h.closeErr = h.db.Close()
		close(h.closed)
	}
}
