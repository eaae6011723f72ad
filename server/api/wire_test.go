package api

import (
	"testing"

	wire "mespoints/api"
	"mespoints/server/auth"
)

// The sign-in service names its providers as the wire's Me.Provider does:
// the app tells FranceConnect from the licence account by those names.
func TestProviderNamesAreTheWires(t *testing.T) {
	if auth.Usager != wire.ProviderUsager || auth.FranceConnect != wire.ProviderFranceConnect {
		t.Errorf("auth names its providers %q and %q, the wire %q and %q",
			auth.Usager, auth.FranceConnect, wire.ProviderUsager, wire.ProviderFranceConnect)
	}
}
