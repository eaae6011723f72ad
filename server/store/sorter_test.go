package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// The sorter gives back every pair in key order, from memory, from a few
// runs, and from more runs than one merge reads at once.
func TestSorterSortsManyRuns(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		limit int
	}{
		{"in memory", 1000, 1 << 20},
		{"a few runs", 1000, 4 << 10},
		{"more runs than one merge reads", 20000, 4 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := newSorter(dir, "test", tc.limit)
			rng := rand.New(rand.NewPCG(1, 2))
			for _, i := range rng.Perm(tc.n) {
				k := fmt.Appendf(nil, "key-%08d", i)
				if err := s.add(k, bytes.Repeat(k[4:], i%5)); err != nil {
					t.Fatal(err)
				}
			}
			it, err := s.iter()
			if err != nil {
				t.Fatal(err)
			}
			defer it.close()
			got := 0
			for it.next() {
				want := fmt.Appendf(nil, "key-%08d", got)
				if !bytes.Equal(it.key, want) || !bytes.Equal(it.val, bytes.Repeat(want[4:], got%5)) {
					t.Fatalf("pair %d: %q=%q", got, it.key, it.val)
				}
				got++
			}
			if it.err != nil || got != tc.n {
				t.Fatalf("%d pairs, %v; want %d", got, it.err, tc.n)
			}
			files, _ := os.ReadDir(dir)
			if len(files) > maxFanIn {
				t.Errorf("%d run files merged at once, at most %d", len(files), maxFanIn)
			}
		})
	}
}
