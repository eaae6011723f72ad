package demo_test

import (
	"context"
	"sync"
	"testing"

	"mespoints/points"
	"mespoints/server/demo"
	"mespoints/server/kv/boltkv"
)

// The nodes of a development cluster seed their stores with the dossiers
// of one day: the first node's, also for nodes starting at once and for
// a node that joins days later.
func TestDayIsTheFirstNodesDay(t *testing.T) {
	shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	first := points.NewDate(2026, 5, 14)
	days := make([]points.Date, 8)
	var wg sync.WaitGroup
	for i := range days {
		wg.Go(func() {
			d, err := demo.Day(context.Background(), shared, first.AddDays(i%2))
			if err != nil {
				t.Error(err)
			}
			days[i] = d
		})
	}
	wg.Wait()
	for _, d := range days[1:] {
		if d != days[0] {
			t.Fatalf("nodes starting at once got the days %v", days)
		}
	}
	later, err := demo.Day(context.Background(), shared, first.AddDays(9))
	if err != nil || later != days[0] {
		t.Fatalf("a node joining 9 days later: %v, %v; want %v", later, err, days[0])
	}
}
