package httpd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/booking"
	"mespoints/server/config"
	"mespoints/server/kv/etcdtest"
)

// rushers is how many candidates rush at once in BenchmarkBooking.
const rushers = 64

// BenchmarkBooking is TestNeverOverbooked's rush, measured: 64 candidates,
// signed in over real HTTP, book the 64 places of one session at once
// (one op: the whole rush; the places are given back between ops, not
// timed), beside its baseline, the same 64 reading that session's places
// left at once. It reports bookings (or reads) per second and the p99 of
// one request, on one server with bbolt and on one with a 3-member etcd
// cluster that syncs to disk.
func BenchmarkBooking(b *testing.B) {
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	cs := candidates(rushers, today)
	c := booking.Centre{ID: "toulouse-essai", Departement: "31"}
	at := points.NewDateTime(today.AddDays(10), 8, 30)
	id := booking.SessionID(c, at)
	file := `{"kind":"centre","id":"toulouse-essai","name":"Centre d'examen de l'essai","address":"1 rue de l'Essai, 31000 Toulouse","departement":"31"}` + "\n" +
		fmt.Sprintf(`{"kind":"session","centre":"toulouse-essai","at":"%s","places":%d}`+"\n", at, rushers)
	for _, backend := range []string{"bbolt", "etcd"} {
		b.Run(backend, func(b *testing.B) {
			var etcd config.Etcd
			if backend == "etcd" {
				cluster := etcdtest.Start(b, 3, etcdtest.WithFsync())
				etcd = config.Etcd{Endpoints: strings.Join(cluster.Endpoints(), ","), Prefix: "/bench/", Timeout: 20 * time.Second}
			}
			dir := b.TempDir()
			importCandidates(b, dir, cs)
			nd := startNode(b, dir, etcd, cs)
			if _, err := booking.Import(context.Background(), nd.srv.KV, strings.NewReader(file), today); err != nil {
				b.Fatal(err)
			}
			clients := signInAll(b, []*node{nd}, cs)
			read := nd.base + "/api/v1/exams/sessions?departement=31&from=" + at.Date().String()
			b.Run("baseline=read-session", func(b *testing.B) {
				measureRush(b, nd.base, clients, "reads/s", "GET", read, "", http.StatusOK)
			})
			b.Run("book", func(b *testing.B) {
				measureRush(b, nd.base, clients, "bookings/s", "POST", nd.base+"/api/v1/exams/bookings", `{"session":"`+id+`"}`, http.StatusCreated)
			})
		})
	}
}

// measureRush runs b.N rushes of every client's request at once, each
// expecting status want, and reports the requests per second (as unit)
// and the p99 of one request. A rush of bookings (POST) is cancelled
// between rushes, out of the timing.
func measureRush(b *testing.B, base string, clients []*http.Client, unit, method, u, body string, want int) {
	var lat []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for range b.N {
		answers := make([][]byte, len(clients))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range clients {
			wg.Go(func() {
				<-start
				t0 := time.Now()
				status, answer, err := call(context.Background(), c, method, u, body)
				d := time.Since(t0)
				if err != nil || status != want {
					b.Errorf("%s %s: %d %s %v", method, u, status, answer, err)
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
				answers[i] = answer
			})
		}
		close(start)
		wg.Wait()
		if method == "POST" {
			b.StopTimer()
			for i, a := range answers {
				var eb wire.ExamBooking
				json.Unmarshal(a, &eb)
				if status, answer, err := call(context.Background(), clients[i], "DELETE", base+"/api/v1/exams/bookings/"+eb.ID, ""); err != nil || status != http.StatusOK {
					b.Fatalf("cancel: %d %s %v", status, answer, err)
				}
			}
			b.StartTimer()
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), unit)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
