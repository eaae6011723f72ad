package etcdkv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/etcdtest"
)

// With two members of three stopped, calls end within the timeout with
// ErrUnavailable (never a stale or made-up answer); once they are back,
// the same store, without a new client, answers again with the data of
// before.
func TestQuorumLostThenBack(t *testing.T) {
	c := etcdtest.Start(t, 3)
	const timeout = 2 * time.Second
	s := open(t, c, timeout)
	defer s.Close()
	ctx := context.Background()
	if err := s.Update(ctx, func(tx kv.Tx) error { tx.Put("accounts/a1", []byte("linked"), 0); return nil }); err != nil {
		t.Fatal(err)
	}
	first := c.StopLeader(t)
	second := c.Follower(t)
	second.Stop()

	// A bound with room for a busy machine: what matters is that calls
	// end by themselves, with the right error.
	const bound = timeout + 5*time.Second
	start := time.Now()
	if _, err := s.Get(ctx, "accounts/a1"); !errors.Is(err, kv.ErrUnavailable) {
		t.Fatalf("get without quorum: err = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > bound {
		t.Fatalf("get without quorum took %v", d)
	}
	start = time.Now()
	ran := false
	err := s.Update(ctx, func(tx kv.Tx) error {
		ran = true
		tx.Put("accounts/a2", []byte("linked"), 0)
		return nil
	})
	if !errors.Is(err, kv.ErrUnavailable) {
		t.Fatalf("update without quorum: err = %v (fn ran: %v), want ErrUnavailable", err, ran)
	}
	if d := time.Since(start); d > bound {
		t.Fatalf("update without quorum took %v", d)
	}
	if _, err := s.List(ctx, "accounts/", "", 10); !errors.Is(err, kv.ErrUnavailable) {
		t.Fatalf("list without quorum: err = %v, want ErrUnavailable", err)
	}

	first.Restart(t)
	second.Restart(t)
	deadline := time.Now().Add(time.Minute)
	for {
		v, err := s.Get(ctx, "accounts/a1")
		if err == nil {
			if string(v) != "linked" {
				t.Fatalf("after the members came back: %q", v)
			}
			break
		}
		if !errors.Is(err, kv.ErrUnavailable) {
			t.Fatalf("while the members come back: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store did not reconnect within a minute: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := s.Update(ctx, func(tx kv.Tx) error { tx.Put("accounts/a2", []byte("linked"), 0); return nil }); err != nil {
		t.Fatalf("update after the members came back: %v", err)
	}
	if _, err := s.Get(ctx, "accounts/a2"); err != nil {
		t.Fatal(err)
	}
}
