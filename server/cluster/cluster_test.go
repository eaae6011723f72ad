package cluster_test

import (
	"context"
	"encoding/json"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/cluster"
	"mespoints/server/demo"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv/etcdkv"
)

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// `make cluster`'s own start-up code, with Debian's etcd (3 members) and
// Caddy, and two nodes of the real binary: a person signs in through the
// one address (the development provider behind the proxy, the callback
// on either node) and is signed in on both nodes; the linking code a node
// mails shows in both nodes' /dev-mail/; both nodes hold the same demo
// dossiers; node-1 killed, the proxy sends everyone to node-2 — the same
// cookie works, a new sign-in works at node-2's provider; both nodes
// down, the proxy answers 503 with Retry-After, JSON under /api/; a
// second run on the same folder finds the session still open.
func TestMakeClusterStartsSignsInAndSurvivesANode(t *testing.T) {
	for _, prog := range []string{"etcd", "caddy"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Fatalf("%s is not installed: run make cluster-tools (Debian's etcd-server and caddy)", prog)
		}
	}
	dir := t.TempDir()
	plan, err := cluster.NewPlan(cluster.Options{Dir: dir, Web: testkit.PlaceholderWeb(t), Port: freePortRange(t, 30), Mespoints: testkit.BuildServer(t)})
	if err != nil {
		t.Fatal(err)
	}
	var out testkit.LogBuffer
	r, err := cluster.Start(plan, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	proxy := plan.URL()
	node1, node2 := "http://"+plan.Nodes[0].Addr, "http://"+plan.Nodes[1].Addr

	// Camille signs in through the proxy; her cookie opens her dossier at
	// each node.
	camille := newBrowser(proxy)
	camille.mustSignIn(t, auth.FranceConnect, "camille")
	for _, base := range []string{proxy, node1, node2} {
		if a := camille.mustCall(t, base, "GET", "/api/v1/points", ""); a.status != 200 {
			t.Fatalf("camille's points at %s: %d %s", base, a.status, a.body)
		}
	}

	// The nodes hold the same demo dossiers: the day of the first node.
	shared, err := etcdkv.Open(etcdkv.Options{Endpoints: strings.Split(plan.Endpoints(), ","), Prefix: cluster.EtcdPrefix})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	paris, _ := time.LoadLocation("Europe/Paris")
	day, err := demo.Day(context.Background(), shared, points.DateOf(time.Now().In(paris)))
	if err != nil {
		t.Fatal(err)
	}
	var dossiers []string
	for _, base := range []string{node1, node2} {
		a := camille.mustCall(t, base, "GET", "/api/v1/dossier", "")
		var d struct {
			Holder  json.RawMessage `json:"holder"`
			Licence json.RawMessage `json:"licence"`
			Events  json.RawMessage `json:"events"`
		}
		if a.status != 200 || json.Unmarshal([]byte(a.body), &d) != nil {
			t.Fatalf("dossier at %s: %d %s", base, a.status, a.body)
		}
		dossiers = append(dossiers, string(d.Holder)+string(d.Licence)+string(d.Events))
	}
	if dossiers[0] != dossiers[1] {
		t.Fatalf("the nodes hold different dossiers for camille:\n%s\n%s", dossiers[0], dossiers[1])
	}

	// Lucas links his dossier with a code mailed by one node: both nodes'
	// mail catchers show it; he confirms through the proxy.
	lucas := newBrowser(proxy)
	lucas.mustSignIn(t, auth.Usager, "lucas")
	var rec struct{ birthdate string }
	for i, p := range demo.Personas {
		if p.Login == "lucas" {
			rec.birthdate = demo.Records(day)[i].Holder.Birthdate.String()
		}
	}
	neph, _ := demo.NEPHForLogin("lucas")
	if a := lucas.mustCall(t, proxy, "POST", "/api/v1/link", `{"neph":"`+neph+`","birthdate":"`+rec.birthdate+`"}`); a.status != 202 || !strings.Contains(a.body, "code_sent") {
		t.Fatalf("link: %d %s", a.status, a.body)
	}
	var codes []string
	for _, base := range []string{node1, node2} {
		a := lucas.mustCall(t, base, "GET", "/dev-mail/", "")
		m := sixDigits.FindStringSubmatch(a.body)
		if a.status != 200 || !strings.Contains(a.body, "lucas.moreau@example.fr") || m == nil {
			t.Fatalf("%s's /dev-mail/ (%d) does not show lucas's code:\n%.800s", base, a.status, a.body)
		}
		codes = append(codes, m[1])
	}
	if codes[0] != codes[1] {
		t.Fatalf("the nodes show different codes: %v", codes)
	}
	if a := lucas.mustCall(t, proxy, "POST", "/api/v1/link/confirm", `{"code":"`+codes[0]+`"}`); a.status != 200 || !strings.Contains(a.body, `"linked":true`) {
		t.Fatalf("confirm: %d %s", a.status, a.body)
	}

	// node-1 crashes: the proxy sends camille to node-2, with the same
	// cookie; anne signs in at node-2's provider, with the shared secret.
	if err := r.Kill("node-1"); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if a := camille.mustCall(t, proxy, "GET", "/api/v1/me", ""); a.status != 200 {
			t.Fatalf("camille's request %d after node-1's crash: %d %s", i, a.status, a.body)
		}
	}
	newBrowser(proxy).mustSignIn(t, auth.FranceConnect, "anne")
	if !strings.Contains(out.String(), "node-1 stopped") {
		t.Errorf("the launcher did not say node-1 stopped:\n%s", out.String())
	}

	// No node left: 503 with Retry-After, the API's JSON under /api/, a
	// French page elsewhere.
	if err := r.Kill("node-2"); err != nil {
		t.Fatal(err)
	}
	a := camille.mustCall(t, proxy, "GET", "/api/v1/me", "")
	var e wire.Error
	if a.status != 503 || a.retryAfter == "" || json.Unmarshal([]byte(a.body), &e) != nil || e.Code != wire.CodeUnavailable {
		t.Fatalf("API without nodes: %d Retry-After %q %s", a.status, a.retryAfter, a.body)
	}
	if a := camille.mustCall(t, proxy, "GET", "/solde", ""); a.status != 503 || a.retryAfter == "" || !strings.Contains(a.body, "Service momentanément indisponible") {
		t.Fatalf("page without nodes: %d Retry-After %q %.300s", a.status, a.retryAfter, a.body)
	}

	// Everything stops, the ports are free; a second run on the folder
	// finds camille's session.
	r.Stop()
	for _, addr := range []string{plan.Proxy, plan.Nodes[0].Addr, plan.Members[0].Client, plan.Members[2].Peer} {
		if ln, err := net.Listen("tcp", addr); err != nil {
			t.Errorf("%s still taken after Stop: %v", addr, err)
		} else {
			ln.Close()
		}
	}
	r, err = cluster.Start(plan, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	if a := camille.mustCall(t, proxy, "GET", "/api/v1/me", ""); a.status != 200 {
		t.Fatalf("camille after a second start: %d %s", a.status, a.body)
	}
}
