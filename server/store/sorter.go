package store

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// A sorter sorts key/value pairs too many to hold in memory: it keeps
// them in one buffer of at most limit bytes, and when that is full sorts
// it and writes it to a run file in dir; iter then merges the runs. Memory
// stays about limit bytes whatever the number of pairs. Keys are unique
// (the caller makes them so) and compared as bytes.
type sorter struct {
	dir   string
	name  string
	limit int
	buf   []byte   // key/value pairs, each as uvarint lengths then bytes
	pairs []pairAt // where each pair of buf starts, then sorted by key
	runs  []string
	n     int
	files int // run files made, to name the next
}

// pairAt is a pair in buf: its key at buf[k:k+kn], its value following.
type pairAt struct {
	k, kn, vn int
}

// maxFanIn is how many runs one merge reads at once; more are first
// merged into bigger runs, so that memory does not grow with the runs.
const maxFanIn = 64

// runBuffer is what each run being merged reads ahead.
const runBuffer = 32 << 10

func newSorter(dir, name string, limit int) *sorter {
	return &sorter{dir: dir, name: name, limit: limit}
}

// add adds a pair; key and val are copied.
func (s *sorter) add(key, val []byte) error { return s.addParts(key, val) }

// addParts adds the pair of key and the concatenation of vals, copied.
func (s *sorter) addParts(key []byte, vals ...[]byte) error {
	vn := 0
	for _, v := range vals {
		vn += len(v)
	}
	need := len(key) + vn + 2*binary.MaxVarintLen32
	if len(s.buf)+need > s.limit && len(s.pairs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if s.buf == nil {
		s.buf = make([]byte, 0, max(s.limit, need))
	}
	s.buf = binary.AppendUvarint(s.buf, uint64(len(key)))
	s.buf = binary.AppendUvarint(s.buf, uint64(vn))
	s.pairs = append(s.pairs, pairAt{k: len(s.buf), kn: len(key), vn: vn})
	s.buf = append(s.buf, key...)
	for _, v := range vals {
		s.buf = append(s.buf, v...)
	}
	s.n++
	return nil
}

func (s *sorter) key(p pairAt) []byte { return s.buf[p.k : p.k+p.kn] }
func (s *sorter) val(p pairAt) []byte { return s.buf[p.k+p.kn : p.k+p.kn+p.vn] }

func (s *sorter) sortBuf() {
	slices.SortFunc(s.pairs, func(a, b pairAt) int { return bytes.Compare(s.key(a), s.key(b)) })
}

// spill writes the buffer, sorted, to a new run file.
func (s *sorter) spill() error {
	s.sortBuf()
	f, path, err := s.newRun()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	for _, p := range s.pairs {
		writePair(w, s.key(p), s.val(p))
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sort: write run: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sort: write run: %w", err)
	}
	s.runs = append(s.runs, path)
	s.buf, s.pairs = s.buf[:0], s.pairs[:0]
	return nil
}

// newRun creates the next run file.
func (s *sorter) newRun() (*os.File, string, error) {
	path := filepath.Join(s.dir, s.name+"-"+strconv.Itoa(s.files))
	s.files++
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, "", fmt.Errorf("sort: %w", err)
	}
	return f, path, nil
}

func writePair(w *bufio.Writer, key, val []byte) {
	var n [2 * binary.MaxVarintLen32]byte
	l := binary.PutUvarint(n[:], uint64(len(key)))
	l += binary.PutUvarint(n[l:], uint64(len(val)))
	w.Write(n[:l])
	w.Write(key)
	w.Write(val)
}

// iter returns the pairs in key order. The sorter takes no more pairs.
func (s *sorter) iter() (*sortedIter, error) {
	if len(s.runs) == 0 {
		s.sortBuf()
		return &sortedIter{mem: s}, nil
	}
	if len(s.pairs) > 0 {
		if err := s.spill(); err != nil {
			return nil, err
		}
	}
	s.buf, s.pairs = nil, nil
	for len(s.runs) > maxFanIn {
		if err := s.mergeRuns(maxFanIn); err != nil {
			return nil, err
		}
	}
	return openRuns(s.runs)
}

