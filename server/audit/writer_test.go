package audit

import (
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// lastTx is the ID of the last write transaction committed to the log.
func lastTx(t *testing.T, l *Log) int {
	t.Helper()
	var id int
	if err := l.db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	return id
}

// Under load, a full batch takes in its transaction — one sync — the
// entries already waiting behind it (up to groupCommit batches), instead
// of a sync per BatchSize entries: the queue does not fill up behind the
// disk. Every entry is written, in order.
func TestAFullBatchTakesTheEntriesWaiting(t *testing.T) {
	const batch = 10
	l, err := Open(t.TempDir(), Options{BatchSize: batch, Queue: 1000, FlushEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	entry := func(i int) Entry {
		return Entry{At: time.Unix(int64(i), 0), Account: "a", Provider: "franceconnect", NEPH: "123456789012", Action: "GET /api/v1/points"}
	}

	// Hold bbolt's write lock: the writer's first batch waits for it, and
	// what is recorded meanwhile waits in the queue.
	locked, release := make(chan struct{}), make(chan struct{})
	go l.db.Update(func(*bolt.Tx) error { close(locked); <-release; return nil })
	<-locked
	before := lastTx(t, l)
	for i := range batch {
		l.Record(entry(i))
	}
	// The writer has taken the first batch: it waits for the lock.
	for len(l.queue) > 0 {
		time.Sleep(time.Millisecond)
	}
	waiting := 3*batch + 5
	for i := range waiting {
		l.Record(entry(batch + i))
	}
	close(release)
	l.Flush()

	// The test's own transaction, the first batch, then the 35 waiting
	// in one (a sync per batch would have made 4 more).
	if n := lastTx(t, l) - before; n != 3 {
		t.Errorf("%d write transactions for %d entries recorded behind a full batch, want 3", n, batch+waiting)
	}
	n := 0
	for e, err := range l.Entries(Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if !e.At.Equal(time.Unix(int64(n), 0)) {
			t.Fatalf("entry %d is %v: out of order", n, e.At)
		}
		n++
	}
	if n != batch+waiting {
		t.Errorf("%d entries written, want %d", n, batch+waiting)
	}
}

// A long batch lets the other goroutines run between every yieldEvery
// entries it writes, instead of keeping the processor from the requests
// for the whole transaction; every entry is still written once.
func TestALongBatchLetsOthersRun(t *testing.T) {
	l, err := Open(t.TempDir(), Options{BatchSize: 1000, Queue: 1000, FlushEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	yields := 0
	yield = func() { yields++ }
	defer func() { yield = runtime.Gosched }()
	const n = 10*yieldEvery + 5
	for i := range n {
		l.Record(Entry{At: time.Unix(int64(i), 0), Account: "a", NEPH: "123456789012", Action: "GET /api/v1/points"})
	}
	l.Flush()
	if want := n / yieldEvery; yields != want {
		t.Errorf("%d entries written with %d yields, want %d (one every %d)", n, yields, want, yieldEvery)
	}
	count := 0
	for _, err := range l.Entries(Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != n {
		t.Errorf("%d entries written, want %d", count, n)
	}
}
