package points

import (
	"encoding/json"
	"testing"
)

// The letters of a change read back as they were written: every set of
// the eight letters, and nothing else.
func TestLettersJSONRoundTrip(t *testing.T) {
	for set := Letters(0); set < 1<<len(letterNames); set++ {
		b, err := json.Marshal(set)
		if err != nil {
			t.Fatal(err)
		}
		var back Letters
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("read %s: %v", b, err)
		}
		if back != set {
			t.Fatalf("%s read back as %v, want %v", b, back.Names(), set.Names())
		}
	}
	var l Letters
	if err := json.Unmarshal([]byte(`["48","48SI"]`), &l); err != nil || l != Letter48|Letter48SI {
		t.Errorf(`["48","48SI"] = %v, %v; want 48 and 48SI`, l.Names(), err)
	}
	for _, bad := range []string{`["49"]`, `"48"`, `[48]`, `{"48":true}`} {
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("%s read as %v, want an error", bad, l.Names())
		}
	}
}
