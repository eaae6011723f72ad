package etcdkv

import (
	"context"
	"sync"
)

// gates queue, inside one node, the retries of the transactions that
// conflicted on the same key: a commit that fails its compares still
// costs a Raft round, so 200 sign-ins of one node racing for one counter
// would otherwise make 200×200 of them. Only retries queue; a first
// attempt never waits, so nothing is slower without contention. Across
// nodes, the compares still decide.
type gates struct {
	mu sync.Mutex
	m  map[string]*gate
}

type gate struct {
	sem   chan struct{}
	users int
}

// enter waits for key's gate and returns its release, and whether it had
// to wait (then a snapshot taken before is likely stale).
func (g *gates) enter(ctx context.Context, key string) (func(), bool, error) {
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]*gate{}
	}
	gt := g.m[key]
	if gt == nil {
		gt = &gate{sem: make(chan struct{}, 1)}
		g.m[key] = gt
	}
	gt.users++
	g.mu.Unlock()
	leave := func() {
		g.mu.Lock()
		gt.users--
		if gt.users == 0 {
			delete(g.m, key)
		}
		g.mu.Unlock()
	}
	waited := false
	select {
	case gt.sem <- struct{}{}:
	default:
		waited = true
		select {
		case gt.sem <- struct{}{}:
		case <-ctx.Done():
			leave()
			return nil, true, ctx.Err()
		}
	}
	return func() { <-gt.sem; leave() }, waited, nil
}
