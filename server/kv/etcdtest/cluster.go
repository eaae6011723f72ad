// Package etcdtest starts a real etcd cluster on loopback inside a test
// process (go.etcd.io/etcd/server/v3/embed): free ports, temporary data
// folders, no logs. It is for the tests of etcdkv and of anything that
// runs nodes on a shared etcd; it stops and restarts members (the leader
// among them) to test faults.
//
// A 3-member cluster is ready in 2 to 3 s (the first election alone
// takes one to two election timeouts of 1 s; shorter ones would make
// elections happen by themselves on a busy test machine). Its members do not
// fsync (UnsafeNoFsync, unless WithFsync): they share one machine and one process, so a
// crash of the machine takes them all anyway, and fsync on a busy test
// machine costs tens of milliseconds a write.
package etcdtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// readyTimeout is how long Start and Restart wait for a member to be
// ready to serve.
const readyTimeout = time.Minute

// Cluster is a running etcd cluster whose members live in the test
// process. Stop them with Stop (the test's cleanup does it).
type Cluster struct {
	// Members are the cluster's members, in the order of Endpoints.
	Members []*Member
	// TLS is set when the cluster was started WithTLS: the files of the
	// CA and of a client certificate the members accept.
	TLS *TLSFiles
}

// Member is one member of a Cluster.
type Member struct {
	// Name is the member's name (m0, m1, …).
	Name string
	// ClientURL is the address clients reach the member at.
	ClientURL string

	peerURL string
	dir     string
	cluster string // the initial-cluster setting, the same for all
	token   string
	tls     *TLSFiles
	fsync   bool

	mu   sync.Mutex
	etcd *embed.Etcd
}

// Option changes how Start builds the cluster.
type Option func(*options)

type options struct{ tls, fsync bool }

// WithFsync makes the members fsync their log as a real cluster does: for
// benchmarks that compare etcd with a bbolt file, which fsyncs.
func WithFsync() Option { return func(o *options) { o.fsync = true } }

// WithTLS makes the members serve clients over TLS with a CA made for the
// test, and require a client certificate signed by it (Cluster.TLS).
func WithTLS() Option { return func(o *options) { o.tls = true } }

// Start starts an n-member cluster on loopback and waits until it has a
// leader; the test's cleanup stops it.
func Start(t testing.TB, n int, opts ...Option) *Cluster {
	t.Helper()
	var o options
	for _, f := range opts {
		f(&o)
	}
	c := &Cluster{}
	if o.tls {
		c.TLS = newTLSFiles(t)
	}
	ports := freePorts(t, 2*n)
	scheme := "http"
	if o.tls {
		scheme = "https"
	}
	token := make([]byte, 8)
	_, _ = rand.Read(token)
	var initial []string
	root := t.TempDir()
	for i := range n {
		m := &Member{
			Name:      fmt.Sprintf("m%d", i),
			ClientURL: fmt.Sprintf("%s://127.0.0.1:%d", scheme, ports[2*i]),
			peerURL:   fmt.Sprintf("http://127.0.0.1:%d", ports[2*i+1]),
			token:     "mespoints-test-" + hex.EncodeToString(token),
			tls:       c.TLS,
			fsync:     o.fsync,
		}
		m.dir = filepath.Join(root, m.Name)
		initial = append(initial, m.Name+"="+m.peerURL)
		c.Members = append(c.Members, m)
	}
	for _, m := range c.Members {
		m.cluster = strings.Join(initial, ",")
	}
	t.Cleanup(c.Stop)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, m := range c.Members {
		wg.Go(func() { errs[i] = m.start() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("etcdtest: %v", err)
		}
	}
	c.Leader(t)
	return c
}

// Endpoints returns the client addresses of all members, running or not.
func (c *Cluster) Endpoints() []string {
	var eps []string
	for _, m := range c.Members {
		eps = append(eps, m.ClientURL)
	}
	return eps
}

// Stop stops every running member.
func (c *Cluster) Stop() {
	var wg sync.WaitGroup
	for _, m := range c.Members {
		wg.Go(m.Stop)
	}
	wg.Wait()
}

// Leader waits (up to a minute) until the running members agree on a
// leader among them, and returns it.
func (c *Cluster) Leader(t testing.TB) *Member {
	t.Helper()
	deadline := time.Now().Add(readyTimeout)
	for {
		if l := c.leader(); l != nil {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatal("etcdtest: no leader after a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leader returns the member every running member sees as leader, if it
// runs and there is one.
func (c *Cluster) leader() *Member {
	var lead uint64
	var found *Member
	for _, m := range c.Members {
		m.mu.Lock()
		e := m.etcd
		m.mu.Unlock()
		if e == nil {
			continue
		}
		l := uint64(e.Server.Leader())
		if l == 0 || (lead != 0 && l != lead) {
			return nil
		}
		lead = l
		if uint64(e.Server.MemberID()) == l {
			found = m
		}
	}
	return found
}

// StopLeader stops the current leader, like a crash, and returns it.
func (c *Cluster) StopLeader(t testing.TB) *Member {
	t.Helper()
	l := c.Leader(t)
	l.Stop()
	return l
}

// Follower returns a running member that is not the leader.
func (c *Cluster) Follower(t testing.TB) *Member {
	t.Helper()
	l := c.Leader(t)
	for _, m := range c.Members {
		if m != l && m.Running() {
			return m
		}
	}
	t.Fatal("etcdtest: no running follower")
	return nil
}

// Running tells whether the member runs.
func (m *Member) Running() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.etcd != nil
}

// Stop stops the member like a crash: its Raft node stops at once,
// without handing over leadership, and its connections close. It does
// nothing to a stopped member.
func (m *Member) Stop() {
	m.mu.Lock()
	e := m.etcd
	m.etcd = nil
	m.mu.Unlock()
	if e == nil {
		return
	}
	e.Server.HardStop()
	e.Close()
}

// Restart starts a stopped member again from its data folder, and waits
// until it serves.
func (m *Member) Restart(t testing.TB) {
	t.Helper()
	if m.Running() {
		t.Fatalf("etcdtest: %s already runs", m.Name)
	}
	if err := m.start(); err != nil {
		t.Fatalf("etcdtest: %v", err)
	}
}

// start starts the member and waits until it is ready to serve clients.
func (m *Member) start() error {
	cfg := m.config()
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return fmt.Errorf("start %s: %w", m.Name, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return fmt.Errorf("start %s: %w", m.Name, err)
	case <-time.After(readyTimeout):
		e.Close()
		return fmt.Errorf("start %s: not ready after %v", m.Name, readyTimeout)
	}
	m.mu.Lock()
	m.etcd = e
	m.mu.Unlock()
	return nil
}

// config is the member's embedded-server configuration; a new one for
// each start, since starting changes it.
func (m *Member) config() *embed.Config {
	cfg := embed.NewConfig()
	cfg.Name = m.Name
	cfg.Dir = m.dir
	cu, _ := url.Parse(m.ClientURL)
	pu, _ := url.Parse(m.peerURL)
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
	cfg.InitialCluster = m.cluster
	cfg.InitialClusterToken = m.token
	cfg.ClusterState = embed.ClusterStateFlagNew // ignored once the data folder exists
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = !m.fsync
	if m.tls != nil {
		cfg.ClientTLSInfo.CertFile = m.tls.ServerCert
		cfg.ClientTLSInfo.KeyFile = m.tls.ServerKey
		cfg.ClientTLSInfo.TrustedCAFile = m.tls.CA
		cfg.ClientTLSInfo.ClientCertAuth = true
	}
	return cfg
}
