package etcdkv_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
)

// outcome is what a caller of the store was told.
type outcome int

const (
	done    outcome = iota // nil
	full                   // the exam is full (fn's own error)
	notNow                 // kv.ErrUnavailable: nothing happened
	inDoubt                // kv.ErrUnavailable and etcdkv.ErrInDoubt: may have happened
)

var errFull = errors.New("exam full")

// ledger records, by operation, what each caller was told.
type ledger struct {
	mu    sync.Mutex
	told  map[string]outcome
	wrong []string
	ok    atomic.Int64
}

func (l *ledger) record(op string, err error) {
	o := done
	switch {
	case err == nil:
		l.ok.Add(1)
	case errors.Is(err, errFull):
		o = full
	case errors.Is(err, etcdkv.ErrInDoubt) && errors.Is(err, kv.ErrUnavailable):
		o = inDoubt
	case errors.Is(err, kv.ErrUnavailable):
		o = notNow
	default:
		l.wrongAnswer(fmt.Sprintf("%s: %v", op, err))
		return
	}
	l.mu.Lock()
	l.told[op] = o
	l.mu.Unlock()
}

func (l *ledger) wrongAnswer(s string) {
	l.mu.Lock()
	l.wrong = append(l.wrong, s)
	l.mu.Unlock()
}

// waitProgress waits until n more operations succeeded.
func (l *ledger) waitProgress(t *testing.T, n int64, phase string) {
	t.Helper()
	target := l.ok.Load() + n
	deadline := time.Now().Add(90 * time.Second)
	for l.ok.Load() < target {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no progress (%d operations done)", phase, l.ok.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const capacity = 300

// workload runs sign-ins (a session written, then checked), counter
// increments and bookings on s, each with a marker written in the same
// transaction, until stop is closed.
func workload(s kv.Store, l *ledger, worker int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		op := fmt.Sprintf("%02d-%05d", worker, i)
		ctx := context.Background()
		switch i % 3 {
		case 0:
			key := "sessions/" + op
			err := s.Update(ctx, func(tx kv.Tx) error {
				tx.Put(key, []byte("session of "+op), time.Hour)
				return nil
			})
			l.record("session "+op, err)
			if err == nil {
				if _, err := s.Get(ctx, key); errors.Is(err, kv.ErrNotFound) {
					l.wrongAnswer("session " + op + " written, then not found")
				} else if err != nil && !errors.Is(err, kv.ErrUnavailable) {
					l.wrongAnswer("session " + op + ": " + err.Error())
				}
			}
		case 1:
			err := s.Update(ctx, func(tx kv.Tx) error {
				n, err := intOf(tx, "counter")
				if err != nil {
					return err
				}
				tx.Put("counter", []byte(strconv.Itoa(n+1)), 0)
				tx.Put("incs/"+op, nil, 0)
				return nil
			})
			l.record("inc "+op, err)
		case 2:
			err := s.Update(ctx, func(tx kv.Tx) error {
				left, err := intOf(tx, "places")
				if err != nil {
					return err
				}
				if left == 0 {
					return errFull
				}
				tx.Put("places", []byte(strconv.Itoa(left-1)), 0)
				tx.Put("bookings/"+op, nil, 0)
				return nil
			})
			l.record("book "+op, err)
		}
	}
}

func intOf(tx kv.Tx, key string) (int, error) {
	v, ok, err := tx.Get(key)
	if err != nil || !ok {
		return 0, err
	}
	return strconv.Atoi(string(v))
}

// During a run of sign-ins, increments and bookings, a follower is
// killed and comes back, then the leader: no update is lost or doubled,
// no session lost, and every answer is a success, a full exam, or
// ErrUnavailable — never a wrong one.
func TestKilledMembersLoseNothing(t *testing.T) {
	c := etcdtest.Start(t, 3)
	s := openAt(t, c, "/faults/", 0) // the default timeout
	defer s.Close()
	err := s.Update(context.Background(), func(tx kv.Tx) error {
		tx.Put("places", []byte(strconv.Itoa(capacity)), 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l := &ledger{told: map[string]outcome{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() { workload(s, l, w, stop) })
	}
	l.waitProgress(t, 30, "before the faults")
	f := c.Follower(t)
	f.Stop()
	l.waitProgress(t, 30, "follower down")
	f.Restart(t)
	l.waitProgress(t, 30, "follower back")
	old := c.StopLeader(t)
	l.waitProgress(t, 30, "leader down")
	old.Restart(t)
	l.waitProgress(t, 30, "old leader back")
	close(stop)
	wg.Wait()

	for _, w := range l.wrong {
		t.Error("wrong answer: " + w)
	}
	counts := map[outcome]int{}
	for _, o := range l.told {
		counts[o]++
	}
	t.Logf("%d done, %d refused (full), %d unavailable, %d in doubt", counts[done], counts[full], counts[notNow], counts[inDoubt])

	reader := openAt(t, c, "/faults/", 30*time.Second)
	defer reader.Close()
	ctx := context.Background()
	sessions, incs, bookings := listed(t, reader, "sessions/"), listed(t, reader, "incs/"), listed(t, reader, "bookings/")
	agree(t, l, "session", sessions)
	agree(t, l, "inc", incs)
	agree(t, l, "book", bookings)
	if n := counter(t, reader, "counter"); n != len(incs) {
		t.Errorf("counter = %d, but %d increments are stored", n, len(incs))
	}
	if left := counter(t, reader, "places"); left+len(bookings) != capacity {
		t.Errorf("%d places left and %d bookings: capacity %d", left, len(bookings), capacity)
	}
	for name := range sessions {
		if _, err := reader.Get(ctx, "sessions/"+name); err != nil {
			t.Errorf("session %s: %v", name, err)
		}
	}
}

// listed returns the names of the markers under prefix.
func listed(t *testing.T, s kv.Store, prefix string) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	after := ""
	for {
		page, err := s.List(context.Background(), prefix, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return m
		}
		for _, e := range page {
			m[strings.TrimPrefix(e.Key, prefix)] = true
		}
		after = page[len(page)-1].Key
	}
}

// agree checks what was stored against what the callers were told: done
// means stored, not done (full, unavailable) means not stored, and only
// an answer in doubt leaves it open.
func agree(t *testing.T, l *ledger, kind string, stored map[string]bool) {
	t.Helper()
	for op, o := range l.told {
		name, ok := strings.CutPrefix(op, kind+" ")
		if !ok {
			continue
		}
		switch {
		case o == done && !stored[name]:
			t.Errorf("%s: the caller was told it was done, but it is not stored", op)
		case (o == notNow || o == full) && stored[name]:
			t.Errorf("%s: the caller was told it did not happen, but it is stored", op)
		}
	}
	for name := range stored {
		if o, ok := l.told[kind+" "+name]; !ok || (o != done && o != inDoubt) {
			t.Errorf("%s %s stored, but its caller was told %v (told: %v)", kind, name, o, ok)
		}
	}
}

func counter(t *testing.T, s kv.Store, key string) int {
	t.Helper()
	v, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		t.Fatalf("%s = %q", key, v)
	}
	return n
}
