package etcdkv

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"

	"mespoints/server/kv"
	"mespoints/server/kv/internal/envelope"
)

// Pauses between attempts: a random time up to a bound that doubles from
// minPause to maxPause.
const (
	minPause = time.Millisecond
	maxPause = 64 * time.Millisecond
)

// lost is a commit whose answer was lost: it wrote key (among others),
// reading at revision rev.
type lost struct {
	key string
	rev int64
}

// Update runs fn in a serializable transaction (see the package
// documentation) and commits its writes if it returns nil. fn's error is
// returned as is.
func (s *Store) Update(ctx context.Context, fn func(kv.Tx) error) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	var (
		lostCommits []lost
		snapRev     int64
		snapReads   map[string]read
		gateKey     string
		release     = func() {}
		pauseNext   bool
		blindLost   bool
	)
	defer func() { release() }()
	for attempt := 0; ; attempt++ {
		if pauseNext {
			if err := pause(ctx, attempt); err != nil {
				return s.giveUp(err, len(lostCommits) > 0 || blindLost)
			}
		}
		pauseNext = true
		t := &tx{s: s, ctx: ctx, now: time.Now(), rev: snapRev, reads: snapReads, writes: map[string]write{}}
		if t.reads == nil {
			t.reads = map[string]read{}
		}
		snapRev, snapReads = 0, nil
		if len(lostCommits) > 0 {
			done, err := s.settle(ctx, t, lostCommits, id)
			if err != nil && unavailable(err) && ctx.Err() == nil {
				continue
			}
			if err != nil {
				return s.giveUp(err, true)
			}
			if done {
				return nil
			}
		}
		fnErr := fn(t)
		if t.redo {
			continue
		}
		inDoubt := len(lostCommits) > 0 || blindLost
		if t.readErr != nil && unavailable(t.readErr) && ctx.Err() == nil {
			continue // a member lost its leader, or went: again, after a pause
		}
		if t.readErr != nil && (inDoubt || fnErr == nil) {
			return s.giveUp(t.readErr, inDoubt)
		}
		if fnErr != nil {
			return fnErr
		}
		if t.err != nil {
			return t.err
		}
		if len(t.writes) == 0 {
			return nil // read only: fn saw one linearizable snapshot
		}
		resp, keys, sent, err := s.commit(ctx, t, id)
		switch {
		case !sent && unavailable(err):
			// A lease could not be granted; nothing was sent. Again.
		case !sent:
			return err
		case err == nil && resp.Succeeded:
			return nil
		case err == nil:
			// A key read has changed: again, from the current values, in
			// this node's queue of the transactions that conflicted on it.
			snapRev, snapReads = snapshotFrom(resp, keys)
			if k := changedKey(t.reads, snapReads); k != gateKey {
				release()
				r, waited, err := s.gates.enter(ctx, k)
				if err != nil {
					release = func() {}
					return s.giveUp(err, len(lostCommits) > 0 || blindLost)
				}
				release, gateKey = r, k
				if waited { // others of this node committed meanwhile
					snapRev, snapReads = 0, nil
				}
			}
			pauseNext = false
		case errors.Is(err, rpctypes.ErrLeaseNotFound):
			// The lease of a window ended or was revoked; the commit was
			// refused as a whole. Again, with a new lease.
		case !unavailable(err):
			return wrap("commit", err) // refused by the cluster: nothing written
		case len(t.reads) == 0:
			// Blind writes: running them again writes the same values;
			// if it cannot be done, the first one may have gone through.
			blindLost = true
		default:
			k, ok := t.putKey()
			if !ok {
				return fmt.Errorf("etcdkv: commit: %w: %w (%w)", kv.ErrUnavailable, ErrInDoubt, err)
			}
			lostCommits = append(lostCommits, lost{key: k, rev: t.rev})
		}
		if ctx.Err() != nil {
			return s.giveUp(ctx.Err(), len(lostCommits) > 0 || blindLost)
		}
	}
}

// changedKey returns the first key (in key order) whose revision differs
// between two snapshots.
func changedKey(before, after map[string]read) string {
	first := ""
	for k, r := range before {
		if after[k].modRev != r.modRev && (first == "" || k < first) {
			first = k
		}
	}
	return first
}

// giveUp is Update's error when its time is up or the cluster cannot
// answer; inDoubt when a commit of this Update may have gone through.
func (s *Store) giveUp(err error, inDoubt bool) error {
	if inDoubt {
		return fmt.Errorf("etcdkv: update: %w: %w (%w)", kv.ErrUnavailable, ErrInDoubt, err)
	}
	return wrap("update", err)
}

