package boltkv

import (
	"sync"
	"sync/atomic"
	"time"

	"mespoints/server/internal/cache"
)

// DefaultReadCache is the most the read cache holds, in bytes of values
// (Options.ReadCacheBytes).
const DefaultReadCache = 8 << 20

// cachedOverhead is what an entry of the read cache costs beside its
// value: the key, the expiry, the maps' own.
const cachedOverhead = 128

// readCache keeps the values Get read, so that the entries every request
// reads (its session, its account) cost a map lookup instead of a bbolt
// read transaction. Only this process writes the file (bbolt locks it),
// and every write goes through a write transaction bracketed by begin and
// end, which forgets the keys it wrote. A value read is kept only if no
// write transaction ran at any time between the moment before the read
// and the keeping, so the cache never holds a value older than the file's
// once a write has ended; and while one runs, the cache is not read at
// all: a reader that saw the new value in the file must not then get the
// old one from here. An entry keeps its expiry, so an expired value is
// never returned from here either. Absent keys are not kept: a stream of
// made-up session cookies fills nothing.
type readCache struct {
	// mu orders snapshot and put against begin and end; lookups only
	// take m's own lock.
	mu sync.Mutex
	// writing counts the write transactions under way; it changes under
	// mu, and lookups read it without.
	writing atomic.Int32
	// gen counts the write transactions that ended.
	gen uint64
	m   *cache.Map[string, cachedValue]
}

// cachedValue is a live value as read, with its expiry (zero: never).
type cachedValue struct {
	value  []byte
	expiry time.Time
}

func newReadCache(maxBytes int) *readCache {
	return &readCache{m: cache.New[string, cachedValue](maxBytes, func(v cachedValue) int { return len(v.value) + cachedOverhead })}
}

// get returns the value kept for key and whether one is kept; live is
// false when it has expired at now.
func (c *readCache) get(key string, now time.Time) (value []byte, live, ok bool) {
	if c == nil {
		return nil, false, false
	}
	if c.writing.Load() > 0 {
		return nil, false, false
	}
	v, ok := c.m.Get(key)
	if !ok {
		return nil, false, false
	}
	return v.value, v.expiry.IsZero() || now.Before(v.expiry), true
}

// snapshot is taken before a read transaction whose value is then given
// to put; ok is false when a write transaction is under way (the value
// will not be kept).
func (c *readCache) snapshot() (gen uint64, ok bool) {
	if c == nil {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.writing.Load() == 0
}

// put keeps the value of key read after snapshot answered gen, unless a
// write transaction began since.
func (c *readCache) put(key string, v cachedValue, gen uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen && c.writing.Load() == 0 {
		c.m.Put(key, v)
	}
}

// begin is called before a write transaction.
func (c *readCache) begin() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.writing.Add(1)
	c.mu.Unlock()
}

// end is called after the write transaction begun, committed or not,
// with the keys it wrote or deleted.
func (c *readCache) end(keys map[string]bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k := range keys {
		c.m.Delete(k)
	}
	// Only now may lookups use the cache again.
	c.writing.Add(-1)
}
