package etcdkv

import (
	"context"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// leases hands out one lease per window of expiries: every entry
// expiring in (end-window, end] gets the lease of end, granted for the
// time left until end plus slack, and kept until end.
type leases struct {
	cli           *clientv3.Client
	window, slack time.Duration

	mu    sync.Mutex
	byEnd map[int64]clientv3.LeaseID // window end (Unix ns) → lease
}

func newLeases(cli *clientv3.Client, window, slack time.Duration) *leases {
	return &leases{cli: cli, window: window, slack: slack, byEnd: map[int64]clientv3.LeaseID{}}
}

// windowEnd is the end of the window expiry falls in.
func (l *leases) windowEnd(expiry time.Time) int64 {
	w := int64(l.window)
	return (expiry.UnixNano() + w - 1) / w * w
}

// forExpiry returns the lease of the window of expiry, granting it when
// this node has none yet.
func (l *leases) forExpiry(ctx context.Context, expiry time.Time) (clientv3.LeaseID, error) {
	end := l.windowEnd(expiry)
	l.mu.Lock()
	defer l.mu.Unlock()
	if id, ok := l.byEnd[end]; ok {
		return id, nil
	}
	now := time.Now()
	for e := range l.byEnd { // windows past: no entry will join them
		if e < now.UnixNano() {
			delete(l.byEnd, e)
		}
	}
	ttl := time.Duration(end-now.UnixNano()) + l.slack
	resp, err := l.cli.Grant(ctx, int64((ttl+time.Second-1)/time.Second))
	if err != nil {
		return 0, wrap("lease grant", err)
	}
	l.byEnd[end] = resp.ID
	return resp.ID, nil
}

// forget drops lease id, which the cluster no longer knows (a revoked or
// ended lease): the next write of its window gets a new one.
func (l *leases) forget(id clientv3.LeaseID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for e, got := range l.byEnd {
		if got == id {
			delete(l.byEnd, e)
		}
	}
}
