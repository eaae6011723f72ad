package shares_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/server/internal/testkit"
	"mespoints/server/kv/boltkv"
	"mespoints/server/shares"
)

var ctx = context.Background()

func newService(t *testing.T) (*shares.Service, *testkit.Clock) {
	t.Helper()
	s, err := boltkv.Open(t.TempDir(), boltkv.Options{PurgeEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	clock := testkit.NewClock(time.Date(2026, 3, 16, 9, 30, 0, 0, time.UTC))
	return shares.New(s, clock.Now), clock
}

// A code works until its day, is remembered with each use (time only),
// then says expired; a code is 20 characters without 0, O, 1, I nor L,
// read in any case, with or without the hyphens of its groups.
func TestACodeWorksUntilItExpires(t *testing.T) {
	s, clock := newService(t)
	code, sh, err := s.Create(ctx, "compte-a", "130575100234", 21)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != shares.CodeLen || strings.ContainsAny(code, "01OIL") {
		t.Fatalf("code %q: want %d characters, none of 0 1 O I L", code, shares.CodeLen)
	}
	if want := clock.Now().Add(21 * 24 * time.Hour); !sh.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", sh.Expires, want)
	}
	grouped := strings.ToLower(shares.Groups(code))
	if len(grouped) != 24 || strings.Count(grouped, "-") != 4 {
		t.Fatalf("groups %q", grouped)
	}
	got, err := s.Use(ctx, grouped, "192.0.2.1")
	if err != nil || got.NEPH != "130575100234" || got.ID != sh.ID {
		t.Fatalf("Use = %+v, %v", got, err)
	}
	clock.Advance(20 * 24 * time.Hour)
	if _, err := s.Use(ctx, strings.ReplaceAll(grouped, "-", " "), "192.0.2.2"); err != nil {
		t.Fatalf("on day 20: %v", err)
	}
	list, err := s.List(ctx, "compte-a")
	if err != nil || len(list) != 1 || len(list[0].Uses) != 2 || !list[0].Uses[1].Equal(clock.Now()) {
		t.Fatalf("List = %+v, %v; want one share used twice, last now", list, err)
	}
	clock.Advance(24 * time.Hour)
	if _, err := s.Use(ctx, code, "192.0.2.1"); !errors.Is(err, shares.ErrGone) {
		t.Fatalf("on day 21: %v, want ErrGone", err)
	}
	if list, _ := s.List(ctx, "compte-a"); len(list) != 1 || list[0].Live(clock.Now()) {
		t.Errorf("an expired share leaves the list, or lives: %+v", list)
	}
}

// Revoking stops a code at once; only its owner can revoke it.
func TestRevoke(t *testing.T) {
	s, _ := newService(t)
	code, sh, err := s.Create(ctx, "compte-a", "130575100234", 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Revoke(ctx, "compte-b", sh.ID); !errors.Is(err, shares.ErrUnknown) {
		t.Fatalf("another person revokes: %v, want ErrUnknown", err)
	}
	if _, err := s.Use(ctx, code, "192.0.2.1"); err != nil {
		t.Fatalf("after another person's try: %v", err)
	}
	revoked, err := s.Revoke(ctx, "compte-a", sh.ID)
	if err != nil || revoked.Revoked == nil {
		t.Fatalf("Revoke = %+v, %v", revoked, err)
	}
	if _, err := s.Use(ctx, code, "192.0.2.1"); !errors.Is(err, shares.ErrGone) {
		t.Fatalf("after revocation: %v, want ErrGone", err)
	}
	if again, err := s.Revoke(ctx, "compte-a", sh.ID); err != nil || !again.Revoked.Equal(*revoked.Revoked) {
		t.Errorf("revoking twice: %+v, %v", again, err)
	}
	if _, err := s.Revoke(ctx, "compte-a", "0000000000000000"); !errors.Is(err, shares.ErrUnknown) {
		t.Errorf("an unknown id: %v", err)
	}
}

// Unknown codes from one address are limited: past MaxTries in the hour,
// every code is refused from it, a good one too; other addresses are not;
// the hour over, it works again.
func TestTriesOnUnknownCodesAreLimited(t *testing.T) {
	s, clock := newService(t)
	code, _, err := s.Create(ctx, "compte-a", "130575100234", 21)
	if err != nil {
		t.Fatal(err)
	}
	for i := range shares.MaxTries {
		guess := strings.Repeat("A", shares.CodeLen-2) + string(shares.Alphabet[i%31]) + "Z"
		if _, err := s.Use(ctx, guess, "198.51.100.7"); !errors.Is(err, shares.ErrUnknown) {
			t.Fatalf("try %d: %v, want ErrUnknown", i, err)
		}
	}
	if _, err := s.Use(ctx, "pas un code", "198.51.100.7"); !errors.Is(err, shares.ErrLimited) {
		t.Fatalf("one more: %v, want ErrLimited", err)
	}
	if _, err := s.Use(ctx, code, "198.51.100.7"); !errors.Is(err, shares.ErrLimited) {
		t.Fatalf("a good code from a limited address: %v, want ErrLimited", err)
	}
	if _, err := s.Use(ctx, code, "203.0.113.9"); err != nil {
		t.Fatalf("from another address: %v", err)
	}
	clock.Advance(shares.TriesWindow)
	if _, err := s.Use(ctx, code, "198.51.100.7"); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}

// A person holds at most MaxLive live codes, even when they ask for many
// at once; a revoked one frees its place. Days out of 1–90 are refused.
func TestLimits(t *testing.T) {
	s, _ := newService(t)
	for _, days := range []int{0, -1, 91} {
		if _, _, err := s.Create(ctx, "compte-a", "130575100234", days); !errors.Is(err, shares.ErrDays) {
			t.Errorf("%d days: %v, want ErrDays", days, err)
		}
	}
	var ok, refused atomic.Int32
	var wg sync.WaitGroup
	ids := make(chan string, 40)
	for range shares.MaxLive + 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, sh, err := s.Create(ctx, "compte-a", "130575100234", 21)
			switch {
			case err == nil:
				ok.Add(1)
				ids <- sh.ID
			case errors.Is(err, shares.ErrTooMany):
				refused.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != shares.MaxLive || refused.Load() != 10 {
		t.Fatalf("%d made, %d refused; want %d and 10", ok.Load(), refused.Load(), shares.MaxLive)
	}
	if _, err := s.Revoke(ctx, "compte-a", <-ids); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Create(ctx, "compte-a", "130575100234", 90); err != nil {
		t.Fatalf("after a revocation: %v", err)
	}
	if _, _, err := s.Create(ctx, "compte-b", "240669200117", 1); err != nil {
		t.Fatalf("another person: %v", err)
	}
}

// Codes are drawn at random: fifty are all different, and every character
// of the alphabet appears in their 1,000 characters.
func TestCodesAreRandom(t *testing.T) {
	s, _ := newService(t)
	seen := map[string]bool{}
	chars := map[rune]bool{}
	for i := range 50 {
		code, sh, err := s.Create(ctx, "compte-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "130575100234", 1)
		if err != nil {
			t.Fatal(err)
		}
		if seen[code] || seen[sh.ID] {
			t.Fatalf("code or id drawn twice")
		}
		seen[code], seen[sh.ID] = true, true
		for _, r := range code {
			chars[r] = true
		}
	}
	if len(chars) != len(shares.Alphabet) {
		t.Errorf("%d characters of the %d of the alphabet appear in 1,000 characters", len(chars), len(shares.Alphabet))
	}
}
