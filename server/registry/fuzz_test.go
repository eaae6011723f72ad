package registry

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"mespoints/server/store"
)

// The decoder of an extract's lines never fails but with a
// *store.FieldError naming the field; a line it accepts and the store
// validates writes back as JSON that decodes to the same record.
func FuzzDecodeLine(f *testing.F) {
	for _, s := range []string{
		`{"neph":"130575100234","updated":"2026-01-05","holder":{"family_name":"Lefèvre","given_names":"Camille","birthdate":"1990-05-17","birthplace":"44109"},"events":[]}`,
		`{"neph":"1","updated":"2026-01-05"}`,
		`{"neph":"130575100234","updated":"2026-02-30","holder":{}}`,
		`{"neph":"130575100234","updated":"2026-01-05","holder":{"family_name":"A","given_names":"B","birthdate":"1990-05-17","birthplace":""},"events":[{"type":"offence","date":"2025-01-01T10:00","class":"c4"}]}`,
		`[]`, `{`, `{"x":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		rec, err := DecodeLine(line)
		if err != nil {
			var fe *store.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeLine(%q): %T %v, want a *store.FieldError", line, err, err)
			}
			return
		}
		if rec.Validate() != nil {
			return
		}
		again, err := json.Marshal(rec)
		if err != nil {
			t.Fatalf("encode %+v: %v", rec, err)
		}
		back, err := DecodeLine(again)
		if err != nil {
			t.Fatalf("%s does not decode again: %v", again, err)
		}
		if !reflect.DeepEqual(back, rec) {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", rec, back)
		}
	})
}
