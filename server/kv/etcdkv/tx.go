package etcdkv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"

	"mespoints/server/kv"
)

// read is what an attempt saw of a key at its snapshot revision.
type read struct {
	modRev int64  // 0: absent
	stored []byte // the envelope, nil when absent
}

// write is one pending write of an attempt.
type write struct {
	del   bool
	value []byte
	ttl   time.Duration
}

// errRestart is what Tx.Get returns when the attempt's snapshot is no
// longer readable (compacted): the attempt starts again.
var errRestart = errors.New("etcdkv: snapshot compacted, the transaction starts again")

// tx is one attempt of an Update: reads at one revision, writes buffered
// until the commit.
type tx struct {
	s       *Store
	ctx     context.Context
	now     time.Time
	rev     int64 // the snapshot's revision; 0 until the first read
	reads   map[string]read
	writes  map[string]write
	order   []string // the keys written, in the order of their first write
	err     error    // the first invalid write
	readErr error    // the first failed read
	redo    bool     // the snapshot was compacted away
}

// Get reads key as the transaction sees it.
func (t *tx) Get(key string) ([]byte, bool, error) {
	if err := kv.CheckKey(key); err != nil {
		return nil, false, err
	}
	if w, ok := t.writes[key]; ok {
		if w.del {
			return nil, false, nil
		}
		return append([]byte(nil), w.value...), true, nil
	}
	if _, ok := t.reads[key]; !ok && len(t.reads) >= kv.MaxTxnKeys {
		if t.err == nil {
			t.err = kv.ErrTooManyKeys
		}
		return nil, false, kv.ErrTooManyKeys
	}
	r, err := t.read(key)
	if err != nil {
		if t.readErr == nil && !t.redo {
			t.readErr = err
		}
		return nil, false, err
	}
	if r.stored == nil {
		return nil, false, nil
	}
	v, ok, err := liveValue(r.stored, t.now)
	if err != nil {
		err = fmt.Errorf("etcdkv: %q: %w", key, err)
		if t.readErr == nil {
			t.readErr = err
		}
		return nil, false, err
	}
	return v, ok, nil
}

// read returns key at the snapshot, reading it from the cluster the
// first time: the first read of the attempt is linearizable and fixes
// the snapshot's revision.
func (t *tx) read(key string) (read, error) {
	if r, ok := t.reads[key]; ok {
		return r, nil
	}
	var opts []clientv3.OpOption
	if t.rev != 0 {
		opts = append(opts, clientv3.WithRev(t.rev))
	}
	// Half of the Update's time at most, like a commit, so that a read
	// stuck on a member that lost its leader leaves time to try again.
	ctx, cancel := context.WithTimeout(t.ctx, t.s.timeout/2)
	defer cancel()
	resp, err := t.s.cli.Get(ctx, t.s.full(key), opts...)
	if err != nil {
		if errors.Is(err, rpctypes.ErrCompacted) {
			t.redo = true
			return read{}, errRestart
		}
		return read{}, wrap("read", err)
	}
	if t.rev == 0 {
		t.rev = resp.Header.Revision
	}
	var r read
	if len(resp.Kvs) > 0 {
		r = read{modRev: resp.Kvs[0].ModRevision, stored: resp.Kvs[0].Value}
	}
	t.reads[key] = r
	return r, nil
}

// Put buffers a write of value under key.
func (t *tx) Put(key string, value []byte, ttl time.Duration) {
	if t.err != nil {
		return
	}
	for _, err := range []error{kv.CheckKey(key), kv.CheckValue(value), kv.CheckTTL(ttl)} {
		if err != nil {
			t.err = err
			return
		}
	}
	t.set(key, write{value: append([]byte(nil), value...), ttl: ttl})
}

// Delete buffers the deletion of key.
func (t *tx) Delete(key string) {
	if t.err != nil {
		return
	}
	if err := kv.CheckKey(key); err != nil {
		t.err = err
		return
	}
	t.set(key, write{del: true})
}

func (t *tx) set(key string, w write) {
	if _, ok := t.writes[key]; !ok {
		if len(t.order) == kv.MaxTxnKeys {
			t.err = kv.ErrTooManyKeys
			return
		}
		t.order = append(t.order, key)
	}
	t.writes[key] = w
}

// putKey returns a key the attempt puts (not deletes), if any.
func (t *tx) putKey() (string, bool) {
	for _, k := range t.order {
		if !t.writes[k].del {
			return k, true
		}
	}
	return "", false
}

// snapshotFrom makes the reads of a failed commit's Else branch, one
// range per key of keys, the snapshot of the next attempt.
func snapshotFrom(resp *clientv3.TxnResponse, keys []string) (int64, map[string]read) {
	reads := make(map[string]read, len(keys))
	for i, k := range keys {
		var r read
		if i < len(resp.Responses) {
			if rr := resp.Responses[i].GetResponseRange(); rr != nil && len(rr.Kvs) > 0 {
				r = read{modRev: rr.Kvs[0].ModRevision, stored: rr.Kvs[0].Value}
			}
		}
		reads[k] = r
	}
	return resp.Header.Revision, reads
}

// keysOf lists the keys read (absent ones included), for the Else branch.
func keysOf(m map[string]read) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// isPut tells whether a watch event wrote a value.
func isPut(ev *clientv3.Event) bool { return ev.Type == mvccpb.PUT }
