package booking_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/booking"
	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/kv/etcdtest"
)

// today is the day the tests run on: Thursday 12 June 2025.
var today = points.NewDate(2025, 6, 12)

var ctx = context.Background()

func openBolt(t *testing.T) kv.Store {
	t.Helper()
	s, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// catalogue is a file of two centres of 31 and one of 34, with sessions
// of the given places, one a day from tomorrow, at 08:30 at Toulouse.
func catalogue(places ...int) string {
	lines := []string{
		`{"kind":"centre","id":"toulouse-nord","name":"Centre d'examen de Toulouse Nord","address":"12 chemin des Izards, 31200 Toulouse","departement":"31"}`,
		`{"kind":"centre","id":"muret","name":"Centre d'examen de Muret","address":"5 avenue de la Gare, 31600 Muret","departement":"31"}`,
		`{"kind":"centre","id":"beziers","name":"Centre d'examen de Béziers","address":"8 rue du Champ de Mars, 34500 Béziers","departement":"34"}`,
		fmt.Sprintf(`{"kind":"session","centre":"muret","at":"%sT13:30","places":3}`, today.AddDays(1)),
		fmt.Sprintf(`{"kind":"session","centre":"beziers","at":"%sT13:30","places":3}`, today.AddDays(1)),
	}
	for i, p := range places {
		lines = append(lines, fmt.Sprintf(`{"kind":"session","centre":"toulouse-nord","at":"%sT08:30","places":%d}`, today.AddDays(1+i), p))
	}
	return strings.Join(lines, "\n") + "\n"
}

// sessionID is the identifier of the i-th Toulouse session of catalogue.
func sessionID(i int) string {
	return fmt.Sprintf("31.%s.toulouse-nord.0830", today.AddDays(1+i))
}

func importCatalogue(t *testing.T, st kv.Store, file string) booking.Stats {
	t.Helper()
	stats, err := booking.Import(ctx, st, strings.NewReader(file), today)
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

var now = time.Date(2025, 6, 12, 10, 0, 0, 0, time.UTC)

func TestImportAndList(t *testing.T) {
	st := openBolt(t)
	s := booking.New(st, nil)
	stats := importCatalogue(t, st, catalogue(2, 5, 1))
	if stats.Centres != 3 || stats.Sessions != 5 || stats.Added != 5 {
		t.Fatalf("stats %+v", stats)
	}
	l, err := s.Sessions(ctx, "31", today.AddDays(2), today.AddDays(60))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Departements) != 2 || l.Departements[0] != (booking.Departement{Code: "31", Name: "Haute-Garonne"}) {
		t.Errorf("départements %+v", l.Departements)
	}
	if len(l.Centres) != 2 {
		t.Errorf("centres of 31: %+v", l.Centres)
	}
	// From the day after tomorrow: the second and third Toulouse sessions.
	if len(l.Sessions) != 2 || l.Sessions[0].ID != sessionID(1) || l.Sessions[0].Places != 5 || l.Sessions[1].ID != sessionID(2) {
		t.Fatalf("sessions %+v", l.Sessions)
	}
	// Up to a day: only tomorrow's two sessions of 31, by time.
	l, _ = s.Sessions(ctx, "31", today.AddDays(1), today.AddDays(1))
	if len(l.Sessions) != 2 || l.Sessions[0].ID != sessionID(0) || !strings.HasPrefix(l.Sessions[1].ID, "31.") || l.Sessions[1].Centre.ID != "muret" {
		t.Fatalf("tomorrow's sessions %+v", l.Sessions)
	}
	// The same file again changes nothing.
	if stats := importCatalogue(t, st, catalogue(2, 5, 1)); stats.Unchanged != 5 || stats.Added != 0 {
		t.Errorf("second import %+v", stats)
	}
}

// A catalogue with a bad line is rejected whole, each bad line named
// with its field, and nothing is written.
func TestABadCatalogueChangesNothing(t *testing.T) {
	st := openBolt(t)
	file := catalogue(2) +
		`{"kind":"session","centre":"toulouse-nord","at":"2025-06-20T08:30","places":120}` + "\n" +
		`{"kind":"session","centre":"nowhere","at":"2025-06-20T08:30","places":2}` + "\n" +
		`{"kind":"centre","id":"x","name":"X","address":"1 rue","departement":"20"}` + "\n" +
		`{"kind":"session","centre":"muret","at":"2025-06-31T08:30","places":2}` + "\n" +
		`{"kind":"room","id":"a"}` + "\n"
	_, err := booking.Import(ctx, st, strings.NewReader(file), today)
	var ie *booking.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Import = %v, want an ImportError", err)
	}
	want := []struct {
		line  int
		field string
	}{{7, "places"}, {8, "centre"}, {9, "departement"}, {10, "at"}, {11, "kind"}}
	if len(ie.Lines) != len(want) {
		t.Fatalf("bad lines %v", ie)
	}
	for i, w := range want {
		if ie.Lines[i].Line != w.line || ie.Lines[i].Field != w.field {
			t.Errorf("bad line %d: %+v, want line %d field %s", i, ie.Lines[i], w.line, w.field)
		}
	}
	page, err := st.List(ctx, "exams/", "", 10)
	if err != nil || len(page) != 0 {
		t.Fatalf("a rejected catalogue wrote %d keys (%v)", len(page), err)
	}
}

