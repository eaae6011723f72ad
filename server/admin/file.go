package admin

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// BackupFile asks the server running on data folder dir for a consistent
// copy of its store and writes it to path, never leaving a partial file
// there: the copy goes to a temporary file beside path (mode 0600), is
// synced, checked to open as a store, then renamed over path. It returns
// the copy's size. Errors are Backup's, or say why the copy was refused.
func BackupFile(dir, path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	n, err := Backup(dir, tmp)
	if err != nil {
		_ = tmp.Close()
		return n, err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := checkCopy(tmp.Name()); err != nil {
		return n, fmt.Errorf("backup to %s: the copy received is not a usable store: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // make the rename durable where the platform allows
		_ = d.Close()
	}
	return n, nil
}

// checkCopy opens the store file at path read-only and checks that it is
// a Mes points store (schema version and records present) whose pages
// are all consistent (bbolt's Tx.Check).
func checkCopy(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	err = db.View(func(tx *bolt.Tx) error {
		// The layout is the one documented in package store.
		meta := tx.Bucket(store.BucketMeta)
		if meta == nil || len(meta.Get([]byte("schema"))) != 8 || tx.Bucket(store.BucketRecords) == nil {
			return store.ErrDamaged
		}
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}
