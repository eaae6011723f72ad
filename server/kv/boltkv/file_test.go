package boltkv_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
)

func open(t *testing.T, dir string, opts boltkv.Options) *boltkv.Store {
	t.Helper()
	s, err := boltkv.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func putAll(t *testing.T, s kv.Store, kvs map[string]string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx kv.Tx) error {
		for k, v := range kvs {
			tx.Put(k, []byte(v), 0)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOwnFileModeAndPersistence(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := open(t, dir, boltkv.Options{})
	putAll(t, s, map[string]string{"accounts/a1": "x"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "shared.db"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("shared.db mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, "mespoints.db")); !os.IsNotExist(err) {
		t.Fatalf("the shared store touched the records file: %v", err)
	}
	s = open(t, dir, boltkv.Options{})
	defer s.Close()
	if v, err := s.Get(context.Background(), "accounts/a1"); err != nil || string(v) != "x" {
		t.Fatalf("after reopening: %q, %v", v, err)
	}
}

func TestSecondOpenIsRefusedWhileInUse(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, boltkv.Options{})
	defer s.Close()
	_, err := boltkv.Open(dir, boltkv.Options{OpenTimeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: err = %v, want 'in use'", err)
	}
}

func TestBackupOpensWithTheSameEntries(t *testing.T) {
	s := open(t, t.TempDir(), boltkv.Options{})
	defer s.Close()
	putAll(t, s, map[string]string{"accounts/a1": "x", "keys/signing": "k"})
	restored := t.TempDir()
	f, err := os.OpenFile(filepath.Join(restored, boltkv.FileName), os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.WriteTo(f)
	if err != nil || n == 0 {
		t.Fatalf("WriteTo = %d, %v", n, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	r := open(t, restored, boltkv.Options{})
	defer r.Close()
	page, err := r.List(context.Background(), "", "", 10)
	if err != nil || len(page) != 2 || page[0].Key != "accounts/a1" || string(page[1].Value) != "k" {
		t.Fatalf("restored entries = %v, %v", page, err)
	}
}

func TestBackgroundPurgeRemovesExpiredEntries(t *testing.T) {
	s := open(t, t.TempDir(), boltkv.Options{PurgeEvery: 50 * time.Millisecond})
	defer s.Close()
	err := s.Update(context.Background(), func(tx kv.Tx) error {
		tx.Put("pending/p1", []byte("x"), 100*time.Millisecond)
		tx.Put("pending/p2", []byte("x"), time.Hour)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		held, err := s.Held(context.Background(), "pending/p1")
		if err != nil {
			t.Fatal(err)
		}
		if !held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background purge did not remove the expired entry")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if held, _ := s.Held(context.Background(), "pending/p2"); !held {
		t.Fatal("the purge removed a live entry")
	}
	if n, err := s.Purge(); err != nil || n != 0 {
		t.Fatalf("purge after the background one = %d, %v, want nothing left", n, err)
	}
}

func TestClosedStoreRefusesCalls(t *testing.T) {
	s := open(t, t.TempDir(), boltkv.Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if _, err := s.Get(context.Background(), "k"); err == nil || errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("get on a closed store: %v", err)
	}
}

func TestCanceledContextIsUnavailable(t *testing.T) {
	s := open(t, t.TempDir(), boltkv.Options{})
	defer s.Close()
	c, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := s.Update(c, func(kv.Tx) error { ran = true; return nil })
	if !errors.Is(err, kv.ErrUnavailable) || !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("update with a canceled context: %v (ran %v)", err, ran)
	}
}
