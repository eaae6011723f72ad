package cluster_test

import (
	"io"
	"strings"
	"testing"

	"mespoints/server/cluster"
	"mespoints/server/config"
)

// Each node's arguments are a valid `mespoints serve` configuration: -dev
// on loopback, behind the proxy's address, on every etcd member, trusting
// X-Forwarded-For; nodes and members do not share a port.
func TestNodeArgsAreAValidServeConfiguration(t *testing.T) {
	p, err := cluster.NewPlan(cluster.Options{Dir: t.TempDir(), Web: t.TempDir(), Port: 18100, Nodes: 3, Mespoints: "mespoints"})
	if err != nil {
		t.Fatal(err)
	}
	ports := map[string]bool{p.Proxy: true}
	for _, n := range p.Nodes {
		cfg, err := config.Parse(p.NodeArgs(n)[1:], func(string) string { return "" }, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", n.Name, err)
		}
		if !cfg.Dev || cfg.BaseURL() != p.URL() || cfg.Addr != n.Addr || cfg.Data != n.Data || len(cfg.Etcd.EndpointList()) != 3 ||
			cfg.ClientIPHeader != "X-Forwarded-For" || cfg.Node != n.Name {
			t.Errorf("%s: %+v", n.Name, cfg)
		}
		ports[n.Addr] = true
	}
	for _, m := range p.Members {
		ports[m.Client], ports[m.Peer] = true, true
	}
	if len(ports) != 1+3+2*3 {
		t.Errorf("%d distinct addresses for 10 listeners", len(ports))
	}
	if !strings.Contains(p.Caddyfile(), "health_uri /healthz") || strings.Count(p.Caddyfile(), p.Nodes[2].Addr) != 2 {
		t.Errorf("Caddyfile:\n%s", p.Caddyfile())
	}
}

// A cluster's folder keeps the etcd members it was made with: a run with
// other ports is refused before anything starts, saying what to do.
func TestAFolderKeepsItsMembers(t *testing.T) {
	dir, web := t.TempDir(), t.TempDir()
	first, _ := cluster.NewPlan(cluster.Options{Dir: dir, Web: web, Port: 18100, Etcd: "/nonexistent/etcd", Mespoints: "mespoints"})
	if _, err := cluster.Start(first, io.Discard); err == nil || !strings.Contains(err.Error(), "/nonexistent/etcd not found") {
		t.Fatalf("without etcd: %v", err)
	}
	other, _ := cluster.NewPlan(cluster.Options{Dir: dir, Web: web, Port: 18200, Etcd: "/nonexistent/etcd", Mespoints: "mespoints"})
	if _, err := cluster.Start(other, io.Discard); err == nil || !strings.Contains(err.Error(), "other etcd members") || !strings.Contains(err.Error(), "remove the folder") {
		t.Fatalf("another port on the same folder: %v", err)
	}
	if _, err := cluster.NewPlan(cluster.Options{Dir: dir, Web: web, Members: 2}); err == nil {
		t.Error("an even number of etcd members was accepted")
	}
}