// pause waits before attempt, or returns ctx's error.
func pause(ctx context.Context, attempt int) error {
	bound := minPause << min(attempt-1, 6)
	bound = min(bound, maxPause)
	timer := time.NewTimer(time.Duration(mrand.Int64N(int64(bound)) + 1))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// commit writes t's writes if every key t read still has the revision it
// had; otherwise the response carries the current values of those keys,
// one range per key of the returned list.
// sent is false when the commit failed before reaching the cluster.
func (s *Store) commit(ctx context.Context, t *tx, id []byte) (resp *clientv3.TxnResponse, keys []string, sent bool, err error) {
	keys = keysOf(t.reads)
	cmps := make([]clientv3.Cmp, 0, len(keys))
	gets := make([]clientv3.Op, 0, len(keys))
	for _, k := range keys {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.full(k)), "=", t.reads[k].modRev))
		gets = append(gets, clientv3.OpGet(s.full(k)))
	}
	ops := make([]clientv3.Op, 0, len(t.order))
	var used []clientv3.LeaseID
	for _, k := range t.order {
		w := t.writes[k]
		if w.del {
			ops = append(ops, clientv3.OpDelete(s.full(k)))
			continue
		}
		e := envelope.Envelope{Expiry: envelope.ExpiryOf(t.now, w.ttl), Txn: id, Value: w.value}
		var opts []clientv3.OpOption
		if !e.Expiry.IsZero() {
			lease, err := s.leases.forExpiry(ctx, e.Expiry)
			if err != nil {
				return nil, nil, false, err
			}
			opts = append(opts, clientv3.WithLease(lease))
			used = append(used, lease)
		}
		ops = append(ops, clientv3.OpPut(s.full(k), string(e.Encode()), opts...))
	}
	// A commit sent to a member whose leader just died waits for the
	// member's own request timeout (7 s by default): give it half of the
	// Update's time, and keep the rest to settle it and try again.
	cctx, cancel := context.WithTimeout(ctx, s.timeout/2)
	defer cancel()
	resp, err = s.cli.Txn(cctx).If(cmps...).Then(ops...).Else(gets...).Commit()
	if errors.Is(err, rpctypes.ErrLeaseNotFound) {
		for _, id := range used {
			s.leases.forget(id)
		}
	}
	return resp, keys, true, err
}

// settle finds out whether one of the lost commits of this Update went
// through, before fn runs again: true if so. Otherwise it adds the key
// each one wrote to t's reads, so that t's commit fails if a lost one
// goes through after all.
func (s *Store) settle(ctx context.Context, t *tx, lostCommits []lost, id []byte) (bool, error) {
	for _, l := range lostCommits {
		r, err := t.read(l.key)
		if err != nil {
			return false, err
		}
		if r.stored != nil && r.modRev <= l.rev {
			continue // unchanged since the lost attempt read: not applied (yet)
		}
		if r.stored != nil {
			if e, err := envelope.Decode(r.stored); err == nil && bytes.Equal(e.Txn, id) {
				return true, nil
			}
		}
		// Changed since, or absent (perhaps written by the lost commit,
		// then deleted): look through its history up to the snapshot.
		applied, err := s.wroteSince(ctx, l.key, l.rev, t.rev, id)
		if err != nil || applied {
			return applied, err
		}
	}
	return false, nil
}

// progressEvery is how often wroteSince asks the member whether it has
// sent all the history up to now.
const progressEvery = 50 * time.Millisecond

// wroteSince tells whether a value written by the Update id is in the
// history of key after revision after, up to revision upTo (which the
// cluster has reached), by watching the key from after+1 until an event
// or a progress notification goes past upTo.
func (s *Store) wroteSince(ctx context.Context, key string, after, upTo int64, id []byte) (bool, error) {
	if upTo <= after {
		return false, nil // no history in between
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := s.cli.Watch(wctx, s.full(key), clientv3.WithRev(after+1))
	// A member answers a progress request only once the watch has caught
	// up with the history: ask until it does.
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			_ = s.cli.RequestProgress(wctx)
			continue
		case resp, ok := <-events:
			if !ok {
				if err := ctx.Err(); err != nil {
					return false, wrap("history", err)
				}
				return false, wrap("history", errors.New("watch closed"))
			}
			if err := resp.Err(); err != nil {
				return false, wrap("history", err)
			}
			for _, ev := range resp.Events {
				if ev.Kv.ModRevision > upTo {
					return false, nil
				}
				if isPut(ev) {
					if e, err := envelope.Decode(ev.Kv.Value); err == nil && bytes.Equal(e.Txn, id) {
						return true, nil
					}
				}
			}
			if resp.IsProgressNotify() && resp.Header.Revision >= upTo {
				return false, nil
			}
		}
	}
}
