package kvtest

import (
	"errors"
	"testing"
	"time"

	"mespoints/server/kv"
)

// shortTTL is the ttl of the entries the suite watches expire.
const shortTTL = 1500 * time.Millisecond

func testTTLHides(t *testing.T, s kv.Store) {
	c := ctx(t)
	start := time.Now()
	put(t, s, "pending/short", "state", shortTTL)
	put(t, s, "pending/long", "state", time.Hour)
	put(t, s, "pending/none", "state", 0)
	if v, err := s.Get(c, "pending/short"); time.Since(start) < shortTTL && (err != nil || string(v) != "state") {
		t.Fatalf("before its expiry: %q, %v", v, err)
	}
	time.Sleep(time.Until(start.Add(shortTTL + 100*time.Millisecond)))
	if _, err := s.Get(c, "pending/short"); !errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("after its expiry: err = %v, want ErrNotFound", err)
	}
	page, err := s.List(c, "pending/", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Key != "pending/long" || page[1].Key != "pending/none" {
		t.Fatalf("List = %v, want the two live entries", page)
	}
	err = s.Update(c, func(tx kv.Tx) error {
		if _, ok, err := tx.Get("pending/short"); ok || err != nil {
			t.Errorf("a transaction reads an expired entry (err %v)", err)
		}
		if _, ok, _ := tx.Get("pending/long"); !ok {
			t.Error("a transaction does not read a live entry")
		}
		tx.Put("pending/short", []byte("again"), 0) // an expired key can be written again
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get(c, "pending/short"); err != nil || string(v) != "again" {
		t.Fatalf("rewritten expired key: %q, %v", v, err)
	}
}

func testTTLRemoves(t *testing.T, s kv.Store) {
	h, ok := s.(Holder)
	if !ok {
		t.Fatalf("%T does not implement kvtest.Holder: the suite cannot check removal", s)
	}
	c := ctx(t)
	put(t, s, "sessions/gone", "s", shortTTL)
	put(t, s, "sessions/kept", "s", time.Hour)
	if held, err := h.Held(c, "sessions/gone"); err != nil || !held {
		t.Fatalf("just written: held = %v, %v", held, err)
	}
	waitRemoved(t, s, "sessions/gone")
	if held, err := h.Held(c, "sessions/kept"); err != nil || !held {
		t.Fatalf("a live entry was removed: held = %v, %v", held, err)
	}
	if v, err := s.Get(c, "sessions/kept"); err != nil || string(v) != "s" {
		t.Fatalf("live entry: %q, %v", v, err)
	}
}

func testPutClearsTTL(t *testing.T, s kv.Store) {
	c := ctx(t)
	put(t, s, "accounts/a", "v1", shortTTL)
	put(t, s, "accounts/companion", "c", shortTTL)
	put(t, s, "accounts/a", "v2", 0) // rewritten without expiry: stays
	waitRemoved(t, s, "accounts/companion")
	if v, err := s.Get(c, "accounts/a"); err != nil || string(v) != "v2" {
		t.Fatalf("an entry rewritten without ttl expired with its companion: %q, %v", v, err)
	}
}

// waitRemoved waits until key, written with shortTTL, is no longer
// stored: etcd removes an entry when its lease ends, a few seconds after
// the expiry in the tests; boltkv when purged.
func waitRemoved(t *testing.T, s kv.Store, key string) {
	t.Helper()
	h, ok := s.(Holder)
	if !ok {
		t.Fatalf("%T does not implement kvtest.Holder: the suite cannot check removal", s)
	}
	deadline := time.Now().Add(45 * time.Second)
	for {
		if p, ok := s.(Purger); ok {
			if _, err := p.Purge(); err != nil {
				t.Fatal(err)
			}
		}
		held, err := h.Held(ctx(t), key)
		if err != nil {
			t.Fatal(err)
		}
		if !held {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still stored 45 s after its expiry", key)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
