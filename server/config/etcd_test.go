package config

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEtcdDefaultsToTheEmbeddedFile(t *testing.T) {
	c, err := Parse(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Etcd.Shared() || c.Etcd.Prefix != "/mespoints/" || c.Etcd.Timeout != 5*time.Second {
		t.Fatalf("etcd = %+v, want the embedded file, prefix /mespoints/, 5s", c.Etcd)
	}
}

func TestEtcdSettingsFromFlagsAndEnvironment(t *testing.T) {
	c, err := Parse([]string{"-etcd-timeout", "2s"}, env(map[string]string{
		"MESPOINTS_ETCD_ENDPOINTS": " https://10.0.0.1:2379, https://10.0.0.2:2379 ,https://10.0.0.3:2379",
		"MESPOINTS_ETCD_PREFIX":    "/mespoints-staging/",
		"MESPOINTS_ETCD_CA":        "/etc/mespoints/etcd-ca.pem",
		"MESPOINTS_ETCD_CERT":      "/etc/mespoints/etcd-client.pem",
		"MESPOINTS_ETCD_KEY":       "/etc/mespoints/etcd-client-key.pem",
		"MESPOINTS_ETCD_TIMEOUT":   "9s",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	e := c.Etcd
	want := []string{"https://10.0.0.1:2379", "https://10.0.0.2:2379", "https://10.0.0.3:2379"}
	if !e.Shared() || !slices.Equal(e.EndpointList(), want) || e.Prefix != "/mespoints-staging/" ||
		e.CA != "/etc/mespoints/etcd-ca.pem" || e.Cert != "/etc/mespoints/etcd-client.pem" ||
		e.Key != "/etc/mespoints/etcd-client-key.pem" || e.Timeout != 2*time.Second {
		t.Fatalf("etcd = %+v (endpoints %q)", e, e.EndpointList())
	}
	c, err = Parse([]string{"-etcd-endpoints", "127.0.0.1:2379,localhost:22379"}, env(nil), io.Discard)
	if err != nil || len(c.Etcd.EndpointList()) != 2 {
		t.Fatalf("plain host:port endpoints: %+v, %v", c.Etcd, err)
	}
}

func TestEtcdSettingsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"TLS without endpoints", []string{"-etcd-ca", "ca.pem"}, "need -etcd-endpoints"},
		{"certificate without key", []string{"-etcd-endpoints", "https://e1:2379", "-etcd-cert", "c.pem"}, "go together"},
		{"http with TLS", []string{"-etcd-endpoints", "http://e1:2379", "-etcd-ca", "ca.pem"}, "write https://"},
		{"no port", []string{"-etcd-endpoints", "e1"}, "-etcd-endpoints \"e1\""},
		{"other scheme", []string{"-etcd-endpoints", "unix://e1:2379"}, "-etcd-endpoints"},
		{"a path", []string{"-etcd-endpoints", "https://e1:2379/v3"}, "-etcd-endpoints"},
		{"only commas", []string{"-etcd-endpoints", " , "}, "no address"},
		{"empty prefix", []string{"-etcd-endpoints", "e1:2379", "-etcd-prefix", ""}, "-etcd-prefix"},
		{"bad timeout", []string{"-etcd-timeout", "5"}, "-etcd-timeout"},
		{"zero timeout", []string{"-etcd-timeout", "0s"}, "-etcd-timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.args, env(nil), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
