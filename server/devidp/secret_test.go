package devidp

import (
	"context"
	"sync"
	"testing"

	"mespoints/server/kv/boltkv"
)

// Every node of a development cluster gets the same client secret for a
// realm, also when they start at once; the two realms' secrets differ.
func TestSharedSecretIsTheSameForEveryNode(t *testing.T) {
	shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	secrets := make([]string, 6)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			s, err := SharedSecret(context.Background(), shared, string(realmFranceConnect))
			if err != nil {
				t.Error(err)
			}
			secrets[i] = s
		})
	}
	wg.Wait()
	for _, s := range secrets {
		if len(s) < 40 || s != secrets[0] {
			t.Fatalf("secrets %q", secrets)
		}
	}
	usager, err := SharedSecret(context.Background(), shared, string(realmUsager))
	if err != nil || usager == secrets[0] || len(usager) < 40 {
		t.Fatalf("usager's secret %q (%v), franceconnect's %q", usager, err, secrets[0])
	}
}
