package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

func count(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// begin starts an import whose sorter spills to disk every 64 KiB.
func begin(t *testing.T, st *store.Store) *store.Import {
	t.Helper()
	im, err := st.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	store.SmallRuns(im)
	return im
}

// stage adds records first..first+n-1, changed by change when not nil, in
// an order that is not NEPH order.
func stage(t *testing.T, st *store.Store, first, n int, change func(*store.Record)) *store.Import {
	t.Helper()
	im := begin(t, st)
	for j := range n {
		i := first + (j*7)%n // a permutation when n is not a multiple of 7
		r := storetest.Record(i)
		if change != nil {
			change(&r)
		}
		if err := im.Add(r, j+1); err != nil {
			t.Fatal(err)
		}
	}
	return im
}

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".import-*"))
	return left
}

func TestImportCommitAddsEveryRecordAndAbortNone(t *testing.T) {
	st, dir := openTempDir(t)
	const n = 500 // several sorted runs of 64 KiB
	if err := stage(t, st, 0, n, nil).Abort(); err != nil {
		t.Fatal(err)
	}
	if got := count(t, st); got != 0 {
		t.Fatalf("after Abort: %d records", got)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Fatalf("after Abort: %v left", left)
	}
	stats, err := stage(t, st, 0, n, nil).Commit()
	if err != nil {
		t.Fatal(err)
	}
	if stats != (store.ImportStats{Added: n}) || count(t, st) != n {
		t.Fatalf("after Commit: stats %+v, %d records; want %d added", stats, count(t, st), n)
	}
	for _, i := range []int{0, 1, n / 2, n - 1} {
		got, err := st.Get(storetest.NEPH(i))
		if err != nil || !reflect.DeepEqual(got, storetest.Record(i)) {
			t.Fatalf("record %d after import: %v", i, err)
		}
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Fatalf("after Commit: %v left", left)
	}
	stats, err = stage(t, st, 0, n, nil).Commit()
	if err != nil || stats != (store.ImportStats{Unchanged: n}) {
		t.Fatalf("same records again: %+v, %v; want all unchanged", stats, err)
	}
}

// An import merges: records it does not name stay; records equal but for
// their updated date keep the stored one; changed ones replace theirs.
// The order in which records come makes no difference.
func TestImportMergesWithTheRecordsInPlace(t *testing.T) {
	for _, order := range []string{"in NEPH order", "out of order at the end"} {
		t.Run(order, func(t *testing.T) {
			st, _ := openTempDir(t)
			if _, err := stage(t, st, 0, 300, nil).Commit(); err != nil {
				t.Fatal(err)
			}
			// Records 200..399: 200..249 restamped only, 250..299 with a
			// new e-mail, 300..399 new.
			seq := make([]int, 0, 200)
			for i := 200; i < 400; i++ {
				seq = append(seq, i)
			}
			if order != "in NEPH order" {
				seq[198], seq[199] = seq[199], seq[198]
			}
			im := begin(t, st)
			for line, i := range seq {
				r := storetest.Record(i)
				r.Updated = r.Updated.AddDays(40)
				if i >= 250 && i < 300 {
					r.Holder.Email = "nouvelle@example.org"
				}
				if err := im.Add(r, line+1); err != nil {
					t.Fatal(err)
				}
			}
			stats, err := im.Commit()
			if err != nil || stats != (store.ImportStats{Added: 100, Changed: 50, Unchanged: 50}) {
				t.Fatalf("Commit = %+v, %v", stats, err)
			}
			if n := count(t, st); n != 400 {
				t.Fatalf("%d records, want 400", n)
			}
			for _, i := range []int{0, 199, 200, 249, 250, 299, 300, 398, 399} {
				want := storetest.Record(i)
				if i >= 250 {
					want.Updated = want.Updated.AddDays(40)
				}
				if i >= 250 && i < 300 {
					want.Holder.Email = "nouvelle@example.org"
				}
				if got, err := st.Get(want.NEPH); err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("record %d: %v\n got %+v\nwant %+v", i, err, got, want)
				}
			}
		})
	}
}