// rules lets every candidate book, one pending booking at a time.
func rules(session booking.Session, c booking.Candidate) *exams.Refusal {
	if c.PendingOn(today) != nil {
		return &exams.Refusal{Code: exams.RefusedAlreadyBooked}
	}
	return nil
}

func TestBookCancelAndThePlaceComesBack(t *testing.T) {
	st := openBolt(t)
	s := booking.New(st, nil)
	importCatalogue(t, st, catalogue(1))
	id := sessionID(0)
	b, err := s.Book(ctx, "NEPH-A", id, nil, now, rules)
	if err != nil {
		t.Fatal(err)
	}
	if b.Session.ID != id || b.Session.Centre.Address == "" {
		t.Errorf("booking %+v", b)
	}
	if _, err := s.Book(ctx, "NEPH-B", id, nil, now, rules); !errors.Is(err, booking.ErrFull) {
		t.Fatalf("second candidate on the last place: %v, want ErrFull", err)
	}
	var refused *booking.RefusedError
	if _, err := s.Book(ctx, "NEPH-A", sessionID(0), nil, now, rules); !errors.As(err, &refused) || refused.Refusal.Code != exams.RefusedAlreadyBooked {
		t.Fatalf("a second booking: %v", err)
	}
	if _, err := s.Book(ctx, "NEPH-A", "31.2025-06-13.nowhere.0830", nil, now, rules); !errors.Is(err, booking.ErrUnknownSession) {
		t.Fatalf("unknown session: %v", err)
	}
	// Another candidate cannot cancel it.
	if _, _, err := s.Cancel(ctx, "NEPH-B", b.ID, today, func(points.DateTime) bool { return false }); !errors.Is(err, booking.ErrNoBooking) {
		t.Fatalf("cancel by another candidate: %v", err)
	}
	c, _ := s.Candidate(ctx, "NEPH-A")
	if c.PendingOn(today) == nil || c.Pending.ID != b.ID {
		t.Fatalf("candidate state %+v", c)
	}
	got, late, err := s.Cancel(ctx, "NEPH-A", b.ID, today, func(exam points.DateTime) bool { return exam.Date()-today < 7 })
	if err != nil || got.ID != b.ID || !late {
		t.Fatalf("cancel: %+v %v %v", got, late, err)
	}
	c, _ = s.Candidate(ctx, "NEPH-A")
	if c.Pending != nil || len(c.Late) != 1 || c.Late[0] != today.AddDays(1) {
		t.Fatalf("after a late cancellation: %+v", c)
	}
	// The place is back.
	l, _ := s.Sessions(ctx, "31", today, today.AddDays(7))
	if l.Taken[id] != 0 {
		t.Fatalf("places taken after the cancellation: %d", l.Taken[id])
	}
	if _, err := s.Book(ctx, "NEPH-B", id, nil, now, rules); err != nil {
		t.Fatalf("the place did not come back: %v", err)
	}
	if r, err := s.Check(ctx); err != nil || !r.OK() || r.Bookings != 1 {
		t.Fatalf("check %+v, %v", r, err)
	}
}

// The same race as the service's test over HTTP, at the level of the
// package, on both backends: 50 candidates, 1 place, then 3 places.
func TestTheLastPlaceGoesToOne(t *testing.T) {
	c := etcdtest.Start(t, 3)
	backends := map[string]func(t *testing.T) kv.Store{
		"bbolt": openBolt,
		"etcd": func(t *testing.T) kv.Store {
			s, err := etcdkv.Open(etcdkv.Options{Endpoints: c.Endpoints(), Prefix: "/" + t.Name() + "/", Timeout: 30 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			s := booking.New(st, nil)
			importCatalogue(t, st, catalogue(1, 3))
			for i, places := range []int{1, 3} {
				var mu sync.Mutex
				var wg sync.WaitGroup
				var booked, full int
				for j := range 50 {
					wg.Go(func() {
						_, err := s.Book(ctx, fmt.Sprintf("NEPH-%d-%d", i, j), sessionID(i), nil, now, rules)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case err == nil:
							booked++
						case errors.Is(err, booking.ErrFull):
							full++
						default:
							t.Errorf("candidate %d: %v", j, err)
						}
					})
				}
				wg.Wait()
				if booked != places || full != 50-places {
					t.Fatalf("%d places: %d booked, %d full", places, booked, full)
				}
			}
			if r, err := s.Check(ctx); err != nil || !r.OK() || r.Bookings != 4 || r.Candidates != 4 {
				t.Fatalf("check %+v, %v", r, err)
			}
		})
	}
}