// mergeRuns merges the first n runs into one new run.
func (s *sorter) mergeRuns(n int) error {
	it, err := openRuns(s.runs[:n])
	if err != nil {
		return err
	}
	defer it.close()
	f, path, err := s.newRun()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	for it.next() {
		writePair(w, it.key, it.val)
	}
	if err := errors.Join(it.err, w.Flush(), f.Close()); err != nil {
		return fmt.Errorf("sort: merge runs: %w", err)
	}
	for _, r := range s.runs[:n] {
		_ = os.Remove(r)
	}
	s.runs = append(s.runs[n:], path)
	return nil
}

// sortedIter walks the pairs of a sorter in key order: next, then key and
// val, valid until the following next (in memory: until the sorter goes).
type sortedIter struct {
	key, val []byte
	err      error

	mem     *sorter // the pairs are all in memory
	i       int
	h       runHeap // or in run files
	open    []*os.File
	started bool
}

// next moves to the next pair, and returns false at the end or on an
// error (in err).
func (it *sortedIter) next() bool {
	if it.err != nil {
		return false
	}
	if it.mem != nil {
		if it.i >= len(it.mem.pairs) {
			return false
		}
		p := it.mem.pairs[it.i]
		it.key, it.val = it.mem.key(p), it.mem.val(p)
		it.i++
		return true
	}
	if len(it.h) == 0 {
		return false
	}
	// The head run's pair was handed out last time: move that run on.
	if it.started {
		r := it.h[0]
		ok, err := r.read()
		switch {
		case err != nil:
			it.err = err
			return false
		case ok:
			heap.Fix(&it.h, 0)
		default:
			heap.Pop(&it.h)
		}
		if len(it.h) == 0 {
			return false
		}
	}
	it.started = true
	it.key, it.val = it.h[0].key, it.h[0].val
	return true
}

// close closes the run files.
func (it *sortedIter) close() {
	for _, f := range it.open {
		_ = f.Close()
	}
	it.open = nil
}

// openRuns opens run files for merging.
func openRuns(paths []string) (*sortedIter, error) {
	it := &sortedIter{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			it.close()
			return nil, fmt.Errorf("sort: %w", err)
		}
		it.open = append(it.open, f)
		r := &run{r: bufio.NewReaderSize(f, runBuffer)}
		ok, err := r.read()
		if err != nil {
			it.close()
			return nil, err
		}
		if ok {
			it.h = append(it.h, r)
		}
	}
	heap.Init(&it.h)
	return it, nil
}

// run is one run file being merged, with its current pair.
type run struct {
	r        *bufio.Reader
	key, val []byte
	buf      []byte
}

// read reads the next pair; false at the end of the run.
func (r *run) read() (bool, error) {
	kn, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sort: read run: %w", err)
	}
	vn, err := binary.ReadUvarint(r.r)
	if err != nil {
		return false, fmt.Errorf("sort: read run: %w", err)
	}
	if uint64(cap(r.buf)) < kn+vn {
		r.buf = make([]byte, kn+vn)
	}
	r.buf = r.buf[:kn+vn]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return false, fmt.Errorf("sort: read run: %w", err)
	}
	r.key, r.val = r.buf[:kn], r.buf[kn:]
	return true, nil
}

// runHeap orders runs by their current key (container/heap.Interface).
type runHeap []*run

// Len is the number of runs.
func (h runHeap) Len() int { return len(h) }

// Less orders runs by current key.
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i].key, h[j].key) < 0 }

// Swap swaps two runs.
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push adds a run.
func (h *runHeap) Push(x any) { *h = append(*h, x.(*run)) }

// Pop removes the last run.
func (h *runHeap) Pop() any {
	old := *h
	r := old[len(old)-1]
	*h = old[:len(old)-1]
	return r
}
