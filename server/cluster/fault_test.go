package cluster_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/booking"
)

// faultCatalogue is a centre of 31 with a session of 5 places (the last
// places, fought over) and one of 99, ten and eleven days ahead.
func faultCatalogue(today points.Date) (file, last, big string) {
	c := booking.Centre{ID: "toulouse-pannes", Departement: "31"}
	a, b := points.NewDateTime(today.AddDays(10), 8, 30), points.NewDateTime(today.AddDays(11), 13, 30)
	file = `{"kind":"centre","id":"toulouse-pannes","name":"Centre d'examen des pannes","address":"1 rue des Pannes, 31000 Toulouse","departement":"31"}` + "\n" +
		fmt.Sprintf(`{"kind":"session","centre":"toulouse-pannes","at":"%s","places":5}`+"\n", a) +
		fmt.Sprintf(`{"kind":"session","centre":"toulouse-pannes","at":"%s","places":99}`+"\n", b)
	return file, booking.SessionID(c, a), booking.SessionID(c, b)
}

// judge collects the answers of a run and the wrong ones.
type judge struct {
	mu     sync.Mutex
	counts map[string]int
	wrong  []string
}

func (j *judge) count(what string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.counts[what]++
}

func (j *judge) fail(format string, args ...any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.wrong) < 20 {
		j.wrong = append(j.wrong, fmt.Sprintf(format, args...))
	}
	j.counts["WRONG"]++
}

// unavailable tells whether a is the clear answer of a node whose shared
// state cannot answer: 503, Retry-After, and for the API the JSON code
// unavailable, for a page the French words.
func unavailable(a answer, api bool) bool {
	if a.status != http.StatusServiceUnavailable || a.retryAfter == "" {
		return false
	}
	if !api {
		return strings.Contains(a.body, "momentanément indisponible")
	}
	var e wire.Error
	return json.Unmarshal([]byte(a.body), &e) == nil && e.Code == wire.CodeUnavailable && e.Message != ""
}

// booked is how one candidate's booking ended.
type booked struct {
	session string
	final   string // "booked", "already" (a try answered 503 had gone through) or "full"
	id      string // of the 201
}

// bookUntilDecided books session for b through the proxy, trying again
// after each clear 503, until a decisive answer. Every other answer is
// wrong: a 409 full on the session with places to spare, already_booked
// when no earlier try could have gone through, a 401, a 500…
func bookUntilDecided(j *judge, b *browser, session string, full bool) booked {
	out := booked{session: session}
	ambiguous := false
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		a, err := b.call(context.Background(), b.home, "POST", "/api/v1/exams/bookings", `{"session":"`+session+`"}`)
		var e wire.Error
		json.Unmarshal([]byte(a.body), &e)
		switch {
		case err != nil:
			j.fail("booking: %v", err)
			return out
		case a.status == http.StatusCreated:
			var eb wire.ExamBooking
			json.Unmarshal([]byte(a.body), &eb)
			out.final, out.id = "booked", eb.ID
			j.count("booking 201")
			return out
		case a.status == http.StatusConflict && e.Code == wire.CodeAlreadyBooked && ambiguous:
			out.final = "already"
			j.count("booking 409 already_booked after a 503")
			return out
		case a.status == http.StatusConflict && e.Code == wire.CodeFull && full:
			out.final = "full"
			j.count("booking 409 full")
			return out
		case unavailable(a, true):
			ambiguous = true
			j.count("booking 503")
			time.Sleep(time.Duration(200+rand.IntN(300)) * time.Millisecond)
		default:
			j.fail("booking of %s: %d %s", session, a.status, a.body)
			return out
		}
	}
	j.fail("booking of %s: still 503 after two minutes", session)
	return out
}

