package kvtest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"mespoints/server/kv"
)

// errFull is what a booking transaction returns when no place is left.
var errFull = errors.New("no place left")

// readInt reads a counter in tx; absent reads as 0.
func readInt(tx kv.Tx, key string) (int, error) {
	v, ok, err := tx.Get(key)
	if err != nil || !ok {
		return 0, err
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("%s = %q: %w", key, v, err)
	}
	return n, nil
}

// putInt writes a counter in tx.
func putInt(tx kv.Tx, key string, n int) { tx.Put(key, []byte(strconv.Itoa(n)), 0) }

// getInt reads a counter outside a transaction.
func getInt(t *testing.T, s kv.Store, key string) int {
	t.Helper()
	v, err := s.Get(ctx(t), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		t.Fatalf("%s = %q", key, v)
	}
	return n
}

// book is the booking transaction: take one of the places left of exam
// for candidate, and record the booking beside the counter.
func book(s kv.Store, t *testing.T, exam string, candidate int) error {
	return s.Update(ctx(t), func(tx kv.Tx) error {
		left, err := readInt(tx, "places/"+exam)
		if err != nil {
			return err
		}
		if left <= 0 {
			return errFull
		}
		putInt(tx, "places/"+exam, left-1)
		tx.Put(fmt.Sprintf("bookings/%s/%03d", exam, candidate), []byte("booked"), 0)
		return nil
	})
}

// all runs f(i) for i in [0, n) at once and returns the errors by i.
func all(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = f(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func testLastPlace(t *testing.T, s kv.Store) {
	err := s.Update(ctx(t), func(tx kv.Tx) error { putInt(tx, "places/exam-9", 1); return nil })
	if err != nil {
		t.Fatal(err)
	}
	var booked, full int
	for i, err := range all(Contenders, func(i int) error { return book(s, t, "exam-9", i) }) {
		switch {
		case err == nil:
			booked++
		case errors.Is(err, errFull):
			full++
		default:
			t.Errorf("candidate %d: %v", i, err)
		}
	}
	if booked != 1 || full != Contenders-1 {
		t.Fatalf("%d bookings and %d refusals for the last place, want 1 and %d", booked, full, Contenders-1)
	}
	if left := getInt(t, s, "places/exam-9"); left != 0 {
		t.Fatalf("places left = %d, want 0", left)
	}
	page, err := s.List(ctx(t), "bookings/exam-9/", "", 1000)
	if err != nil || len(page) != 1 {
		t.Fatalf("bookings recorded = %v (%v), want exactly one", page, err)
	}
}

func testIncrements(t *testing.T, s kv.Store) {
	var runs atomic.Int64
	for i, err := range all(Contenders, func(int) error {
		return s.Update(ctx(t), func(tx kv.Tx) error {
			runs.Add(1)
			n, err := readInt(tx, "lockouts/account-7")
			if err != nil {
				return err
			}
			putInt(tx, "lockouts/account-7", n+1)
			return nil
		})
	}) {
		if err != nil {
			t.Errorf("increment %d: %v", i, err)
		}
	}
	if n := getInt(t, s, "lockouts/account-7"); n != Contenders {
		t.Fatalf("counter = %d after %d increments (%d attempts): updates were lost", n, Contenders, runs.Load())
	}
}

// testTwoKeys books and cancels places of an exam concurrently, while
// readers check that the counter of places left and the counter of
// bookings always add up to the capacity, and at the end that the booking
// records agree with both.
func testTwoKeys(t *testing.T, s kv.Store) {
	const capacity = 30
	err := s.Update(ctx(t), func(tx kv.Tx) error {
		putInt(tx, "places/exam-2", capacity)
		putInt(tx, "booked/exam-2", 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var inconsistent atomic.Int64
	errs := all(Contenders, func(i int) error {
		switch i % 4 {
		case 3: // a reader
			return s.Update(ctx(t), func(tx kv.Tx) error {
				left, err := readInt(tx, "places/exam-2")
				if err != nil {
					return err
				}
				booked, err := readInt(tx, "booked/exam-2")
				if err != nil {
					return err
				}
				if left+booked != capacity || left < 0 {
					inconsistent.Add(1)
				}
				return nil
			})
		default: // a candidate books, and every other one cancels at once
			err := s.Update(ctx(t), func(tx kv.Tx) error {
				left, err := readInt(tx, "places/exam-2")
				if err != nil {
					return err
				}
				if left <= 0 {
					return errFull
				}
				booked, err := readInt(tx, "booked/exam-2")
				if err != nil {
					return err
				}
				putInt(tx, "places/exam-2", left-1)
				putInt(tx, "booked/exam-2", booked+1)
				tx.Put(fmt.Sprintf("bookings/exam-2/%03d", i), []byte("booked"), 0)
				return nil
			})
			if err != nil || i%2 == 1 {
				return err
			}
			return s.Update(ctx(t), func(tx kv.Tx) error {
				key := fmt.Sprintf("bookings/exam-2/%03d", i)
				if _, ok, err := tx.Get(key); err != nil || !ok {
					return fmt.Errorf("own booking %s missing (%v)", key, err)
				}
				left, err := readInt(tx, "places/exam-2")
				if err != nil {
					return err
				}
				booked, err := readInt(tx, "booked/exam-2")
				if err != nil {
					return err
				}
				putInt(tx, "places/exam-2", left+1)
				putInt(tx, "booked/exam-2", booked-1)
				tx.Delete(key)
				return nil
			})
		}
	})
	for i, err := range errs {
		if err != nil && !errors.Is(err, errFull) {
			t.Errorf("goroutine %d: %v", i, err)
		}
	}
	if n := inconsistent.Load(); n > 0 {
		t.Fatalf("%d transactions saw places left + bookings != capacity", n)
	}
	left, booked := getInt(t, s, "places/exam-2"), getInt(t, s, "booked/exam-2")
	page, err := s.List(ctx(t), "bookings/exam-2/", "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if left+booked != capacity || len(page) != booked || booked == 0 {
		t.Fatalf("left %d, booked %d, %d booking records (capacity %d)", left, booked, len(page), capacity)
	}
}
