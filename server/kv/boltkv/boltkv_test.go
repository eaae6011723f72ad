package boltkv_test

import (
	"testing"

	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/kv/kvtest"
)

func TestConformance(t *testing.T) {
	for _, batch := range []bool{false, true} {
		name := "update"
		if batch {
			name = "batch"
		}
		t.Run(name, func(t *testing.T) {
			kvtest.Run(t, func(t *testing.T) kv.Store {
				s, err := boltkv.Open(t.TempDir(), boltkv.Options{Batch: batch})
				if err != nil {
					t.Fatal(err)
				}
				return s
			})
		})
	}
}