// checkSessions asks /api/v1/me for random signed-in people until stop:
// 200 and linked, or a clear 503; never a 401 for a live session.
func checkSessions(j *judge, people []*browser, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		b := people[rand.IntN(len(people))]
		a, err := b.call(context.Background(), b.home, "GET", "/api/v1/me", "")
		switch {
		case err != nil:
			j.fail("session check: %v", err)
		case a.status == http.StatusOK && strings.Contains(a.body, `"linked":true`):
			j.count("session check 200")
		case unavailable(a, true):
			j.count("session check 503")
		default:
			j.fail("session check: %d %s", a.status, a.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// signInUntilDone signs login in through the proxy, starting again after
// each clear 503 page, until the sign-in ends on the dossier.
func signInUntilDone(j *judge, b *browser, login string) bool {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		r, err := b.signIn(context.Background(), auth.FranceConnect, login)
		switch {
		case err != nil:
			j.fail("sign-in of %s: %v", login, err)
			return false
		case r.path == auth.PathLinked && r.status == http.StatusOK:
			j.count("sign-in done")
			return true
		case unavailable(answer{status: r.status, retryAfter: r.retryAfter, body: r.body}, false):
			j.count("sign-in 503")
			time.Sleep(time.Duration(200+rand.IntN(300)) * time.Millisecond)
		default:
			j.fail("sign-in of %s ended on %s: %d %.300s", login, r.path, r.status, r.body)
			return false
		}
	}
	j.fail("sign-in of %s: still 503 after two minutes", login)
	return false
}

// Three nodes on one etcd cluster of 3 members, behind one address, under
// a run of bookings, session checks and sign-ins, while a follower is
// killed and comes back, then the leader, then two members (no quorum)
// and they come back: every answer is right or a clear 503 with
// Retry-After; no booking lost or doubled (each 201 is in its candidate's
// file, the bookings in the shared state are exactly the answered ones,
// the five last places go to five candidates, the session of 99 refuses
// nobody); no session lost; /healthz says 503 on every node while there
// is no quorum and 200 once it is back, the nodes reconnecting by
// themselves.
func TestFaultsThroughHTTP(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	cs := makeCandidates(60, today)
	tc := startTestCluster(t, 3, cs)
	file, last, big := faultCatalogue(today)
	if _, err := booking.Import(context.Background(), tc.nodes[0].KV, strings.NewReader(file), today); err != nil {
		t.Fatal(err)
	}
	bookers := make([]*browser, 40)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 6)
	for i := range bookers {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			bookers[i] = newBrowser(tc.proxy)
			bookers[i].mustSignIn(t, auth.FranceConnect, cs[i].login)
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	j := &judge{counts: map[string]int{}}
	stop := make(chan struct{})
	const window = 7 * time.Second // when the bookings and sign-ins start
	results := make([]booked, len(bookers))
	for i, b := range bookers {
		wg.Go(func() {
			time.Sleep(time.Duration(rand.Int64N(int64(window))))
			if i < 20 {
				results[i] = bookUntilDecided(j, b, last, true)
			} else {
				results[i] = bookUntilDecided(j, b, big, false)
			}
		})
	}
	fresh := make([]*browser, 20)
	for i := range fresh {
		wg.Go(func() {
			time.Sleep(time.Duration(rand.Int64N(int64(window))))
			fresh[i] = newBrowser(tc.proxy)
			if !signInUntilDone(j, fresh[i], cs[40+i].login) {
				fresh[i] = nil
			}
		})
	}
	var checkers sync.WaitGroup
	for range 3 {
		checkers.Go(func() { checkSessions(j, bookers, stop) })
	}

	// The faults.
	time.Sleep(500 * time.Millisecond)
	follower := tc.etcd.Follower(t)
	follower.Stop()
	t.Logf("follower %s killed", follower.Name)
	time.Sleep(1500 * time.Millisecond)
	follower.Restart(t)
	leader := tc.etcd.StopLeader(t)
	t.Logf("follower back; leader %s killed", leader.Name)
	time.Sleep(1500 * time.Millisecond)
	leader.Restart(t)
	first := tc.etcd.StopLeader(t)
	second := tc.etcd.Follower(t)
	second.Stop()
	t.Logf("leader back; %s and %s killed: no quorum", first.Name, second.Name)
	for i := range tc.nodes {
		waitHealth(t, tc.nodeURL(i), http.StatusServiceUnavailable)
	}
	if a := bookers[0].mustCall(t, tc.proxy, "GET", "/api/v1/me", ""); !unavailable(a, true) {
		t.Errorf("a session check without quorum: %d %q %s", a.status, a.retryAfter, a.body)
	}
	time.Sleep(time.Second)
	first.Restart(t)
	second.Restart(t)
	for i := range tc.nodes {
		waitHealth(t, tc.nodeURL(i), http.StatusOK)
	}
	t.Log("quorum back: every node's /healthz answers 200")

	// Wait for everyone to be decided, then judge.
	wg.Wait()
	close(stop)
	checkers.Wait()
	t.Logf("answers: %v", j.counts)
	for _, w := range j.wrong {
		t.Error("wrong answer: " + w)
	}
	onLast, onBig := 0, 0
	for i, r := range results {
		a := bookers[i].mustCall(t, tc.proxy, "GET", "/api/v1/exams", "")
		var f wire.ExamFile
		if a.status != 200 || json.Unmarshal([]byte(a.body), &f) != nil {
			t.Fatalf("candidate %d's file: %d %s", i, a.status, a.body)
		}
		switch {
		case r.final == "booked" && (f.Booking == nil || f.Booking.ID != r.id):
			t.Errorf("candidate %d was answered 201 (%s) and holds %+v: a booking lost", i, r.id, f.Booking)
		case r.final == "already" && (f.Booking == nil || f.Booking.Session.ID != r.session):
			t.Errorf("candidate %d was told already booked and holds %+v", i, f.Booking)
		case r.final == "full" && f.Booking != nil:
			t.Errorf("candidate %d was told full and holds %+v: a booking behind a refusal", i, f.Booking)
		}
		if f.Booking != nil && f.Booking.Session.ID == last {
			onLast++
		}
		if f.Booking != nil && f.Booking.Session.ID == big {
			onBig++
		}
	}
	if onLast != 5 || onBig != 20 {
		t.Errorf("%d bookings on the 5 last places, %d of 20 on the session of 99", onLast, onBig)
	}
	report, err := tc.nodes[1].Booking.Check(context.Background())
	if err != nil || !report.OK() || report.Bookings != onLast+onBig {
		t.Errorf("the shared state: %+v %v; want %d bookings, all consistent", report, err, onLast+onBig)
	}
	for i, b := range append(bookers, fresh...) {
		if b == nil {
			continue
		}
		if a := b.mustCall(t, tc.proxy, "GET", "/api/v1/me", ""); a.status != 200 {
			t.Errorf("person %d's session after the faults: %d %s", i, a.status, a.body)
		}
	}
}

// waitHealth polls a node's /healthz until it answers want (a minute at
// most).
func waitHealth(t testing.TB, node string, want int) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	for deadline := time.Now().Add(time.Minute); ; {
		res, err := client.Get(node + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz did not answer %d within a minute", node, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
