// Package cache is a bounded in-memory map for values that are costly to
// make and cheap to keep: the API's encoded answers, the sign-in's decoded
// sessions. It holds at most a given cost (bytes, as the caller counts
// them), and forgets first what was not used for the longest time, roughly:
// entries live in two generations, the current one and the one before;
// when the current one is full it becomes the old one and the old one is
// dropped; an entry found in the old one moves back to the current one.
// That keeps what is in use at a lookup's cost of one or two map reads,
// with no list to maintain.
//
// Correctness never depends on it: a key names everything its value was
// made from (a dossier's answers are keyed by the records' generation and
// the day), so an entry is either right or never asked for again.
package cache

import "sync"

// Map is a bounded map from K to V. Its zero value is not usable: build it
// with New. It is safe for concurrent use.
type Map[K comparable, V any] struct {
	mu       sync.Mutex
	cur, old map[K]entry[V]
	// curCost and oldCost are the costs of the entries of cur and old;
	// half is the most cur holds before it becomes old: together they
	// hold at most maxCost.
	curCost, oldCost, half int
	cost                   func(V) int
}

type entry[V any] struct {
	v    V
	cost int
}

// New returns a map holding at most maxCost, as cost counts each value
// (a value costing more than half of maxCost is not kept).
func New[K comparable, V any](maxCost int, cost func(V) int) *Map[K, V] {
	return &Map[K, V]{cur: map[K]entry[V]{}, old: map[K]entry[V]{}, half: maxCost / 2, cost: cost}
}

// Get returns the value of k and whether there is one.
func (m *Map[K, V]) Get(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.cur[k]; ok {
		return e.v, true
	}
	e, ok := m.old[k]
	if !ok {
		var zero V
		return zero, false
	}
	delete(m.old, k)
	m.oldCost -= e.cost
	m.add(k, e)
	return e.v, true
}

// Put sets the value of k.
func (m *Map[K, V]) Put(k K, v V) {
	e := entry[V]{v: v, cost: m.cost(v)}
	if e.cost > m.half {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remove(k)
	m.add(k, e)
}

// Delete forgets k.
func (m *Map[K, V]) Delete(k K) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remove(k)
}

// Len returns the number of entries held.
func (m *Map[K, V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cur) + len(m.old)
}

// Cost returns the cost of the entries held.
func (m *Map[K, V]) Cost() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.curCost + m.oldCost
}

// remove drops k from both generations. m.mu is held.
func (m *Map[K, V]) remove(k K) {
	if was, ok := m.cur[k]; ok {
		m.curCost -= was.cost
		delete(m.cur, k)
	}
	if was, ok := m.old[k]; ok {
		m.oldCost -= was.cost
		delete(m.old, k)
	}
}

// add puts e in the current generation, starting a new one first when it
// would overflow. m.mu is held.
func (m *Map[K, V]) add(k K, e entry[V]) {
	if m.curCost+e.cost > m.half {
		m.old, m.oldCost = m.cur, m.curCost
		m.cur, m.curCost = make(map[K]entry[V], len(m.cur)), 0
	}
	m.cur[k] = e
	m.curCost += e.cost
}
