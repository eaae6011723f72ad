package cache

import (
	"fmt"
	"sync"
	"testing"
)

func byLen(v string) int { return len(v) }

// A value put is found again, replaced by a later put, and gone once
// deleted.
func TestGetPutDelete(t *testing.T) {
	m := New[string, string](1000, byLen)
	if _, ok := m.Get("a"); ok {
		t.Fatal("an empty map found a value")
	}
	m.Put("a", "un")
	m.Put("b", "deux")
	if v, ok := m.Get("a"); !ok || v != "un" {
		t.Fatalf("Get(a) = %q, %v; want un", v, ok)
	}
	m.Put("a", "encore")
	if v, _ := m.Get("a"); v != "encore" {
		t.Fatalf("Get(a) after a second Put = %q; want encore", v)
	}
	if got, want := m.Cost(), len("encore")+len("deux"); got != want {
		t.Errorf("cost %d, want %d (a replaced value no longer counts)", got, want)
	}
	m.Delete("a")
	if _, ok := m.Get("a"); ok {
		t.Error("a deleted value was found")
	}
	if m.Len() != 1 || m.Cost() != len("deux") {
		t.Errorf("after delete: %d entries costing %d; want 1 costing 4", m.Len(), m.Cost())
	}
}

// However many values go in, the map never holds more than its bound.
func TestStaysWithinItsBound(t *testing.T) {
	const bound = 10_000
	m := New[int, string](bound, byLen)
	for i := range 100_000 {
		m.Put(i, fmt.Sprintf("valeur numéro %08d", i))
		if c := m.Cost(); c > bound {
			t.Fatalf("after %d puts the map holds %d, over its bound %d", i+1, c, bound)
		}
	}
	if m.Len() == 0 {
		t.Fatal("the map kept nothing")
	}
	// What was put last is there; what was put first is long gone.
	if _, ok := m.Get(99_999); !ok {
		t.Error("the last value put is gone")
	}
	if _, ok := m.Get(0); ok {
		t.Error("the first of 100,000 values is still there in a map of 10,000 bytes")
	}
	// A value larger than half the bound is not kept at all.
	big := make([]byte, bound/2+1)
	m.Put(-1, string(big))
	if _, ok := m.Get(-1); ok {
		t.Error("a value over half the bound was kept")
	}
}

// A value in use survives while others come and go: each Get brings it
// back into the current generation.
func TestKeepsWhatIsUsed(t *testing.T) {
	m := New[int, string](1000, byLen)
	m.Put(-1, "souvent lue")
	for i := range 10_000 {
		m.Put(i, "0123456789")
		if _, ok := m.Get(-1); !ok {
			t.Fatalf("the value read at every step was dropped after %d other puts", i+1)
		}
	}
}

// Concurrent use is safe (go test -race).
func TestConcurrentUse(t *testing.T) {
	m := New[int, int](500, func(int) int { return 1 })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5_000 {
				k := (g*7919 + i) % 1000
				m.Put(k, k)
				if v, ok := m.Get(k); ok && v != k {
					t.Errorf("Get(%d) = %d", k, v)
					return
				}
				if i%10 == 0 {
					m.Delete(k)
				}
			}
		}()
	}
	wg.Wait()
	if m.Cost() > 500 || m.Cost() != m.Len() {
		t.Errorf("cost %d for %d entries of cost 1, bound 500", m.Cost(), m.Len())
	}
}
