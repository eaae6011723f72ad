package httpd_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mespoints/server/config"
	"mespoints/server/httpd"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv"
	"mespoints/server/kv/etcdtest"
)

// start runs a server with cfg on a free loopback port until the test
// ends.
func start(t testing.TB, cfg config.Config) *httpd.Server {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	if cfg.Data == "" {
		cfg.Data = t.TempDir()
	}
	// These tests are about the shared state, not the interface: a
	// placeholder stands for the WebAssembly the site serves.
	cfg.Web = testkit.PlaceholderWeb(t)
	srv, err := httpd.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	testkit.Serve(t, srv.Serve)
	return srv
}

func healthz(t *testing.T, srv *httpd.Server) int {
	t.Helper()
	resp, err := http.Get("http://" + srv.Addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitHealth polls /healthz until it answers want.
func waitHealth(t *testing.T, srv *httpd.Server, want int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for healthz(t, srv) != want {
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer %d within a minute", want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A single server keeps its shared state in DATA/shared.db, and closes
// it when it stops.
func TestSingleServerSharedStateIsTheEmbeddedFile(t *testing.T) {
	data := t.TempDir()
	srv := start(t, config.Config{Data: data})
	if err := srv.KV.Update(context.Background(), func(tx kv.Tx) error {
		tx.Put("accounts/a1", []byte("x"), 0)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, "shared.db")); err != nil {
		t.Fatalf("DATA/shared.db: %v", err)
	}
	if code := healthz(t, srv); code != http.StatusOK {
		t.Fatalf("/healthz = %d", code)
	}
}

// Two nodes on one etcd cluster share their state; /healthz says 503
// while the cluster has no quorum, and ok again once it is back.
func TestNodesShareTheClusterAndReportItsHealth(t *testing.T) {
	c := etcdtest.Start(t, 3)
	etcd := config.Etcd{Endpoints: strings.Join(c.Endpoints(), ","), Prefix: "/httpd-test/", Timeout: 2 * time.Second}
	a := start(t, config.Config{Etcd: etcd})
	b := start(t, config.Config{Etcd: etcd})
	if err := a.KV.Update(context.Background(), func(tx kv.Tx) error {
		tx.Put("sessions/s1", []byte("x"), time.Hour)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if v, err := b.KV.Get(context.Background(), "sessions/s1"); err != nil || string(v) != "x" {
		t.Fatalf("node B reads %q, %v", v, err)
	}
	if code := healthz(t, a); code != http.StatusOK {
		t.Fatalf("/healthz = %d", code)
	}
	first := c.StopLeader(t)
	second := c.Follower(t)
	second.Stop()
	waitHealth(t, a, http.StatusServiceUnavailable)
	first.Restart(t)
	second.Restart(t)
	waitHealth(t, a, http.StatusOK)
}
