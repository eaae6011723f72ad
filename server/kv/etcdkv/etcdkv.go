// Package etcdkv is the kv.Store of several nodes: the shared state lives
// in an etcd cluster (go.etcd.io/etcd/client/v3), under a prefix.
//
// # Transactions
//
// Update is an optimistic transaction of its own, not concurrency.STM:
// the first read of an attempt is linearizable and fixes a revision, the
// later ones read at that revision, so fn sees one consistent snapshot;
// the commit is one etcd Txn that writes only if every key read still has
// the ModRevision it had (0: still absent), which makes the transactions
// serializable. A failed compare returns the current values of the keys
// read (Else branch), so the next attempt starts without a round trip.
// Attempts are retried with a jittered, growing pause, within the
// Update's time bound (Options.Timeout). STM gives the same isolation but
// retries without bound or pause, and knows nothing of our envelopes and
// leases, nor of a commit whose answer was lost.
//
// A commit whose answer is lost (member killed, leader lost, timeout) may
// have gone through. Every value an Update writes carries the Update's
// random identifier; before running fn again, Update reads the history of
// one key the lost commit wrote (a watch from the attempt's revision) and
// returns success if the identifier is there, and otherwise adds that key
// to the next attempt's compares, so that a late commit of the lost one
// makes the next attempt fail and be checked again. An update is thus
// never applied twice nor reported lost when it went through. When the
// lost commit wrote nothing but deletions of keys it had read, Update
// cannot tell and returns kv.ErrUnavailable.
//
// # Expiry
//
// An entry with a ttl is written with its exact expiry in its envelope
// (reads hide it from then on) and attached to a lease shared by all the
// entries expiring in the same window (Options.LeaseWindow): a lease grant
// is a Raft round trip, so there is one per window, not one per write. The
// lease ends LeaseSlack after its window; etcd then deletes the entries.
//
// # Failures
//
// Every call is bounded by Options.Timeout and asks for a member that
// sees a leader; a cluster without quorum, unreachable or too slow gives
// errors wrapping kv.ErrUnavailable. The client reconnects by itself to
// members that come back.
package etcdkv

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"

	"mespoints/server/kv"
)

// Defaults of Options.
const (
	DefaultPrefix      = "/mespoints/"
	DefaultTimeout     = 5 * time.Second
	DefaultLeaseWindow = time.Minute
	DefaultLeaseSlack  = time.Minute
)

// Options are the settings of Open.
type Options struct {
	// Endpoints are the members' client addresses (host:port, or
	// https://host:port with TLS).
	Endpoints []string
	// Prefix is put before every key, so that several services (or tests)
	// can share a cluster; default DefaultPrefix.
	Prefix string
	// CA is the PEM file of the authority that signed the members'
	// certificates; Cert and Key a client certificate and its key. Any of
	// them turns TLS on.
	CA, Cert, Key string
	// Timeout bounds every call (Get, List, a whole Update); default
	// DefaultTimeout.
	Timeout time.Duration
	// LeaseWindow is the span of expiries that share one lease, and
	// LeaseSlack how long a lease outlives its window: an expired entry is
	// deleted at most LeaseWindow+LeaseSlack after its expiry. Defaults:
	// one minute each.
	LeaseWindow, LeaseSlack time.Duration

	// dial adds gRPC options to the client's (the tests inject lost
	// answers with an interceptor).
	dial []grpc.DialOption
}

// Store is a kv.Store on an etcd cluster.
type Store struct {
	cli     *clientv3.Client
	prefix  string
	timeout time.Duration
	leases  *leases
	gates   gates
}

var _ kv.Store = (*Store)(nil)

// Open connects to the cluster (lazily: an unreachable cluster shows in
// the first calls, not here).
func Open(o Options) (*Store, error) {
	if len(o.Endpoints) == 0 {
		return nil, errors.New("etcdkv: no endpoint")
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.LeaseWindow <= 0 {
		o.LeaseWindow = DefaultLeaseWindow
	}
	if o.LeaseSlack <= 0 {
		o.LeaseSlack = DefaultLeaseSlack
	}
	tlsCfg, err := o.tls()
	if err != nil {
		return nil, err
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   o.Endpoints,
		DialTimeout: o.Timeout,
		// gRPC pings a silent member every 10 s (its floor) and drops it
		// 3 s later, so that a member gone without closing its
		// connections is left for the others.
		DialKeepAliveTime:    10 * time.Second,
		DialKeepAliveTimeout: 3 * time.Second,
		PermitWithoutStream:  true,
		TLS:                  tlsCfg,
		Logger:               zap.NewNop(),
		DialOptions:          o.dial,
	})
	if err != nil {
		return nil, fmt.Errorf("etcdkv: connect to %s: %w", strings.Join(o.Endpoints, ","), err)
	}
	return &Store{
		cli:     cli,
		prefix:  o.Prefix,
		timeout: o.Timeout,
		leases:  newLeases(cli, o.LeaseWindow, o.LeaseSlack),
	}, nil
}

// tls returns the client's TLS settings, or nil without TLS.
func (o Options) tls() (*tls.Config, error) {
	if o.CA == "" && o.Cert == "" && o.Key == "" {
		return nil, nil
	}
	if (o.Cert == "") != (o.Key == "") {
		return nil, errors.New("etcdkv: a client certificate needs its key, and a key its certificate")
	}
	cfg, err := transport.TLSInfo{CertFile: o.Cert, KeyFile: o.Key, TrustedCAFile: o.CA}.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("etcdkv: TLS: %w", err)
	}
	cfg.MinVersion = tls.VersionTLS12
	return cfg, nil
}

// Close closes the connections to the cluster. Entries keep their
// leases: the cluster deletes them when due.
func (s *Store) Close() error {
	if err := s.cli.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("etcdkv: close: %w", err)
	}
	return nil
}

// bound returns ctx limited by the store's timeout and asking for a
// member that sees a leader (one that does not answers at once).
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(clientv3.WithRequireLeader(ctx), s.timeout)
}

// full is the etcd key of key.
func (s *Store) full(key string) string { return s.prefix + key }
