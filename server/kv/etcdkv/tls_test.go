package etcdkv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
)

// A cluster that requires client certificates serves a store given the
// CA, certificate and key, and no store without its certificate or that
// does not trust the members' CA.
func TestTLS(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.WithTLS())
	f := c.TLS
	ctx := context.Background()
	good, err := etcdkv.Open(etcdkv.Options{Endpoints: c.Endpoints(), CA: f.CA, Cert: f.ClientCert, Key: f.ClientKey})
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	if err := good.Update(ctx, func(tx kv.Tx) error { tx.Put("keys/k1", []byte("jwk"), 0); return nil }); err != nil {
		t.Fatalf("with the client certificate: %v", err)
	}
	if v, err := good.Get(ctx, "keys/k1"); err != nil || string(v) != "jwk" {
		t.Fatalf("with the client certificate: %q, %v", v, err)
	}
	for name, o := range map[string]etcdkv.Options{
		"no client certificate":   {CA: f.CA},
		"members' CA not trusted": {Cert: f.ClientCert, Key: f.ClientKey},
	} {
		o.Endpoints, o.Timeout = c.Endpoints(), 2*time.Second
		s, err := etcdkv.Open(o)
		if err != nil {
			t.Fatalf("%s: open: %v", name, err)
		}
		_, err = s.Get(ctx, "keys/k1")
		s.Close()
		if err == nil || errors.Is(err, kv.ErrNotFound) {
			t.Errorf("%s: get = %v, want a refusal", name, err)
		}
	}
	if _, err := etcdkv.Open(etcdkv.Options{Endpoints: c.Endpoints(), Cert: f.ClientCert}); err == nil {
		t.Error("a certificate without its key was accepted")
	}
}
