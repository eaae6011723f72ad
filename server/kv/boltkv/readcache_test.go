package boltkv

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"mespoints/server/kv"
)

func openTest(t *testing.T, opts Options) *Store {
	t.Helper()
	opts.PurgeEvery = -1
	s, err := Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func put(t testing.TB, s *Store, key, value string, ttl time.Duration) {
	t.Helper()
	err := s.Update(context.Background(), func(tx kv.Tx) error {
		tx.Put(key, []byte(value), ttl)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A reader never sees a value older than one it saw before, nor one older
// than the last commit before its read began: the cache forgets what a
// commit replaced, and a read that began before the commit does not put
// the old value back. Run with and without batched commits, under -race.
func TestReadsFollowEveryCommit(t *testing.T) {
	for _, batch := range []bool{false, true} {
		t.Run(fmt.Sprintf("batch=%v", batch), func(t *testing.T) {
			s := openTest(t, Options{Batch: batch})
			ctx := context.Background()
			const writes = 300
			put(t, s, "sessions/a", "0", 0)
			var wg sync.WaitGroup
			stop := make(chan struct{})
			errs := make(chan error, 8)
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					seen := -1
					for {
						select {
						case <-stop:
							return
						default:
						}
						v, err := s.Get(ctx, "sessions/a")
						if err != nil {
							errs <- err
							return
						}
						n, _ := strconv.Atoi(string(v))
						if n < seen {
							errs <- fmt.Errorf("read %d after %d", n, seen)
							return
						}
						seen = n
					}
				}()
			}
			for i := 1; i <= writes; i++ {
				put(t, s, "sessions/a", strconv.Itoa(i), time.Hour)
				// What a commit wrote is what any read that begins after it sees.
				if v, err := s.Get(ctx, "sessions/a"); err != nil || string(v) != strconv.Itoa(i) {
					t.Fatalf("after writing %d: read %q, %v", i, v, err)
				}
			}
			close(stop)
			wg.Wait()
			if _, _, ok := s.reads.get("sessions/a", time.Now()); !ok {
				t.Error("the last value read is not kept: the cache was not tried")
			}
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			err := s.Update(ctx, func(tx kv.Tx) error { tx.Delete("sessions/a"); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, "sessions/a"); !errors.Is(err, kv.ErrNotFound) {
				t.Errorf("a deleted session is still read: %v", err)
			}
		})
	}
}

// A kept value stops being returned when its entry expires, before any
// purge.
func TestKeptValueExpires(t *testing.T) {
	s := openTest(t, Options{})
	put(t, s, "sessions/b", "x", 150*time.Millisecond)
	if v, err := s.Get(context.Background(), "sessions/b"); err != nil || string(v) != "x" {
		t.Fatalf("read %q, %v", v, err)
	}
	if _, _, ok := s.reads.get("sessions/b", time.Now()); !ok {
		t.Fatal("the value read is not kept")
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := s.Get(context.Background(), "sessions/b"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("an expired session is still read: %v", err)
	}
}

// Absent keys are not kept (made-up session cookies fill nothing), the
// cache holds no more than its bound, and a caller changing the bytes it
// got changes nothing kept.
func TestReadCacheBounds(t *testing.T) {
	s := openTest(t, Options{ReadCacheBytes: 64 << 10})
	ctx := context.Background()
	for i := range 1000 {
		if _, err := s.Get(ctx, fmt.Sprintf("sessions/none-%d", i)); !errors.Is(err, kv.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if n := s.reads.m.Len(); n != 0 {
		t.Errorf("%d absent keys kept", n)
	}
	big := string(make([]byte, 1000))
	for i := range 300 {
		key := fmt.Sprintf("accounts/%d", i)
		put(t, s, key, big, 0)
		if _, err := s.Get(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	if c := s.reads.m.Cost(); c > 64<<10 {
		t.Errorf("the cache holds %d bytes, over its 64 KiB", c)
	}
	put(t, s, "accounts/x", "abc", 0)
	v, _ := s.Get(ctx, "accounts/x")
	v[0] = 'z'
	if v, _ := s.Get(ctx, "accounts/x"); string(v) != "abc" {
		t.Errorf("the kept value changed with the caller's copy: %q", v)
	}
	// Without a cache, reads go to the file.
	off := openTest(t, Options{ReadCacheBytes: -1})
	put(t, off, "accounts/y", "1", 0)
	if v, err := off.Get(ctx, "accounts/y"); err != nil || string(v) != "1" || off.reads != nil {
		t.Errorf("without a cache: %q, %v", v, err)
	}
}
