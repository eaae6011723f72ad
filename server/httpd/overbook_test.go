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

// contenders is how many candidates try the same places at once.
const contenders = 200

// contentionCatalogue is a centre of 31 with a session of one place and
// one of ten, more than 7 days ahead (a cancellation is then free).
func contentionCatalogue(today points.Date) (file string, one, ten string) {
	c := booking.Centre{ID: "toulouse-essai", Departement: "31"}
	a, b := points.NewDateTime(today.AddDays(10), 8, 30), points.NewDateTime(today.AddDays(11), 13, 30)
	file = `{"kind":"centre","id":"toulouse-essai","name":"Centre d'examen de l'essai","address":"1 rue de l'Essai, 31000 Toulouse","departement":"31"}` + "\n" +
		fmt.Sprintf(`{"kind":"session","centre":"toulouse-essai","at":"%s","places":1}`+"\n", a) +
		fmt.Sprintf(`{"kind":"session","centre":"toulouse-essai","at":"%s","places":10}`+"\n", b)
	return file, booking.SessionID(c, a), booking.SessionID(c, b)
}

// rush makes every candidate book session id at once, over HTTP, and
// counts the answers by status and code.
func rush(t *testing.T, nodes []*node, clients []*http.Client, id string) (booked []string, refusals map[string]int) {
	t.Helper()
	refusals = map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	body := `{"session":"` + id + `"}`
	for i, c := range clients {
		wg.Go(func() {
			<-start
			status, b, err := call(context.Background(), c, "POST", nodes[i%len(nodes)].base+"/api/v1/exams/bookings", body)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Errorf("candidate %d: %v", i, err)
			case status == http.StatusCreated:
				var eb wire.ExamBooking
				json.Unmarshal(b, &eb)
				booked = append(booked, fmt.Sprintf("%d:%s", i, eb.ID))
			default:
				var e wire.Error
				json.Unmarshal(b, &e)
				refusals[fmt.Sprintf("%d %s", status, e.Code)]++
			}
		})
	}
	close(start)
	wg.Wait()
	return booked, refusals
}

// TestNeverOverbooked signs 200 candidates in over real HTTP (FranceConnect
// through a development provider, sessions and all) and makes them all
// try the last place of a session at once: exactly one booking, 199
// refusals "full", no place below zero; then, the winner having cancelled
// in time, a session of 10 places: exactly 10. On one server (bbolt), and
// on two servers sharing a 3-member etcd cluster, the candidates spread
// over both.
func TestNeverOverbooked(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	cs := candidates(contenders, today)
	cluster := etcdtest.Start(t, 3)
	for _, backend := range []string{"bbolt", "etcd"} {
		t.Run(backend, func(t *testing.T) {
			var etcd config.Etcd
			n := 1
			if backend == "etcd" {
				etcd = config.Etcd{Endpoints: strings.Join(cluster.Endpoints(), ","), Prefix: "/overbook/", Timeout: 20 * time.Second}
				n = 2
			}
			var nodes []*node
			for range n {
				dir := t.TempDir()
				importCandidates(t, dir, cs)
				nodes = append(nodes, startNode(t, dir, etcd, cs))
			}
			file, one, ten := contentionCatalogue(today)
			if _, err := booking.Import(context.Background(), nodes[0].srv.KV, strings.NewReader(file), today); err != nil {
				t.Fatal(err)
			}
			clients := signInAll(t, nodes, cs)

			booked, refusals := rush(t, nodes, clients, one)
			if len(booked) != 1 || refusals["409 full"] != contenders-1 {
				t.Fatalf("the last place: %d bookings %v, refusals %v; want 1 booking and %d full", len(booked), booked, refusals, contenders-1)
			}
			for k, nd := range nodes { // clients[k] is signed in at nodes[k]
				if left := placesLeft(t, clients[k], nd.base, one, today); left != 0 {
					t.Fatalf("places left of the one-place session at %s: %d", nd.base, left)
				}
			}
			// The winner cancels (10 days ahead: free), and everyone may
			// book again.
			var winner int
			var id string
			fmt.Sscanf(strings.Replace(booked[0], ":", " ", 1), "%d %s", &winner, &id)
			if status, b, err := call(context.Background(), clients[winner], "DELETE", nodes[winner%n].base+"/api/v1/exams/bookings/"+id, ""); err != nil || status != http.StatusOK {
				t.Fatalf("cancel: %d %s %v", status, b, err)
			}
			booked, refusals = rush(t, nodes, clients, ten)
			if len(booked) != 10 || refusals["409 full"] != contenders-10 {
				t.Fatalf("ten places: %d bookings, refusals %v; want 10 and %d full", len(booked), refusals, contenders-10)
			}
			if left := placesLeft(t, clients[1], nodes[n-1].base, ten, today); left != 0 {
				t.Fatalf("places left of the ten-place session: %d", left)
			}
			if left := placesLeft(t, clients[0], nodes[0].base, one, today); left != 1 {
				t.Fatalf("the cancelled place did not come back: %d left", left)
			}
			// Counters and bookings agree, and no candidate holds two.
			r, err := nodes[0].srv.Booking.Check(context.Background())
			if err != nil || !r.OK() || r.Bookings != 10 {
				t.Fatalf("check: %+v %v", r, err)
			}
			winners := map[string]bool{}
			for _, b := range booked {
				who, _, _ := strings.Cut(b, ":")
				winners[who] = true
			}
			if len(winners) != 10 || slices.Contains(booked, "") {
				t.Fatalf("ten bookings for %d candidates", len(winners))
			}
		})
	}
}
