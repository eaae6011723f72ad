package etcdkv_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"mespoints/server/kv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
)

// loser loses the answers of the next n commits that write: after the
// cluster has applied them (after = true), or before they reach it; then
// meanwhile runs, if set, before the error is returned.
type loser struct {
	n         atomic.Int64
	lost      atomic.Int64
	after     bool
	meanwhile func() error
}

func (l *loser) intercept(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoke grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	txn, ok := req.(*pb.TxnRequest)
	if !ok || len(txn.Success) == 0 || l.n.Add(-1) < 0 {
		return invoke(ctx, method, req, reply, cc, opts...)
	}
	l.lost.Add(1)
	if l.after {
		if err := invoke(ctx, method, req, reply, cc, opts...); err != nil {
			return err
		}
	}
	if l.meanwhile != nil {
		if err := l.meanwhile(); err != nil {
			return err
		}
	}
	return status.Error(codes.Unavailable, "connection lost (injected)")
}

func openLosing(t *testing.T, c *etcdtest.Cluster, l *loser) kv.Store {
	t.Helper()
	s, err := etcdkv.OpenWithDial(etcdkv.Options{Endpoints: c.Endpoints(), Prefix: prefixOf(t)},
		grpc.WithChainUnaryInterceptor(l.intercept))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func increment(s kv.Store) error {
	return s.Update(context.Background(), func(tx kv.Tx) error {
		v, _, err := tx.Get("counter")
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(string(v))
		tx.Put("counter", []byte(strconv.Itoa(n+1)), 0)
		return nil
	})
}

// prefixOf is a prefix of the cluster for the test t alone.
func prefixOf(t *testing.T) string { return "/lost-" + strings.ReplaceAll(t.Name(), "/", "-") + "/" }

// A commit applied by the cluster whose answer is lost is found (in the
// key, or in its history when another update came after it): Update
// reports success and does not apply it twice. A commit lost before it
// reached the cluster is made again, once.
func TestLostAnswers(t *testing.T) {
	c := etcdtest.Start(t, 3)
	t.Run("single-use delete lost", func(t *testing.T) { testLostDeleteIsInDoubt(t, c) })
	bump := func(other kv.Store) error { return increment(other) }
	drop := func(other kv.Store) error {
		return other.Update(context.Background(), func(tx kv.Tx) error { tx.Delete("counter"); return nil })
	}
	elsewhere := func(other kv.Store) error {
		return other.Update(context.Background(), func(tx kv.Tx) error { tx.Put("unrelated", nil, 0); return nil })
	}
	for _, tc := range []struct {
		name      string
		start     bool // counter = 1 before the lost commits
		after     bool // lost after the cluster applied it
		lose      int64
		meanwhile func(other kv.Store) error // another node's update, before the error
		want      string                     // the counter at the end; "" absent
	}{
		{"applied, answer lost", true, true, 1, nil, "2"},
		{"applied, answer lost, another increment after it", true, true, 1, bump, "3"},
		{"applied, answer lost, key deleted after it", true, true, 1, drop, ""},
		{"applied on an absent key, answer lost, other keys written", false, true, 1, elsewhere, "1"},
		{"never reached the cluster, twice", true, false, 2, nil, "2"},
		{"never reached the cluster, another increment meanwhile", true, false, 1, bump, "3"},
		{"never reached the cluster, key absent, other keys written", false, false, 1, elsewhere, "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &loser{after: tc.after}
			s := openLosing(t, c, l)
			if tc.meanwhile != nil {
				other := openAt(t, c, prefixOf(t), 0)
				defer other.Close()
				l.meanwhile = func() error { return tc.meanwhile(other) }
			}
			if tc.start {
				if err := increment(s); err != nil { // no loss yet: counter = 1
					t.Fatal(err)
				}
			}
			l.n.Store(tc.lose)
			if err := increment(s); err != nil {
				t.Fatalf("increment with lost answers: %v", err)
			}
			if l.lost.Load() != tc.lose {
				t.Fatalf("%d answers lost, want %d: the test did not do what it says", l.lost.Load(), tc.lose)
			}
			v, err := s.Get(context.Background(), "counter")
			if tc.want == "" {
				if !errors.Is(err, kv.ErrNotFound) {
					t.Fatalf("counter = %q (%v), want it deleted: the lost increment was made again", v, err)
				}
				return
			}
			if err != nil || string(v) != tc.want {
				t.Fatalf("counter = %q (%v), want %s: an increment was lost or doubled", v, err, tc.want)
			}
		})
	}
}

// A lost commit that only deleted keys it had read leaves nothing to find
// in the history: Update says so (in doubt), it does not guess.
func testLostDeleteIsInDoubt(t *testing.T, c *etcdtest.Cluster) {
	l := &loser{after: true}
	s := openLosing(t, c, l)
	put := func(tx kv.Tx) error { tx.Put("pending/state", []byte("nonce"), time.Hour); return nil }
	if err := s.Update(context.Background(), put); err != nil {
		t.Fatal(err)
	}
	l.n.Store(1)
	err := s.Update(context.Background(), func(tx kv.Tx) error {
		if _, ok, err := tx.Get("pending/state"); err != nil || !ok {
			return errors.New("sign-in state already used")
		}
		tx.Delete("pending/state")
		return nil
	})
	if !errors.Is(err, kv.ErrUnavailable) || !errors.Is(err, etcdkv.ErrInDoubt) {
		t.Fatalf("lost single-use delete: err = %v, want ErrUnavailable and ErrInDoubt", err)
	}
}
