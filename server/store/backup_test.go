package store_test

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

func TestBackupFileIsAStoreWithTheSameRecords(t *testing.T) {
	st := openTemp(t)
	for i := range 200 {
		if err := st.Put(storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	restored := t.TempDir()
	// Writers go on during the backup; the copy is one consistent state.
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 200; i < 400; i++ {
			if err := st.Put(storetest.Record(i)); err != nil {
				t.Error(err)
			}
		}
	})
	if err := st.BackupFile(filepath.Join(restored, store.FileName)); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	left, _ := filepath.Glob(filepath.Join(restored, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	copy, err := store.Open(restored, &store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	n, _ := copy.Count()
	if n < 200 || n > 400 {
		t.Fatalf("backup holds %d records, want between 200 and 400", n)
	}
	err = copy.ForEach(func(r store.Record) error {
		orig, err := st.Get(r.NEPH)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(r, orig) {
			t.Errorf("record %s differs in the backup", r.NEPH)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(restored, store.FileName))
	if err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("backup file mode %v, %v: want readable by its owner only", info.Mode(), err)
	}
}