// The holders index is rebuilt: a holder's new name finds the dossier,
// the old one no longer does, and the others still find theirs.
func TestImportRebuildsTheHoldersIndex(t *testing.T) {
	st, _ := openTempDir(t)
	if _, err := stage(t, st, 0, 200, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	old := storetest.Record(7).Holder.Identity()
	im := begin(t, st)
	renamed := storetest.Record(7)
	renamed.Holder.FamilyName = "Nouveaunom"
	if err := im.Add(renamed, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.FindByIdentity(old); slices.Contains(got, renamed.NEPH) {
		t.Errorf("the old identity still finds the dossier: %v", got)
	}
	if got, _ := st.FindByIdentity(renamed.Holder.Identity()); !slices.Equal(got, []string{renamed.NEPH}) {
		t.Errorf("the new identity finds %v", got)
	}
	for _, i := range []int{0, 6, 8, 199} {
		r := storetest.Record(i)
		if got, _ := st.FindByIdentity(r.Holder.Identity()); !slices.Contains(got, r.NEPH) {
			t.Errorf("record %d no longer found by its identity: %v", i, got)
		}
	}
	var entries int
	st.View(func(tx *bolt.Tx) error { entries = tx.Bucket(store.BucketHolders).Stats().KeyN; return nil })
	if entries != 200 {
		t.Errorf("holders index has %d entries, want one per record (200)", entries)
	}
}

func TestImportRefusesASecondLineWithTheSameNEPH(t *testing.T) {
	// In the same sorted run, and in another.
	for _, gap := range []int{1, 300} {
		st, _ := openTempDir(t)
		if _, err := stage(t, st, 0, 10, nil).Commit(); err != nil {
			t.Fatal(err)
		}
		before := count(t, st)
		var rejected []int
		var first error
		im := begin(t, st)
		im.Reject = func(line int, err error) {
			rejected = append(rejected, line)
			first = err
		}
		for j := range gap {
			i := (j * 7) % gap // out of NEPH order when gap > 1
			if err := im.Add(storetest.Record(i), j+1); err != nil {
				t.Fatal(err)
			}
		}
		dup := storetest.Record(0)
		dup.NEPH = " " + strings.ToLower(dup.NEPH) // the same once normalised
		if err := im.Add(dup, gap+1); err != nil {
			t.Fatal(err)
		}
		_, err := im.Commit()
		var fe *store.FieldError
		if !errors.Is(err, store.ErrDuplicate) || len(rejected) != 1 || rejected[0] != gap+1 ||
			!errors.As(first, &fe) || fe.Field != "neph" || first.Error() != "neph: duplicate NEPH, already on line 1" {
			t.Fatalf("gap %d: Commit = %v, rejected %v (%v); want line %d, a duplicate of line 1", gap, err, rejected, first, gap+1)
		}
		if count(t, st) != before {
			t.Fatalf("gap %d: a rejected import changed the store", gap)
		}
	}
}

func TestOnlyOneImportAtATime(t *testing.T) {
	st, _ := openTempDir(t)
	im := stage(t, st, 0, 1, nil)
	if _, err := st.BeginImport(); !errors.Is(err, store.ErrImportRunning) {
		t.Fatalf("second BeginImport = %v, want ErrImportRunning", err)
	}
	im.Abort()
	im, err := st.BeginImport()
	if err != nil {
		t.Fatalf("BeginImport after the first ended: %v", err)
	}
	im.Abort()
}

// What an import killed midway leaves beside the file (its temporary
// folder) is removed by the next Open. (TestKilledImport in package
// registry kills a real process at each step.)
func TestOpenRemovesWhatAnInterruptedImportLeft(t *testing.T) {
	st, dir := openTempDir(t)
	im := stage(t, st, 0, 300, nil)
	if left := leftovers(t, dir); len(left) != 1 {
		t.Fatalf("no temporary folder while importing: %v", left)
	}
	st.Close() // the "crash": the import never ends
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left after reopening: %v", left)
	}
	if n := count(t, st); n != 0 {
		t.Errorf("%d records after an interrupted import", n)
	}
	_ = im
}

// The buckets other than the records' come over to the new file, and so
// does every write made to them while the import ran.
func TestImportKeepsTheOtherBuckets(t *testing.T) {
	st, _ := openTempDir(t)
	other := []byte("autre")
	if err := st.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(other); return err }); err != nil {
		t.Fatal(err)
	}
	put := func(i int) error {
		return st.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(other)
			if _, err := b.NextSequence(); err != nil {
				return err
			}
			return b.Put([]byte(storetest.NEPH(i)), []byte("session"))
		})
	}
	for i := range 50 {
		if err := put(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	written := 50
	wg.Go(func() {
		for ; ; written++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := put(written); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for round := range 3 {
		if _, err := stage(t, st, round*100, 400, nil).Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// And records in NEPH order, as a registry extract has them.
	im := begin(t, st)
	for i := range 500 {
		if err := im.Add(storetest.Record(i), i+1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	var n int
	var seq uint64
	st.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(other)
		n, seq = b.Stats().KeyN, b.Sequence()
		return nil
	})
	if n != written || seq != uint64(written) {
		t.Fatalf("%d sessions (sequence %d) after the imports, %d written", n, seq, written)
	}
}

// An import swaps the whole file: a read transaction begun before it
// sees the records as they were to its end, one begun after sees the
// import whole.
func TestAReadBeganBeforeAnImportSeesTheOldRecordsToTheEnd(t *testing.T) {
	st, _ := openTempDir(t)
	if _, err := stage(t, st, 0, 100, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	inRead, imported := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		err := st.View(func(tx *bolt.Tx) error {
			close(inRead)
			<-imported
			if n := tx.Bucket(store.BucketRecords).Stats().KeyN; n != 100 {
				t.Errorf("the read begun before sees %d records, want the 100 from before", n)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
	<-inRead
	if _, err := stage(t, st, 100, 100, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st); n != 200 {
		t.Errorf("a read after the import sees %d records, want 200", n)
	}
	close(imported)
	wg.Wait()
}

// The new file is compact: importing the same records again does not
// grow it, and a store that Put grew shrinks back to the size of its data.
func TestImportCompacts(t *testing.T) {
	st, dir := openTempDir(t)
	for i := range 1000 {
		if err := st.Put(storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	size := func() int64 {
		info, err := os.Stat(filepath.Join(dir, store.FileName))
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	grown := size()
	if _, err := stage(t, st, 0, 1000, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	once := size()
	if _, err := stage(t, st, 0, 1000, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	twice := size()
	t.Logf("1000 records: %d bytes written one by one, %d after an import, %d after the same import again", grown, once, twice)
	if once >= grown || twice > once {
		t.Fatalf("sizes %d (Put), %d (import), %d (again): want the import smaller, and no growth", grown, once, twice)
	}
}

func openTempDir(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}
