package store_test

import (
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

const bigStore = 1_000_000

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// bigStoreDir builds, once per test binary and only when a benchmark asks
// for it, a store of 1,000,000 generated records in a temporary directory
// (about a minute; TestMain removes it).
func bigStoreDir(b *testing.B) string {
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "mespoints-bench-")
		if bigErr != nil {
			return
		}
		st, err := store.Open(bigDir, nil)
		if err != nil {
			bigErr = err
			return
		}
		defer st.Close()
		im, err := st.BeginImport()
		if err != nil {
			bigErr = err
			return
		}
		for i := range bigStore {
			if err := im.Add(storetest.Record(i), i+1); err != nil {
				bigErr = err
				return
			}
		}
		_, bigErr = im.Commit()
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// BenchmarkGet reads one record by NEPH, a random one each time, from a
// store of 1,000,000 records (get), against decoding one stored record
// from memory, with no store at all (baseline=decode-record).
func BenchmarkGet(b *testing.B) {
	b.Run("baseline=decode-record", func(b *testing.B) {
		enc := store.EncodeForBench(storetest.Record(1))
		for b.Loop() {
			if _, err := store.DecodeForBench(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("get", func(b *testing.B) {
		st, err := store.Open(bigStoreDir(b), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		b.ResetTimer()
		for b.Loop() {
			if _, err := st.Get(storetest.NEPH(rng.IntN(bigStore))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
