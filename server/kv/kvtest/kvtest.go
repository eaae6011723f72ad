// Package kvtest is the conformance suite of kv.Store: every backend's
// tests call Run, so that the domain code can rely on the same behaviour
// whichever backend runs — reads and writes, paging through prefixes,
// expiry, all-or-nothing transactions, and no lost update or overbooking
// under contention.
package kvtest

import (
	"context"
	"testing"
	"time"

	"mespoints/server/kv"
)

// Holder is what a backend offers for the suite to check that expired
// entries are removed, not only hidden: whether key is still physically
// stored, expired or not. Both backends implement it.
type Holder interface {
	Held(ctx context.Context, key string) (bool, error)
}

// Purger is implemented by backends that delete expired entries on
// demand (boltkv); the suite calls it while waiting for a removal.
type Purger interface {
	Purge() (int, error)
}

// Contenders is how many goroutines the contention tests run at once.
const Contenders = 200

// Run runs the suite, each test on a fresh, empty store from open, which
// the suite closes at the end of the test.
func Run(t *testing.T, open func(t *testing.T) kv.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s kv.Store)
	}{
		{"GetPutDelete", testGetPutDelete},
		{"ValuesAreCopies", testValuesAreCopies},
		{"ListPagesInKeyOrder", testListPages},
		{"ListPrefixesSharingABeginning", testListPrefixes},
		{"ListRefusesNoLimit", testListLimit},
		{"TTLHidesExpiredEntries", testTTLHides},
		{"TTLRemovesExpiredEntries", testTTLRemoves},
		{"PutWithoutTTLClearsExpiry", testPutClearsTTL},
		{"FnErrorWritesNothing", testFnErrorWritesNothing},
		{"InvalidWriteWritesNothing", testInvalidWrite},
		{"TxSeesItsOwnWrites", testOwnWrites},
		{"AtMostMaxTxnKeys", testTooManyKeys},
		{"LastPlaceTakenOnce", testLastPlace},
		{"NoLostIncrement", testIncrements},
		{"TwoKeysStayConsistent", testTwoKeys},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// ctx is the context of the suite's calls: generous, since the machine
// running the tests may be busy; a call that takes this long fails.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// put writes key=value (no expiry) in its own transaction.
func put(t *testing.T, s kv.Store, key, value string, ttl time.Duration) {
	t.Helper()
	err := s.Update(ctx(t), func(tx kv.Tx) error {
		tx.Put(key, []byte(value), ttl)
		return nil
	})
	if err != nil {
		t.Fatalf("put %q: %v", key, err)
	}
}
