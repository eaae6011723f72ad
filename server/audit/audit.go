// Package audit keeps the audit log of a node: who viewed or changed which
// dossier, when and how — never any of the dossier's content — in its own
// bbolt file, DIR/audit.db, apart from the records. Each node of a cluster
// writes its own log; `mespoints audit` reads and merges several.
//
// Record never does I/O on the caller's goroutine: entries go through a
// bounded queue to one writer, which writes them in batches, one bbolt
// transaction (one sync) for BatchSize entries — and those already waiting
// then, up to 8 batches — or FlushEvery of them, and everything at Close. When the queue is full, Record waits
// rather than drop an entry. A crash (kill -9, power loss) loses the
// entries recorded since the last batch was written: at most the last
// FlushEvery (200 ms), or what a full queue holds if the disk cannot keep
// up. A graceful shutdown loses none.
//
// Entries are kept for Retention (365 days by default): older ones are
// purged when the log opens and then once a day.
//
// Layout of audit.db:
//
//	entries  time (UnixNano, 8 bytes big-endian) sequence (8 bytes) → Entry as JSON
//	by-neph  NEPH 0x00 entry key → empty: the entries of a dossier
package audit

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the name of the audit log in its data folder.
const FileName = "audit.db"

// Entry is one view or change of a dossier.
type Entry struct {
	// At is when it happened, in UTC.
	At time.Time `json:"at"`
	// Node is the name of the node that served it.
	Node string `json:"node"`
	// Account is the ID of the account signed in: a hash of the provider's
	// issuer and subject, which names nobody by itself.
	Account string `json:"account"`
	// Provider is the provider the session was opened with.
	Provider string `json:"provider"`
	// NEPH is the dossier's number.
	NEPH string `json:"neph"`
	// Action is the route pattern ("GET /api/v1/points") or the action
	// ("link", "unlink").
	Action string `json:"action"`
}

// Defaults of Options.
const (
	DefaultRetention  = 365 * 24 * time.Hour
	DefaultFlushEvery = 200 * time.Millisecond
	DefaultBatchSize  = 500
	DefaultQueue      = 4096
	purgeEvery        = 24 * time.Hour
	// groupCommit bounds a transaction to this many batches: a full
	// batch takes the entries already waiting, up to that (see write).
	groupCommit = 8
)

// Errors a caller can test for with errors.Is.
var (
	// ErrInUse is returned by Open and ReadDir when another process (a
	// running server) holds the file.
	ErrInUse = errors.New("audit log is in use by another process (is the server running?)")
	// ErrMissing is returned by ReadDir when there is no audit log.
	ErrMissing = errors.New("audit log not found")
)

// Options tune Open; the zero value is the server's.
type Options struct {
	// Node names this node in its entries; empty means the host name.
	Node string
	// Retention is how long entries are kept; 0 means DefaultRetention.
	Retention time.Duration
	// FlushEvery is the longest an entry waits before it is written; 0
	// means DefaultFlushEvery.
	FlushEvery time.Duration
	// BatchSize is the number of entries that makes a batch written at
	// once; 0 means DefaultBatchSize.
	BatchSize int
	// Queue is how many entries wait for the writer before Record blocks;
	// 0 means DefaultQueue.
	Queue int
	// Timeout is how long Open waits for another process to let go of the
	// file; 0 means 2 seconds.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives write failures, which name no person; nil discards.
	Log *slog.Logger
}

// Log is an open audit log. It is safe for concurrent use.
type Log struct {
	db        *bolt.DB
	node      string
	retention time.Duration
	now       func() time.Time
	log       *slog.Logger
	opts      Options

	mu     sync.RWMutex // held shared by Record, exclusively by Close
	closed bool
	queue  chan item
	done   chan struct{}
}

// item is what the writer receives: an entry, or a request to write what
// came before and then close ack.
type item struct {
	e   Entry
	ack chan struct{}
}

// Open opens DIR/audit.db, creating it if needed, purges the entries older
// than the retention, and starts the writer.
func Open(dir string, opts Options) (*Log, error) {
	o := opts.withDefaults()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.Timeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", path, openError(err))
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEntries, bucketByNEPH} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	l := &Log{db: db, node: o.Node, retention: o.Retention, now: o.Now, log: o.Log, opts: o,
		queue: make(chan item, o.Queue), done: make(chan struct{})}
	if _, err := l.Purge(); err != nil {
		_ = db.Close()
		return nil, err
	}
	go l.write()
	return l, nil
}

func (o Options) withDefaults() Options {
	if o.Node == "" {
		o.Node, _ = os.Hostname()
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = DefaultFlushEvery
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Queue <= 0 {
		o.Queue = DefaultQueue
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// openError turns bbolt's lock timeout into ErrInUse.
func openError(err error) error {
	if errors.Is(err, berrors.ErrTimeout) {
		return ErrInUse
	}
	return err
}

// Node returns the name this node writes in its entries.
func (l *Log) Node() string { return l.node }

// Record queues e to be written: At (when zero) and Node (always) are
// filled in. It does no I/O; it waits only when the queue is full. After
// Close it does nothing.
func (l *Log) Record(e Entry) {
	if e.At.IsZero() {
		e.At = l.now()
	}
	e.At = e.At.UTC()
	e.Node = l.node
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		l.log.Error("audit: entry recorded after the log was closed: not written", "action", e.Action)
		return
	}
	l.queue <- item{e: e}
}

// Flush returns once every entry recorded before it is written.
func (l *Log) Flush() {
	ack := make(chan struct{})
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return
	}
	l.queue <- item{ack: ack}
	l.mu.RUnlock()
	<-ack
}

// Close writes every entry recorded, stops the writer and closes the file.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	close(l.queue)
	l.mu.Unlock()
	<-l.done
	if err := l.db.Close(); err != nil {
		return fmt.Errorf("close audit log: %w", err)
	}
	return nil
}
