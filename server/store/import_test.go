package store_test

import (
	"errors"
	"testing"

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

func stage(t *testing.T, st *store.Store, n int) *store.Import {
	t.Helper()
	im, err := st.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := im.Add(storetest.Record(i), i+1); err != nil {
			t.Fatal(err)
		}
	}
	return im
}

func TestImportCommitAddsEveryRecordAndAbortNone(t *testing.T) {
	st, _ := openTempDir(t)
	n := store.ImportBatch*2 + 17 // several batches and a partial one
	if err := stage(t, st, n).Abort(); err != nil {
		t.Fatal(err)
	}
	if got := count(t, st); got != 0 {
		t.Fatalf("after Abort: %d records", got)
	}
	stats, err := stage(t, st, n).Commit()
	if err != nil {
		t.Fatal(err)
	}
	if stats != (store.ImportStats{Added: n}) || count(t, st) != n {
		t.Fatalf("after Commit: stats %+v, %d records; want %d added", stats, count(t, st), n)
	}
	stats, err = stage(t, st, n).Commit()
	if err != nil || stats != (store.ImportStats{Unchanged: n}) {
		t.Fatalf("same records again: %+v, %v; want all unchanged", stats, err)
	}
}

func TestImportRefusesASecondLineWithTheSameNEPH(t *testing.T) {
	for _, gap := range []int{1, store.ImportBatch + 5} { // within a batch, and across batches
		st, _ := openTempDir(t)
		im := stage(t, st, gap)
		dup := storetest.Record(0)
		dup.NEPH = " " + dup.NEPH // the same once normalised
		err := im.Add(dup, gap+1)
		var fe *store.FieldError
		if !errors.Is(err, store.ErrDuplicate) || !errors.As(err, &fe) || fe.Field != "neph" || err.Error() != "neph: duplicate NEPH, already on line 1" {
			t.Fatalf("gap %d: Add = %v, want a duplicate NEPH error naming line 1", gap, err)
		}
		im.Abort()
	}
}

// A crash before the commit point leaves staged records that the next
// Open drops; one after it leaves them to apply, which the next Open does.
// (TestKilledImport in package registry kills a real process.)
func TestOpenRecoversAnInterruptedImport(t *testing.T) {
	n := store.ImportBatch + 100
	for _, committed := range []bool{false, true} {
		st, dir := openTempDir(t)
		im := stage(t, st, n)
		if err := im.Flush(); err != nil {
			t.Fatal(err)
		}
		if committed {
			if err := store.MarkCommitted(st); err != nil {
				t.Fatal(err)
			}
		}
		st.Close() // the "crash": the import never finishes
		st, err := store.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if committed {
			want = n
		}
		if got := count(t, st); got != want {
			t.Errorf("committed=%v: %d records after reopening, want %d", committed, got, want)
		}
		if store.Staging(st) {
			t.Errorf("committed=%v: staging bucket left", committed)
		}
		if _, err := st.BeginImport(); err != nil {
			t.Errorf("committed=%v: a new import cannot start: %v", committed, err)
		}
		st.Close()
	}
}

func TestOnlyOneImportAtATime(t *testing.T) {
	st, _ := openTempDir(t)
	im := stage(t, st, 1)
	if _, err := st.BeginImport(); err == nil {
		t.Fatal("second BeginImport succeeded")
	}
	im.Abort()
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
