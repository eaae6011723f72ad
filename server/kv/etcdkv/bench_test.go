package etcdkv_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
)

// The benchmarks compare the two backends on what the service does most:
// a session check (Get of a 300-byte value) and a booking (read two
// keys, write two). The baseline is boltkv, a bbolt file on this
// machine's disk; the subject etcdkv on a 3-member cluster on loopback
// whose members fsync, as real ones do. Each subject also reports its
// ratio to the baseline of the same run ("x-baseline").

// session is a session record of the size the sign-in code writes.
var session = []byte(`{"provider":"franceconnect","acr":"eidas1","account":"` + strings.Repeat("a", 64) +
	`","created":"2026-05-01T09:00:00Z","seen":"2026-05-01T09:10:00Z","expires":"2026-05-01T21:00:00Z","id_token_hint":"` +
	strings.Repeat("t", 96) + `"}`)

// backends runs f against boltkv (the baseline) and etcdkv, on the same
// data, and reports the ratio of their times per operation.
func backends(b *testing.B, parallel bool, setup func(b *testing.B, s kv.Store), f func(s kv.Store, worker, i int) error) {
	c := etcdtest.Start(b, 3, etcdtest.WithFsync())
	var base float64
	run := func(b *testing.B, s kv.Store) float64 {
		setup(b, s)
		b.ResetTimer()
		if parallel {
			var workers atomic.Int64
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				w := int(workers.Add(1))
				for i := 0; pb.Next(); i++ {
					if err := f(s, w, i); err != nil {
						b.Error(err)
						return
					}
				}
			})
		} else {
			i := 0
			for b.Loop() {
				if err := f(s, 0, i); err != nil {
					b.Fatal(err)
				}
				i++
			}
		}
		return float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	}
	b.Run("baseline=boltkv", func(b *testing.B) {
		s, err := boltkv.Open(b.TempDir(), boltkv.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		base = run(b, s)
	})
	b.Run("etcdkv", func(b *testing.B) {
		s, err := etcdkv.Open(etcdkv.Options{Endpoints: c.Endpoints(), Prefix: fmt.Sprintf("/bench-%d/", prefixes.Add(1))})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		ns := run(b, s)
		b.StopTimer()
		if base > 0 {
			b.ReportMetric(ns/base, "x-baseline")
		}
	})
}

// BenchmarkSessionCheck reads one session among 1,000, one goroutine.
func BenchmarkSessionCheck(b *testing.B) {
	backends(b, false, putSessions, checkSession)
}

// BenchmarkSessionCheckParallel reads sessions from 32 goroutines
// (16 per core).
func BenchmarkSessionCheckParallel(b *testing.B) {
	backends(b, true, putSessions, checkSession)
}

// BenchmarkBooking books places of an exam, one goroutine: read the
// places left and the candidate's booking, write both.
func BenchmarkBooking(b *testing.B) {
	backends(b, false, func(*testing.B, kv.Store) {}, bookPlace)
}

// BenchmarkBookingParallel books from 32 goroutines (16 per core), each on its own
// exam (no conflicts: what a node's many sign-ins and bookings cost).
func BenchmarkBookingParallel(b *testing.B) {
	backends(b, true, func(*testing.B, kv.Store) {}, bookPlace)
}

func putSessions(b *testing.B, s kv.Store) {
	for from := 0; from < 1000; from += 100 {
		err := s.Update(context.Background(), func(tx kv.Tx) error {
			for i := from; i < from+100; i++ {
				tx.Put(fmt.Sprintf("sessions/%040d", i), session, 12*time.Hour)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func checkSession(s kv.Store, worker, i int) error {
	v, err := s.Get(context.Background(), fmt.Sprintf("sessions/%040d", (worker*7919+i)%1000))
	if err == nil && len(v) != len(session) {
		err = fmt.Errorf("session of %d bytes", len(v))
	}
	return err
}

func bookPlace(s kv.Store, worker, i int) error {
	exam := fmt.Sprintf("places/exam-%d", worker)
	booking := fmt.Sprintf("bookings/exam-%d/%d", worker, i)
	return s.Update(context.Background(), func(tx kv.Tx) error {
		v, ok, err := tx.Get(exam)
		if err != nil {
			return err
		}
		left := 1_000_000
		if ok {
			if left, err = strconv.Atoi(string(v)); err != nil {
				return err
			}
		}
		if _, ok, err := tx.Get(booking); err != nil || ok {
			return fmt.Errorf("booking %s already there (%v)", booking, err)
		}
		tx.Put(exam, []byte(strconv.Itoa(left-1)), 0)
		tx.Put(booking, []byte(`{"candidate":"c","at":"2026-05-01T09:00:00Z"}`), 0)
		return nil
	})
}
