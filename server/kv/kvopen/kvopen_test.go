package kvopen_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mespoints/server/config"
	"mespoints/server/kv"
	"mespoints/server/kv/etcdtest"
	"mespoints/server/kv/kvopen"
)

func parse(t *testing.T, args ...string) config.Config {
	t.Helper()
	c, err := config.Parse(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func roundTrip(t *testing.T, s kv.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.Update(ctx, func(tx kv.Tx) error { tx.Put("accounts/a1", []byte("x"), 0); return nil }); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get(ctx, "accounts/a1"); err != nil || string(v) != "x" {
		t.Fatalf("get = %q, %v", v, err)
	}
}

// Without -etcd-endpoints, the shared state is the file DATA/shared.db.
func TestDefaultIsTheEmbeddedFile(t *testing.T) {
	dir := t.TempDir()
	s, backend, err := kvopen.Open(parse(t, "-data", dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	roundTrip(t, s)
	if backend != "bbolt" {
		t.Fatalf("backend = %q", backend)
	}
	if _, err := os.Stat(filepath.Join(dir, "shared.db")); err != nil {
		t.Fatalf("no DATA/shared.db: %v", err)
	}
}

// With -etcd-endpoints, the shared state is in the cluster, under
// -etcd-prefix: two nodes' stores see each other's writes.
func TestEndpointsOpenTheCluster(t *testing.T) {
	c := etcdtest.Start(t, 3)
	eps := strings.Join(c.Endpoints(), ",")
	dir := t.TempDir()
	a, backend, err := kvopen.Open(parse(t, "-data", dir, "-etcd-endpoints", eps, "-etcd-prefix", "/mp-test/"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	roundTrip(t, a)
	if backend != "etcd" {
		t.Fatalf("backend = %q", backend)
	}
	if _, err := os.Stat(filepath.Join(dir, "shared.db")); !os.IsNotExist(err) {
		t.Fatalf("an etcd node wrote DATA/shared.db: %v", err)
	}
	b, _, err := kvopen.Open(parse(t, "-data", t.TempDir(), "-etcd-endpoints", c.Members[2].ClientURL, "-etcd-prefix", "/mp-test/"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, err := b.Get(context.Background(), "accounts/a1"); err != nil || string(v) != "x" {
		t.Fatalf("the other node reads %q, %v", v, err)
	}
	other, _, err := kvopen.Open(parse(t, "-data", t.TempDir(), "-etcd-endpoints", eps, "-etcd-prefix", "/other-service/"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Get(context.Background(), "accounts/a1"); !errors.Is(err, kv.ErrNotFound) {
		t.Fatal("a service under another prefix reads this one's keys")
	}
}

// With TLS settings, the node connects with its client certificate.
func TestTLSSettingsAreUsed(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.WithTLS())
	s, _, err := kvopen.Open(parse(t, "-data", t.TempDir(), "-etcd-endpoints", c.Endpoints()[0],
		"-etcd-ca", c.TLS.CA, "-etcd-cert", c.TLS.ClientCert, "-etcd-key", c.TLS.ClientKey))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	roundTrip(t, s)
}
