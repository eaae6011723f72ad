package kvtest

import (
	"errors"
	"fmt"
	"testing"

	"mespoints/server/kv"
)

func testGetPutDelete(t *testing.T, s kv.Store) {
	c := ctx(t)
	if _, err := s.Get(c, "sessions/abc"); !errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("get of an absent key: err = %v, want ErrNotFound", err)
	}
	put(t, s, "sessions/abc", `{"account":"a1"}`, 0)
	v, err := s.Get(c, "sessions/abc")
	if err != nil || string(v) != `{"account":"a1"}` {
		t.Fatalf("get = %q, %v", v, err)
	}
	put(t, s, "sessions/abc", `{"account":"a2"}`, 0)
	if v, _ := s.Get(c, "sessions/abc"); string(v) != `{"account":"a2"}` {
		t.Fatalf("after overwrite, get = %q", v)
	}
	err = s.Update(c, func(tx kv.Tx) error {
		tx.Delete("sessions/abc")
		tx.Delete("sessions/never-there")
		return nil
	})
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := s.Get(c, "sessions/abc"); !errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("get after delete: err = %v, want ErrNotFound", err)
	}
	put(t, s, "empty", "", 0)
	if v, err := s.Get(c, "empty"); err != nil || len(v) != 0 {
		t.Fatalf("an empty value must read back empty and present: %q, %v", v, err)
	}
	if _, err := s.Get(c, ""); err == nil || errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("get of the empty key: err = %v, want a refusal", err)
	}
}

