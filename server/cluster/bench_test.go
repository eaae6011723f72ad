package cluster_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/kv/etcdtest"
)

// The cluster's figures, each subject beside its baseline in the same
// run: nodes of the real server behind a round-robin reverse proxy, on
// one etcd cluster of 3 members in the process that fsync as real ones
// do (or on bbolt), 16 people at once (8 per core).
//
// A sign-in is the whole OpenID Connect flow as a browser makes it,
// through the proxy: the service's login route, the provider's
// authorization and login page, its form, the service's callback (code
// exchange, ID token and signed userinfo checked, dossier linked, session
// opened), up to the redirect to the dossier's page (not the page
// itself). The provider is FranceConnect's development double, in the
// same process: its work (two ES256 signatures a sign-in) is counted
// too. The etcd figures are the requests the nodes made to etcd per
// operation, read from the members' own counters (gRPC Range: reads; Txn:
// a transaction's commit, or its compare failing when another node wrote
// a key it read first).

// benchPeople is how many people sign in or ask at once.
const benchPeople = 16

// addresses are the people's connections, from 64 addresses: the
// service's per-address counters (pending sign-ins) are as many keys, as
// with people at their own addresses, not one key every sign-in
// contends on.
var addresses = func() []http.RoundTripper {
	out := make([]http.RoundTripper, 64)
	for i := range out {
		out[i] = transportFrom("127.0.1." + strconv.Itoa(i+1))
	}
	return out
}()

// BenchmarkSignIn: sign-ins through two nodes on etcd beside one node on
// etcd (the baseline), and one node on bbolt (make run).
func BenchmarkSignIn(b *testing.B) {
	paris, _ := time.LoadLocation("Europe/Paris")
	cs := makeCandidates(400, points.DateOf(time.Now().In(paris)))
	etcd := etcdtest.Start(b, 3, etcdtest.WithFsync())
	one := startNodes(b, etcd, "/bench-signin-1/", 1, cs)
	two := startNodes(b, etcd, "/bench-signin-2/", 2, cs)
	bolt := startNodes(b, nil, "", 1, cs)
	for _, s := range []struct {
		name string
		tc   *testCluster
	}{{"baseline=1-node-etcd", one}, {"2-nodes-etcd", two}, {"1-node-bbolt", bolt}} {
		b.Run(s.name, func(b *testing.B) {
			var next atomic.Int64
			measure(b, s.tc, "signins/s", func() error {
				i := int(next.Add(1))
				c := cs[i%len(cs)]
				br := newBrowserAt(s.tc.proxy, addresses[i%len(addresses)])
				r, err := br.signIn(context.Background(), auth.FranceConnect, c.login)
				if err == nil && r.path != auth.PathLinked {
					err = fmt.Errorf("sign-in ended on %s (%d)", r.path, r.status)
				}
				return err
			})
		})
	}
}

// BenchmarkSessionCheck: GET /api/v1/me of signed-in people (a session
// check: the session and the account read, and the answer), on one node
// on bbolt (the baseline), one node on etcd, and two nodes on etcd.
func BenchmarkSessionCheck(b *testing.B) {
	paris, _ := time.LoadLocation("Europe/Paris")
	cs := makeCandidates(benchPeople*4, points.DateOf(time.Now().In(paris)))
	etcd := etcdtest.Start(b, 3, etcdtest.WithFsync())
	for _, s := range []struct {
		name string
		tc   *testCluster
	}{
		{"baseline=1-node-bbolt", startNodes(b, nil, "", 1, cs)},
		{"1-node-etcd", startNodes(b, etcd, "/bench-me-1/", 1, cs)},
		{"2-nodes-etcd", startNodes(b, etcd, "/bench-me-2/", 2, cs)},
	} {
		people := make([]*browser, len(cs))
		for i, c := range cs {
			people[i] = newBrowserAt(s.tc.proxy, addresses[i%len(addresses)])
			people[i].mustSignIn(b, auth.FranceConnect, c.login)
		}
		b.Run(s.name, func(b *testing.B) {
			var next atomic.Int64
			measure(b, s.tc, "checks/s", func() error {
				p := people[int(next.Add(1))%len(people)]
				a, err := p.call(context.Background(), s.tc.proxy, "GET", "/api/v1/me", "")
				if err == nil && a.status != http.StatusOK {
					err = fmt.Errorf("GET /api/v1/me: %d %s", a.status, a.body)
				}
				return err
			})
		})
	}
}

// measure runs op from benchPeople goroutines for b.N operations in all,
// and reports operations per second (as unit), the p99 of one operation,
// and, on etcd, the reads and commits the nodes asked of etcd per
// operation.
func measure(b *testing.B, tc *testCluster, unit string, op func() error) {
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	before := etcdRequests(b, tc)
	b.SetParallelism((benchPeople + 1) / 2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t0 := time.Now()
			err := op()
			d := time.Since(t0)
			if err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	})
	b.StopTimer()
	after := etcdRequests(b, tc)
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), unit)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	if tc.etcd != nil {
		n := float64(len(lat))
		b.ReportMetric(float64(after["Range"]-before["Range"])/n, "etcd-reads/op")
		b.ReportMetric(float64(after["Txn"]-before["Txn"])/n, "etcd-txns/op")
	}
}

// etcdRequests reads the requests the etcd members answered, by gRPC
// method, from their metrics (the members of every cluster in this
// process count together; the benchmarks run one at a time).
func etcdRequests(b *testing.B, tc *testCluster) map[string]int64 {
	out := map[string]int64{}
	if tc.etcd == nil {
		return out
	}
	res, err := http.Get(tc.etcd.Endpoints()[0] + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "grpc_server_handled_total{") || !strings.Contains(line, `grpc_code="OK"`) {
			continue
		}
		for _, m := range []string{"Range", "Txn"} {
			if strings.Contains(line, `grpc_method="`+m+`"`) {
				v, _ := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
				out[m] += int64(v)
			}
		}
	}
	return out
}
