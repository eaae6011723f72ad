package etcdkv_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
	"mespoints/server/kv/kvtest"
)

// prefixes gives every store of a test binary its own prefix on the
// shared cluster.
var prefixes atomic.Int64

// open opens a store on c under a fresh prefix, with short lease windows
// so that expired entries go within seconds.
func open(t *testing.T, c *etcdtest.Cluster, timeout time.Duration) *etcdkv.Store {
	t.Helper()
	return openAt(t, c, fmt.Sprintf("/test-%d/", prefixes.Add(1)), timeout)
}

// openAt opens a store on c under prefix.
func openAt(t *testing.T, c *etcdtest.Cluster, prefix string, timeout time.Duration) *etcdkv.Store {
	t.Helper()
	s, err := etcdkv.Open(etcdkv.Options{
		Endpoints:   c.Endpoints(),
		Prefix:      prefix,
		Timeout:     timeout,
		LeaseWindow: time.Second,
		LeaseSlack:  time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	c := etcdtest.Start(t, 3)
	kvtest.Run(t, func(t *testing.T) kv.Store { return open(t, c, 30*time.Second) })
}
