package audit_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mespoints/server/audit"
)

func open(t *testing.T, dir string, o audit.Options) *audit.Log {
	t.Helper()
	l, err := audit.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func all(t *testing.T, l *audit.Log, f audit.Filter) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range l.Entries(f) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func entry(i int, at time.Time) audit.Entry {
	return audit.Entry{At: at, Account: fmt.Sprintf("acct%d", i%3), Provider: "franceconnect", NEPH: fmt.Sprintf("12345678901%d", i%2), Action: "GET /api/v1/points"}
}

func TestEntriesReadBackOldestFirstWithTheirNode(t *testing.T) {
	l := open(t, t.TempDir(), audit.Options{Node: "node-a"})
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("Paris", 3600))
	for i := range 10 {
		l.Record(entry(i, t0.Add(time.Duration(9-i)*time.Minute))) // recorded newest first
	}
	l.Flush()
	got := all(t, l, audit.Filter{})
	if len(got) != 10 {
		t.Fatalf("%d entries, want 10", len(got))
	}
	for i, e := range got {
		if e.Node != "node-a" || e.At.Location() != time.UTC || !e.At.Equal(t0.Add(time.Duration(i)*time.Minute)) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
	if l.Node() != "node-a" {
		t.Errorf("Node() = %q", l.Node())
	}
}

func TestFilterByNEPHAndSince(t *testing.T) {
	l := open(t, t.TempDir(), audit.Options{})
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20 {
		l.Record(entry(i, t0.Add(time.Duration(i)*12*time.Hour)))
	}
	l.Flush()
	byNEPH := all(t, l, audit.Filter{NEPH: "123456789011"})
	since := all(t, l, audit.Filter{Since: t0.AddDate(0, 0, 5)})
	both := all(t, l, audit.Filter{NEPH: "123456789011", Since: t0.AddDate(0, 0, 5)})
	if len(byNEPH) != 10 || len(since) != 10 || len(both) != 5 {
		t.Fatalf("%d by NEPH, %d since, %d both; want 10, 10, 5", len(byNEPH), len(since), len(both))
	}
	for _, e := range both {
		if e.NEPH != "123456789011" || e.At.Before(t0.AddDate(0, 0, 5)) {
			t.Fatalf("filtered entry %+v", e)
		}
	}
	for i := 1; i < len(byNEPH); i++ {
		if byNEPH[i].At.Before(byNEPH[i-1].At) {
			t.Fatal("entries of a dossier not oldest first")
		}
	}
}

// Entries are written without Flush, within FlushEvery; Close writes the
// rest; nothing recorded is dropped, even when the queue is full and
// Record has to wait.
func TestEveryEntryRecordedIsWritten(t *testing.T) {
	dir := t.TempDir()
	l, err := audit.Open(dir, audit.Options{Queue: 1, BatchSize: 7, FlushEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	l.Record(entry(0, time.Time{}))
	for deadline := time.Now().Add(10 * time.Second); len(all(t, l, audit.Filter{})) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("an entry was not written without Flush")
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 250 {
				l.Record(entry(g*1000+i, time.Time{}))
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.Record(entry(9, time.Time{})) // after Close: ignored, no panic
	l = open(t, dir, audit.Options{})
	if n := len(all(t, l, audit.Filter{})); n != 1+8*250 {
		t.Fatalf("%d entries after Close, want %d", n, 1+8*250)
	}
}

// Entries older than the retention go, at Open and at Purge, with their
// place in the NEPH index; younger ones stay.
func TestRetention(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	l, err := audit.Open(dir, audit.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		l.Record(entry(i, now.AddDate(0, 0, -400+i*50))) // 400 days ago to 50 days ahead
	}
	l.Close()
	l = open(t, dir, audit.Options{Now: clock}) // purges at open: 365 days
	got := all(t, l, audit.Filter{})
	if len(got) != 9 || !got[0].At.Equal(now.AddDate(0, 0, -350)) {
		t.Fatalf("after open: %d entries from %v, want 9 from 350 days ago", len(got), got[0].At)
	}
	l.Close()
	l = open(t, dir, audit.Options{Now: clock, Retention: 100 * 24 * time.Hour})
	if got := all(t, l, audit.Filter{}); len(got) != 4 {
		t.Fatalf("retention 100 days: %d entries, want 4 (100 days ago is kept)", len(got))
	}
	even, odd := all(t, l, audit.Filter{NEPH: "123456789010"}), all(t, l, audit.Filter{NEPH: "123456789011"})
	if len(even) != 2 || len(odd) != 2 {
		t.Fatalf("the NEPH index finds %d and %d entries, want the 2 and 2 kept", len(even), len(odd))
	}
}

// The file keeps no content: an entry is the account's hash, the
// provider, the NEPH, the action, the time and the node.
func TestAnEntryHoldsOnlyItsFields(t *testing.T) {
	dir := t.TempDir()
	l := open(t, dir, audit.Options{Node: "n1"})
	l.Record(audit.Entry{Account: "h", Provider: "usager", NEPH: "123456789012", Action: "link"})
	l.Flush()
	got := all(t, l, audit.Filter{})
	b, _ := json.Marshal(got)
	var fields []map[string]any
	json.Unmarshal(b, &fields)
	if len(fields) != 1 || len(fields[0]) != 6 {
		t.Fatalf("entry %s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, audit.FileName)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "\"at\":\"0001") {
		t.Fatal("time not filled in")
	}
}