// A counter that disagrees with its bookings is found at the check, and
// the session is held; the others book as before.
func TestTheCheckHoldsASessionThatDisagrees(t *testing.T) {
	st := openBolt(t)
	s := booking.New(st, nil)
	importCatalogue(t, st, catalogue(3, 3))
	if _, err := s.Book(ctx, "NEPH-A", sessionID(0), nil, now, rules); err != nil {
		t.Fatal(err)
	}
	// A hand edit: the counter says 2 places taken, one booking exists.
	if err := st.Update(ctx, func(tx kv.Tx) error { tx.Put("exams/taken/"+sessionID(0), []byte("2"), 0); return nil }); err != nil {
		t.Fatal(err)
	}
	s2 := booking.New(st, nil) // a restarted server
	r, err := s2.Check(ctx)
	if err != nil || r.OK() || len(r.Disagree) != 1 || r.Disagree[0] != sessionID(0) {
		t.Fatalf("check %+v, %v", r, err)
	}
	if _, err := s2.Book(ctx, "NEPH-B", sessionID(0), nil, now, rules); !errors.Is(err, booking.ErrHeld) {
		t.Fatalf("booking a held session: %v", err)
	}
	if _, err := s2.Book(ctx, "NEPH-B", sessionID(1), nil, now, rules); err != nil {
		t.Fatalf("booking another session: %v", err)
	}
}

// Importing the catalogue again keeps the bookings; a session with a
// booking cannot be left out, and the refusal changes nothing.
func TestANewCatalogueKeepsTheBookings(t *testing.T) {
	st := openBolt(t)
	s := booking.New(st, nil)
	importCatalogue(t, st, catalogue(3, 3))
	if _, err := s.Book(ctx, "NEPH-A", sessionID(1), nil, now, rules); err != nil {
		t.Fatal(err)
	}
	stats := importCatalogue(t, st, catalogue(3, 4, 2))
	if stats.Added != 1 || stats.Changed != 1 || stats.Unchanged != 3 {
		t.Errorf("stats %+v", stats)
	}
	l, _ := s.Sessions(ctx, "31", today, today.AddDays(7))
	if l.Taken[sessionID(1)] != 1 || len(l.Sessions) != 4 {
		t.Fatalf("after the new catalogue: taken %v, %d sessions", l.Taken, len(l.Sessions))
	}
	_, err := booking.Import(ctx, st, strings.NewReader(catalogue(3)), today)
	var ie *booking.ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), sessionID(1)) {
		t.Fatalf("leaving out a booked session: %v", err)
	}
	if l, _ := s.Sessions(ctx, "31", today, today.AddDays(7)); len(l.Sessions) != 4 {
		t.Fatalf("a refused catalogue changed the sessions: %d", len(l.Sessions))
	}
	// Only the current and the previous generations are kept.
	importCatalogue(t, st, catalogue(3, 4, 2, 2))
	var gens int
	for _, g := range []string{"exams/cat/"} {
		page, _ := st.List(ctx, g, "", 10000)
		seen := map[string]bool{}
		for _, e := range page {
			seen[strings.SplitN(strings.TrimPrefix(e.Key, g), "/", 2)[0]] = true
		}
		gens = len(seen)
	}
	if gens != 2 {
		t.Errorf("%d catalogue generations kept, want 2", gens)
	}
}

func TestSeedTheDemo(t *testing.T) {
	st := openBolt(t)
	s := booking.New(st, nil)
	var file bytes.Buffer
	file.WriteString(catalogue(4, 3, 2))
	seeded, err := s.SeedIfEmpty(ctx, file.Bytes(), map[string]int{sessionID(0): 3, sessionID(1): 3}, today, now)
	if err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	l, _ := s.Sessions(ctx, "31", today, today.AddDays(7))
	if l.Taken[sessionID(0)] != 3 || l.Taken[sessionID(1)] != 3 {
		t.Fatalf("taken %v", l.Taken)
	}
	if r, err := s.Check(ctx); err != nil || !r.OK() || r.Bookings != 6 {
		t.Fatalf("check after seeding: %+v %v", r, err)
	}
	if seeded, err := s.SeedIfEmpty(ctx, file.Bytes(), nil, today, now); seeded || err != nil {
		t.Fatalf("second seed: %v %v", seeded, err)
	}
}