func testValuesAreCopies(t *testing.T, s kv.Store) {
	c := ctx(t)
	val := []byte("original")
	err := s.Update(c, func(tx kv.Tx) error {
		tx.Put("k", val, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	copy(val, "CHANGED!")
	got, err := s.Get(c, "k")
	if err != nil || string(got) != "original" {
		t.Fatalf("changing the slice given to Put changed the store: %q, %v", got, err)
	}
	copy(got, "CHANGED!")
	again, _ := s.Get(c, "k")
	if string(again) != "original" {
		t.Fatalf("changing the slice Get returned changed the store: %q", again)
	}
}

func testListPages(t *testing.T, s kv.Store) {
	c := ctx(t)
	err := s.Update(c, func(tx kv.Tx) error {
		for i := 24; i >= 0; i-- { // written out of order on purpose
			tx.Put(fmt.Sprintf("codes/%02d", i), []byte(fmt.Sprint(i)), 0)
		}
		tx.Put("code", []byte("x"), 0)     // sorts before the prefix
		tx.Put("codes0/1", []byte("x"), 0) // shares the beginning "codes"
		tx.Put("codesx", []byte("x"), 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		page, err := s.List(c, "codes/", after, 10)
		if err != nil {
			t.Fatal(err)
		}
		if pages > 3 {
			t.Fatalf("paging does not end: page %d = %v", pages, page)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 10 {
			t.Fatalf("page of %d entries, limit 10", len(page))
		}
		for _, e := range page {
			var i int
			fmt.Sscanf(e.Key, "codes/%d", &i)
			if string(e.Value) != fmt.Sprint(i) {
				t.Fatalf("%s = %q", e.Key, e.Value)
			}
			got = append(got, e.Key)
		}
		after = page[len(page)-1].Key
	}
	if len(got) != 25 {
		t.Fatalf("listed %d keys, want 25: %v", len(got), got)
	}
	for i, k := range got {
		if want := fmt.Sprintf("codes/%02d", i); k != want {
			t.Fatalf("key %d = %q, want %q (key order)", i, k, want)
		}
	}
}

func testListPrefixes(t *testing.T, s kv.Store) {
	c := ctx(t)
	for _, k := range []string{"a/b", "a/b/1", "a/b/2", "a/bc", "a/bc/1", "a/c"} {
		put(t, s, k, k, 0)
	}
	for _, tc := range []struct {
		prefix, after string
		want          []string
	}{
		{"a/b/", "", []string{"a/b/1", "a/b/2"}},
		{"a/bc/", "", []string{"a/bc/1"}},
		{"a/b", "", []string{"a/b", "a/b/1", "a/b/2", "a/bc", "a/bc/1"}},
		{"a/b", "a/b/1", []string{"a/b/2", "a/bc", "a/bc/1"}},
		{"a/b", "a/b/2", []string{"a/bc", "a/bc/1"}},
		{"a/b/", "a/", []string{"a/b/1", "a/b/2"}}, // `after` before the prefix: from the start
		{"a/b/", "a/bz", nil},                      // `after` past the prefix: nothing
		{"", "a/bc/1", []string{"a/c"}},            // the empty prefix is every key
		{"a/d", "", nil},
	} {
		page, err := s.List(c, tc.prefix, tc.after, 100)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, e := range page {
			keys = append(keys, e.Key)
			if string(e.Value) != e.Key {
				t.Errorf("%s = %q", e.Key, e.Value)
			}
		}
		if fmt.Sprint(keys) != fmt.Sprint(tc.want) {
			t.Errorf("List(%q, after %q) = %v, want %v", tc.prefix, tc.after, keys, tc.want)
		}
	}
}

func testListLimit(t *testing.T, s kv.Store) {
	put(t, s, "x/1", "1", 0)
	for _, limit := range []int{0, -1} {
		if _, err := s.List(ctx(t), "x/", "", limit); err == nil {
			t.Errorf("List with limit %d: no error", limit)
		}
	}
}

func testFnErrorWritesNothing(t *testing.T, s kv.Store) {
	c := ctx(t)
	put(t, s, "places/exam-1", "3", 0)
	refused := errors.New("the candidate has no licence application")
	err := s.Update(c, func(tx kv.Tx) error {
		tx.Put("places/exam-1", []byte("2"), 0)
		tx.Put("bookings/exam-1/c1", []byte("c1"), 0)
		tx.Delete("places/exam-1")
		return fmt.Errorf("booking: %w", refused)
	})
	if !errors.Is(err, refused) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	if v, err := s.Get(c, "places/exam-1"); err != nil || string(v) != "3" {
		t.Fatalf("places = %q, %v: a failed transaction wrote", v, err)
	}
	if _, err := s.Get(c, "bookings/exam-1/c1"); !errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("booking written by a failed transaction: err = %v", err)
	}
}

func testInvalidWrite(t *testing.T, s kv.Store) {
	c := ctx(t)
	for name, bad := range map[string]func(tx kv.Tx){
		"empty key":    func(tx kv.Tx) { tx.Put("", []byte("v"), 0) },
		"invalid utf8": func(tx kv.Tx) { tx.Put("k/\xff", []byte("v"), 0) },
		"huge value":   func(tx kv.Tx) { tx.Put("k/huge", make([]byte, kv.MaxValueLen+1), 0) },
		"negative ttl": func(tx kv.Tx) { tx.Put("k/neg", []byte("v"), -1) },
		"delete empty": func(tx kv.Tx) { tx.Delete("") },
	} {
		err := s.Update(c, func(tx kv.Tx) error {
			tx.Put("k/valid", []byte("v"), 0)
			bad(tx)
			return nil
		})
		if err == nil {
			t.Errorf("%s: Update succeeded", name)
		}
		if _, err := s.Get(c, "k/valid"); !errors.Is(err, kv.ErrNotFound) {
			t.Errorf("%s: the valid write of a refused transaction was kept (err = %v)", name, err)
		}
	}
}

func testOwnWrites(t *testing.T, s kv.Store) {
	c := ctx(t)
	put(t, s, "lockouts/acc", "1", 0)
	err := s.Update(c, func(tx kv.Tx) error {
		v, ok, err := tx.Get("lockouts/acc")
		if err != nil || !ok || string(v) != "1" {
			return fmt.Errorf("first read = %q, %v, %v", v, ok, err)
		}
		tx.Put("lockouts/acc", []byte("2"), 0)
		if v, ok, _ := tx.Get("lockouts/acc"); !ok || string(v) != "2" {
			return fmt.Errorf("read after put = %q, %v", v, ok)
		}
		tx.Put("pending/s1", []byte("p"), 3600e9)
		if v, ok, _ := tx.Get("pending/s1"); !ok || string(v) != "p" {
			return fmt.Errorf("read after put with ttl = %q, %v", v, ok)
		}
		tx.Delete("lockouts/acc")
		if _, ok, _ := tx.Get("lockouts/acc"); ok {
			return errors.New("a deleted key is still read")
		}
		if _, ok, _ := tx.Get("absent"); ok {
			return errors.New("an absent key is read")
		}
		tx.Put("lockouts/acc", []byte("3"), 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(c, "lockouts/acc"); string(v) != "3" {
		t.Fatalf("committed %q, want the last write 3", v)
	}
	if v, _ := s.Get(c, "pending/s1"); string(v) != "p" {
		t.Fatalf("committed %q, want p", v)
	}
}

func testTooManyKeys(t *testing.T, s kv.Store) {
	c := ctx(t)
	writeN := func(n int) error {
		return s.Update(c, func(tx kv.Tx) error {
			for i := range n {
				tx.Put(fmt.Sprintf("codes/%03d", i), []byte("c"), 0)
			}
			return nil
		})
	}
	if err := writeN(kv.MaxTxnKeys + 1); !errors.Is(err, kv.ErrTooManyKeys) {
		t.Fatalf("%d writes: err = %v, want ErrTooManyKeys", kv.MaxTxnKeys+1, err)
	}
	if page, err := s.List(c, "codes/", "", 1000); err != nil || len(page) != 0 {
		t.Fatalf("a refused transaction wrote %d keys (%v)", len(page), err)
	}
	if err := writeN(kv.MaxTxnKeys); err != nil {
		t.Fatalf("%d writes: %v", kv.MaxTxnKeys, err)
	}
	err := s.Update(c, func(tx kv.Tx) error {
		for i := range kv.MaxTxnKeys + 1 {
			if _, _, err := tx.Get(fmt.Sprintf("codes/%03d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, kv.ErrTooManyKeys) {
		t.Fatalf("%d reads: err = %v, want ErrTooManyKeys", kv.MaxTxnKeys+1, err)
	}
}
