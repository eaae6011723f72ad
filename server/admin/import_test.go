package admin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/admin"
	"mespoints/server/registry"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// markedExtract is records 0..n-1, each with marker k in its holder's
// e-mail address; with bad, its line 3 is broken.
func markedExtract(t testing.TB, n, k int, bad bool) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i := range n {
		r := storetest.Record(i)
		r.Holder.Email = fmt.Sprintf("marqueur%d@example.org", k)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if !bad {
		return b.Bytes()
	}
	lines := strings.SplitAfter(b.String(), "\n")
	lines[2] = strings.Replace(lines[2], `"birthplace":"`, `"birthplace":"x`, 1)
	return []byte(strings.Join(lines, ""))
}

// marker returns the marker of a stored record.
func marker(t testing.TB, r store.Record) int {
	var k int
	if _, err := fmt.Sscanf(r.Holder.Email, "marqueur%d@example.org", &k); err != nil {
		t.Errorf("record without a marker: %q", r.Holder.Email)
	}
	return k
}

// serveImports runs an admin server for st on dir that imports with
// registry.Import.
func serveImports(t *testing.T, dir string, st *store.Store) {
	t.Helper()
	srv := serve(t, dir, st)
	srv.Import = func(r io.Reader) (store.ImportStats, error) {
		return registry.Import(r, st, registry.ImportOptions{})
	}
}

// Imports through the socket while readers read: every reader sees each
// import whole or not at all — all the dossiers of one read transaction
// carry the same marker, and a reader's markers never go back — and a bad
// extract changes nothing.
func TestImportThroughTheSocketWhileReadersRead(t *testing.T) {
	const n, rounds = 400, 4
	dir := t.TempDir()
	st := openStore(t, dir)
	if _, err := registry.Import(bytes.NewReader(markedExtract(t, n, 0, false)), st, registry.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// The server's own serve: Import must be set before Serve runs.
	srv, err := admin.Listen(dir, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Import = func(r io.Reader) (store.ImportStats, error) {
		return registry.Import(r, st, registry.ImportOptions{})
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(t.Context()) }()
	t.Cleanup(func() { srv.Close(); <-served })

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var views, gets atomic.Int64
	// Readers of whole transactions.
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := st.View(func(tx *bolt.Tx) error {
					b := tx.Bucket(store.BucketRecords)
					seen := map[int]int{}
					for i := range n {
						var r store.Record
						if err := json.Unmarshal(b.Get([]byte(storetest.NEPH(i))), &r); err != nil {
							return err
						}
						seen[marker(t, r)]++
					}
					if len(seen) != 1 {
						t.Errorf("one read transaction saw a mix of imports: %v", seen)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				views.Add(1)
			}
		})
	}
	// A reader of single dossiers, as the API reads them.
	wg.Go(func() {
		last := 0
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			r, err := st.Get(storetest.NEPH(i % n))
			if err != nil {
				t.Error(err)
				return
			}
			if k := marker(t, r); k < last {
				t.Errorf("a reader saw marker %d after %d", k, last)
			} else {
				last = k
			}
			gets.Add(1)
		}
	})
	for k := 1; k <= rounds; k++ {
		// A bad extract first: refused, nothing changes.
		_, err := admin.Import(dir, bytes.NewReader(markedExtract(t, n, k, true)), -1)
		var rej *admin.RejectedError
		if !errors.As(err, &rej) || len(rej.Lines) != 1 || rej.Lines[0].Line != 3 || rej.Lines[0].Field != "holder.birthplace" {
			t.Fatalf("bad extract %d: %v, want line 3 rejected", k, err)
		}
		if r, _ := st.Get(storetest.NEPH(0)); marker(t, r) != k-1 {
			t.Fatalf("a rejected extract changed the store")
		}
		stats, err := admin.Import(dir, bytes.NewReader(markedExtract(t, n, k, false)), -1)
		if err != nil || stats != (store.ImportStats{Changed: n}) {
			t.Fatalf("import %d: %+v, %v", k, stats, err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d whole reads and %d single reads during %d imports", views.Load(), gets.Load(), 2*rounds)
	if r, _ := st.Get(storetest.NEPH(n - 1)); marker(t, r) != rounds {
		t.Fatalf("after the imports the marker is %d, want %d", marker(t, r), rounds)
	}
	if views.Load() < int64(rounds) || gets.Load() < int64(rounds) {
		t.Fatalf("the readers hardly ran: %d, %d reads", views.Load(), gets.Load())
	}
}

// A second import while one runs is refused clearly.
func TestASecondImportIsRefused(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	serveImports(t, dir, st)
	// The first import holds the store's import: its extract is a pipe
	// that stays open until the second has been refused.
	pr, pw := io.Pipe()
	first := make(chan error, 1)
	go func() {
		_, err := admin.Import(dir, pr, -1)
		first <- err
	}()
	pw.Write(markedExtract(t, 5, 1, false))
	// The first import has begun when its temporary folder is there.
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		if left, _ := filepath.Glob(filepath.Join(dir, ".import-*")); len(left) > 0 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the first import did not begin")
		}
	}
	_, err := admin.Import(dir, bytes.NewReader(markedExtract(t, 5, 2, false)), -1)
	if !errors.Is(err, store.ErrImportRunning) || !strings.Contains(err.Error(), "another import is running") {
		t.Fatalf("second import: %v, want ErrImportRunning", err)
	}
	pw.Close()
	if err := <-first; err != nil {
		t.Fatalf("first import: %v", err)
	}
	if r, _ := st.Get(storetest.NEPH(0)); marker(t, r) != 1 {
		t.Fatalf("marker %d, want the first import's", marker(t, r))
	}
}
