package store_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"mespoints/points"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// The stored form is the record's JSON with its version, as
// encoding/json writes it through Event.MarshalJSON: records stored by
// earlier versions compare equal to the same records encoded now.
func TestStoredFormIsTheRecordsJSON(t *testing.T) {
	candidate := storetest.Record(3)
	candidate.Licence, candidate.Events = nil, []store.Event{}
	zero := storetest.Record(4)
	zero.Events[0].Points = 0
	zero.Events[0].Label = "vitesse < 5 km/h & feu"
	records := []store.Record{storetest.Record(1), storetest.Record(2), candidate, zero}
	for _, r := range records {
		want, err := json.Marshal(struct {
			V int `json:"v"`
			store.Record
		}{store.RecordVersion, r})
		if err != nil {
			t.Fatal(err)
		}
		if got := store.EncodeForBench(r); !bytes.Equal(got, want) {
			t.Errorf("stored form\n got %s\nwant %s", got, want)
		}
	}
	if !bytes.Contains(store.EncodeForBench(zero), []byte(`"points":0`)) {
		t.Error("an offence worth 0 points lost its points")
	}
	stage := storetest.Record(5)
	stage.Events = stage.Events[2:]
	if stage.Events[0].Type != points.Stage || bytes.Contains(store.EncodeForBench(stage), []byte(`"points"`)) {
		t.Error("a stage was given points")
	}
}
