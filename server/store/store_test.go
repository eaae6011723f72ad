package store

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

func TestOpenCreatesEveryBucketAtCurrentSchema(t *testing.T) {
	st, dir := openTemp(t)
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatalf("store file not created: %v", err)
	}
	v, err := st.Schema()
	if err != nil || v != SchemaVersion() {
		t.Fatalf("Schema() = %d, %v; want %d", v, err, SchemaVersion())
	}
	err = st.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{BucketMeta, BucketRecords, BucketHolders, BucketAudit} {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
		// The sign-in's state lives in the shared state now.
		for _, b := range [][]byte{bucketAccounts, bucketLinks, bucketSessions, bucketLockouts} {
			if tx.Bucket(b) != nil {
				t.Errorf("bucket %s present: the sign-in's state left the records file", b)
			}
		}
		if tx.Bucket(bucketStaging) != nil {
			t.Error("staging bucket present with no import running")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRunsNewMigrationsOnceInOrder(t *testing.T) {
	st, dir := openTemp(t)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	runs := 0
	migrations = append(append([]migration(nil), saved...), migration{name: "test: add a key", run: func(tx *bolt.Tx) error {
		runs++
		return tx.Bucket(BucketMeta).Put([]byte("test"), []byte("ran"))
	}})
	for range 2 {
		st, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := st.Schema()
		var got []byte
		st.View(func(tx *bolt.Tx) error { got = append(got, tx.Bucket(BucketMeta).Get([]byte("test"))...); return nil })
		st.Close()
		if v != len(saved)+1 || string(got) != "ran" {
			t.Fatalf("after open: schema %d, key %q; want %d, \"ran\"", v, got, len(saved)+1)
		}
	}
	if runs != 1 {
		t.Fatalf("migration ran %d times, want once", runs)
	}
}

func TestOpenRefusesAStoreFromANewerProgram(t *testing.T) {
	st, dir := openTemp(t)
	err := st.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(BucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 99))
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err = Open(dir, nil)
	if err == nil || !strings.Contains(err.Error(), "schema version 99 is newer") {
		t.Fatalf("Open = %v, want a schema version error", err)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string) // makes the fault
		opts    *Options
		is      error
		says    string
	}{
		{
			name: "held by another opener",
			prepare: func(t *testing.T, dir string) {
				st, err := Open(dir, nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
			},
			opts: &Options{Timeout: 100 * time.Millisecond},
			is:   ErrInUse,
			says: "store is in use by another process",
		},
		{
			name: "damaged file",
			prepare: func(t *testing.T, dir string) {
				junk := []byte(strings.Repeat("not a bolt file ", 4096))
				if err := os.WriteFile(filepath.Join(dir, FileName), junk, 0o600); err != nil {
					t.Fatal(err)
				}
			},
			is:   ErrDamaged,
			says: "not a Mes points store, or damaged",
		},
		{
			name: "path is a directory",
			prepare: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
					t.Fatal(err)
				}
			},
			says: "is a directory",
		},
		{
			name:    "missing and must exist",
			prepare: func(t *testing.T, dir string) {},
			opts:    &Options{MustExist: true},
			is:      ErrMissing,
			says:    "store not found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, dir)
			st, err := Open(dir, tt.opts)
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), FileName) {
				t.Errorf("error %q does not say %q and name the file", err, tt.says)
			}
		})
	}
}
