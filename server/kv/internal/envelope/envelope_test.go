package envelope

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestRoundTripKeepsExpiryTxnAndValue(t *testing.T) {
	exp := time.Date(2030, 5, 1, 12, 0, 0, 123, time.UTC)
	b := Envelope{Expiry: exp, Txn: []byte("t-1"), Value: []byte(`{"a":1}`)}.Encode()
	e, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Expiry.Equal(exp) || string(e.Txn) != "t-1" || string(e.Value) != `{"a":1}` {
		t.Fatalf("decoded %+v", e)
	}
	if !e.Live(exp.Add(-time.Nanosecond)) || e.Live(exp) {
		t.Fatal("an entry must be live strictly before its expiry only")
	}
}

func TestNoExpiryIsAlwaysLive(t *testing.T) {
	e, err := Decode(Envelope{Value: []byte("v")}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !e.Expiry.IsZero() || len(e.Txn) != 0 || !e.Live(time.Now().AddDate(100, 0, 0)) {
		t.Fatalf("decoded %+v", e)
	}
}

func TestDecodeRefusesWhatIsNotAnEnvelope(t *testing.T) {
	good := Envelope{Txn: []byte("abc"), Value: []byte("v")}.Encode()
	for _, b := range [][]byte{nil, []byte("plain json"), good[:10], append([]byte{9}, good[1:]...)} {
		if _, err := Decode(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Decode(%q) err = %v", b, err)
		}
	}
	if e, _ := Decode(good); !bytes.Equal(e.Value, []byte("v")) {
		t.Fatal("good envelope lost its value")
	}
}
