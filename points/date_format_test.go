package points

import (
	"encoding/json"
	"testing"
	"time"
)

// Dates and instants are written as the API and the command line read
// them (YYYY-MM-DD, YYYY-MM-DDTHH:MM), the same as time's formatting,
// and read back to themselves, over two centuries of days.
func TestDatesWrittenAndReadBack(t *testing.T) {
	for d := NewDate(1900, 1, 1); d <= NewDate(2100, 12, 31); d += 7 {
		if got, want := d.String(), d.Time().Format("2006-01-02"); got != want {
			t.Fatalf("%d: %s, want %s", d, got, want)
		}
		at := NewDateTime(d, (int(d)%24+24)%24, (int(d)%60+60)%60)
		b, err := json.Marshal(struct {
			D  Date     `json:"d"`
			At DateTime `json:"at"`
		}{d, at})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"d":"` + d.Time().Format("2006-01-02") + `","at":"` + time.Unix(int64(at)*60, 0).UTC().Format("2006-01-02T15:04") + `"}`
		if string(b) != want {
			t.Fatalf("%s", b)
		}
		var back struct {
			D  Date     `json:"d"`
			At DateTime `json:"at"`
		}
		if err := json.Unmarshal(b, &back); err != nil || back.D != d || back.At != at {
			t.Fatalf("%s read back as %v %v (%v)", b, back.D, back.At, err)
		}
	}
}
