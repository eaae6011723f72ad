package store_test

import (
	"testing"

	"mespoints/server/store/storetest"
)

// The records' generation grows when a Put writes and when an import is
// swapped in, once the change can be read; a Put that changes nothing
// and an aborted import leave it. Other packages key what they compute
// from records by it.
func TestGenerationCountsTheChangesOfTheRecords(t *testing.T) {
	st, _ := openTempDir(t)
	g := st.Generation()
	r := storetest.Record(1)
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	if st.Generation() <= g {
		t.Fatalf("a new record left the generation at %d", st.Generation())
	}
	g = st.Generation()
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	if st.Generation() != g {
		t.Errorf("the same record again moved the generation from %d to %d", g, st.Generation())
	}
	if err := stage(t, st, 0, 10, nil).Abort(); err != nil {
		t.Fatal(err)
	}
	if st.Generation() != g {
		t.Errorf("an aborted import moved the generation from %d to %d", g, st.Generation())
	}
	if _, err := stage(t, st, 0, 10, nil).Commit(); err != nil {
		t.Fatal(err)
	}
	if st.Generation() <= g {
		t.Fatalf("an import left the generation at %d", st.Generation())
	}
	// Once the generation has moved, reads see the import.
	if got := count(t, st); got != 10 {
		t.Errorf("%d records after the import, want 10", got)
	}
}
