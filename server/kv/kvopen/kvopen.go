// Package kvopen opens the shared state the configuration names: the
// etcd cluster of -etcd-endpoints, or else the embedded bbolt file
// DATA/shared.db. It is the one place that knows both backends; the
// domain packages only see kv.Store.
package kvopen

import (
	"fmt"

	"mespoints/server/config"
	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/kv/etcdkv"
)

// Open opens the shared state of cfg. The backend's name ("bbolt" or
// "etcd") is for the logs.
func Open(cfg config.Config) (kv.Store, string, error) {
	if !cfg.Etcd.Shared() {
		s, err := boltkv.Open(cfg.Data, boltkv.Options{})
		if err != nil {
			return nil, "", fmt.Errorf("shared state: %w", err)
		}
		return s, "bbolt", nil
	}
	e := cfg.Etcd
	s, err := etcdkv.Open(etcdkv.Options{
		Endpoints: e.EndpointList(), Prefix: e.Prefix,
		CA: e.CA, Cert: e.Cert, Key: e.Key, Timeout: e.Timeout,
	})
	if err != nil {
		return nil, "", fmt.Errorf("shared state: %w", err)
	}
	return s, "etcd", nil
}
