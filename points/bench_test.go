package points

import (
	"encoding/json"
	"testing"
)

// benchRecord is a licence held for 20 years with 30 events over its last
// 10: offences of every class, simultaneous ones, stages, and a probation
// of the past. It is asked about on its last day.
func benchRecord() (Record, Date) {
	r := Record{Licence: lic("2004-03-15", trad, "")}
	start := day("2014-06-01")
	classes := []Class{C3, C4, C2, C4, C3, C1, C4, C5}
	pts := []int{1, 2, 3, 1, 1, 0, 2, 1}
	for i := range 24 {
		c := NewDateTime(start.AddDays(i*150), 9+i%8, 15)
		if i%7 == 3 { // an interception with two offences
			c = r.Events[len(r.Events)-1].Committed
		}
		r.Events = append(r.Events, Event{Type: Offence, Committed: c, Definitive: c.Date().AddDays(20 + i%5*10),
			Points: pts[i%len(pts)], Class: classes[i%len(classes)], Label: "infraction"})
	}
	for i := range 5 {
		f := start.AddDays(200 + i*700)
		r.Events = append(r.Events, Event{Type: Stage, FirstDay: f, LastDay: f.AddDays(1)})
	}
	r.Events = append(r.Events, Event{Type: Invalidation, Notified: start.AddDays(900)})
	return r, day("2024-06-01")
}

func TestBenchRecord(t *testing.T) {
	r, at := benchRecord()
	if len(r.Events) != 30 {
		t.Fatalf("%d events", len(r.Events))
	}
	res := mustCompute(t, r, at.String())
	// The record must exercise the engine: a valid licence with a long
	// history and a forecast.
	if res.Status != StatusValid || len(res.History) < 25 || len(res.Forecast) == 0 {
		t.Errorf("status %s, %d history, %d forecast", res.Status, len(res.History), len(res.Forecast))
	}
}

// BenchmarkCompute measures one computation of a 10-year record with 30
// events, explanations included. Target: 20 µs and 50 allocations.
func BenchmarkCompute(b *testing.B) {
	r, at := benchRecord()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(r, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaseline decodes the same record from JSON: a yardstick run on
// the same machine in the same run, to give BenchmarkCompute as a ratio.
func BenchmarkBaseline(b *testing.B) {
	r, _ := benchRecord()
	data, err := json.Marshal(r)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out Record
		if err := json.Unmarshal(data, &out); err != nil {
			b.Fatal(err)
		}
	}
}
