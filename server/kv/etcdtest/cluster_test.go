package etcdtest_test

import (
	"context"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"mespoints/server/kv/etcdtest"
)

func client(t *testing.T, eps []string) *clientv3.Client {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

func put(t *testing.T, cli *clientv3.Client, k, v string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := cli.Put(ctx, k, v); err != nil {
		t.Fatalf("put %s: %v", k, err)
	}
}

func get(t *testing.T, cli *clientv3.Client, k string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := cli.Get(ctx, k)
	if err != nil {
		t.Fatalf("get %s: %v", k, err)
	}
	if len(r.Kvs) != 1 {
		return ""
	}
	return string(r.Kvs[0].Value)
}

// A value written before the leader stops is read after a new leader is
// elected, and from the old leader once it is back: the cluster is a
// real replicated one.
func TestLeaderStopsAndComesBack(t *testing.T) {
	start := time.Now()
	c := etcdtest.Start(t, 3)
	t.Logf("3 members ready in %v", time.Since(start))
	if len(c.Endpoints()) != 3 {
		t.Fatalf("endpoints = %v", c.Endpoints())
	}
	cli := client(t, c.Endpoints())
	put(t, cli, "k", "before")
	old := c.StopLeader(t)
	if old.Running() {
		t.Fatal("the stopped leader still runs")
	}
	nl := c.Leader(t)
	if nl == old {
		t.Fatal("the stopped member is still the leader")
	}
	if got := get(t, cli, "k"); got != "before" {
		t.Fatalf("after the leader stopped: k = %q", got)
	}
	put(t, cli, "k", "during")
	old.Restart(t)
	only := client(t, []string{old.ClientURL})
	deadline := time.Now().Add(30 * time.Second)
	for get(t, only, "k") != "during" {
		if time.Now().After(deadline) {
			t.Fatal("the restarted member did not catch up")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
