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

// farWindows is how many windows the time left until an expiry spans at
// most: an entry kept for years (an account) shares its lease with the
// entries expiring within a thousandth to a five-hundredth of that time, so that such
// entries need some thousand leases, not one a minute (etcd keeps every
// lease in memory). Reads hide an expired entry at once all the same.
const farWindows = 1024

// windowOf is the span of expiries sharing a lease for an expiry left
// away: the base window, doubled until it is at least a farWindows-th of
// left.
func (l *leases) windowOf(left time.Duration) time.Duration {
	w := l.window
	for w*farWindows < left {
		w *= 2
	}
	return w
}

// windowEnd is the end of the window expiry falls in, seen at now.
func (l *leases) windowEnd(expiry, now time.Time) int64 {
	w := int64(l.windowOf(expiry.Sub(now)))
	return (expiry.UnixNano() + w - 1) / w * w
}

// forExpiry returns the lease of the window of expiry, granting it when
// this node has none yet.
func (l *leases) forExpiry(ctx context.Context, expiry time.Time) (clientv3.LeaseID, error) {
	now := time.Now()
	end := l.windowEnd(expiry, now)
	l.mu.Lock()
	defer l.mu.Unlock()
	if id, ok := l.byEnd[end]; ok {
		return id, nil
	}
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
