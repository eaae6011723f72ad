package boltkv_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
)

// BenchmarkUpdateParallel measures booking-like updates (read two keys,
// write two) from 32 goroutines at once, each on its own exam: one bbolt
// commit (and fsync) per update (the baseline) against bbolt's Batch,
// which joins concurrent updates into one commit.
func BenchmarkUpdateParallel(b *testing.B) {
	for _, tc := range []struct {
		name  string
		batch bool
	}{{"baseline=update", false}, {"batch", true}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := boltkv.Open(b.TempDir(), boltkv.Options{Batch: tc.batch})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var g atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				exam := fmt.Sprintf("exam-%d", g.Add(1))
				for i := 0; pb.Next(); i++ {
					if err := bookOnce(s, exam, i); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkUpdateSerial is the same update from one goroutine: what
// Batch costs a lone update (it waits up to 2 ms for companions).
func BenchmarkUpdateSerial(b *testing.B) {
	for _, tc := range []struct {
		name  string
		batch bool
	}{{"baseline=update", false}, {"batch", true}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := boltkv.Open(b.TempDir(), boltkv.Options{Batch: tc.batch})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			i := 0
			for b.Loop() {
				if err := bookOnce(s, "exam", i); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func bookOnce(s kv.Store, exam string, i int) error {
	return s.Update(context.Background(), func(tx kv.Tx) error {
		if _, _, err := tx.Get("places/" + exam); err != nil {
			return err
		}
		if _, _, err := tx.Get(fmt.Sprintf("bookings/%s/%d", exam, i)); err != nil {
			return err
		}
		tx.Put("places/"+exam, []byte(fmt.Sprint(1_000_000-i)), 0)
		tx.Put(fmt.Sprintf("bookings/%s/%d", exam, i), []byte(`{"candidate":"c","at":"2026-05-01T09:00:00Z"}`), 0)
		return nil
	})
}
