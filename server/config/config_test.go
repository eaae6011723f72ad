package config

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8000" || c.Data != "./data" || c.Dev || c.BaseURL() != "http://127.0.0.1:8000" {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	c, err := Parse([]string{"-addr", "127.0.0.1:9000"}, env(map[string]string{
		"MESPOINTS_ADDR": "127.0.0.1:7000", "MESPOINTS_DATA": "/srv/mp", "MESPOINTS_DEV": "true",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.Data != "/srv/mp" || !c.Dev {
		t.Fatalf("got %+v", c)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"dev on all interfaces", []string{"-dev", "-addr", ":8000"}, nil, "loopback only"},
		{"dev on a public address", []string{"-dev", "-addr", "192.0.2.1:8000"}, nil, "loopback only"},
		{"address without port", []string{"-addr", "localhost"}, nil, "-addr"},
		{"public url without scheme", []string{"-public-url", "mespoints.example"}, nil, "-public-url"},
		{"bad boolean in environment", nil, map[string]string{"MESPOINTS_DEV": "oui"}, "MESPOINTS_DEV"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.args, env(tc.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestDevAcceptsLoopbackNames(t *testing.T) {
	for _, addr := range []string{"localhost:8000", "127.0.0.1:0", "[::1]:8000"} {
		if _, err := Parse([]string{"-dev", "-addr", addr}, env(nil), io.Discard); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

func TestHelpDocumentsEverySetting(t *testing.T) {
	var out strings.Builder
	_, err := Parse([]string{"-h"}, env(nil), &out)
	if !errors.Is(err, ErrHelp) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range settings {
		if !strings.Contains(out.String(), "-"+s.name) || !strings.Contains(out.String(), s.env) {
			t.Errorf("help does not document -%s / %s:\n%s", s.name, s.env, out.String())
		}
	}
}

// The providers' settings: defaults, environment names, and what is
// refused before anything starts.
func TestProviderSettings(t *testing.T) {
	c, err := Parse(nil, env(map[string]string{
		"MESPOINTS_FRANCECONNECT_ISSUER":        "https://oidc.franceconnect.gouv.fr/api/v2/",
		"MESPOINTS_FRANCECONNECT_CLIENT_ID":     "fc-id",
		"MESPOINTS_FRANCECONNECT_CLIENT_SECRET": "fc-secret",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Usager.Configured() || c.Usager.Scopes != DefaultUsagerScopes {
		t.Errorf("usager = %+v, want not configured with the default scopes", c.Usager)
	}
	fc := c.FranceConnect
	if fc.Issuer != "https://oidc.franceconnect.gouv.fr/api/v2" || fc.ClientID != "fc-id" || fc.ClientSecret != "fc-secret" || fc.RedirectURL != "" {
		t.Errorf("franceconnect = %+v", fc)
	}
	if got := fc.ScopeList(); len(got) != 9 || got[0] != "openid" || got[8] != "preferred_username" {
		t.Errorf("franceconnect scopes = %q", got)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"client without issuer", []string{"-usager-client-id", "x"}, "-usager-issuer: missing"},
		{"issuer without client", []string{"-usager-issuer", "https://idp.example/realms/usager"}, "-usager-client-id: required"},
		{"issuer without secret", []string{"-usager-issuer", "https://idp.example/realms/usager", "-usager-client-id", "x"}, "MESPOINTS_USAGER_CLIENT_SECRET"},
		{"http issuer outside dev", []string{"-franceconnect-issuer", "http://fc.example", "-franceconnect-client-id", "x", "-franceconnect-client-secret", "y"}, "must be https"},
		{"issuer with a query", []string{"-franceconnect-issuer", "https://fc.example/?a=b", "-franceconnect-client-id", "x", "-franceconnect-client-secret", "y"}, "without query"},
		{"relative redirect", []string{"-usager-issuer", "https://idp.example", "-usager-client-id", "x", "-usager-client-secret", "y", "-usager-redirect-url", "/auth/usager/callback"}, "-usager-redirect-url"},
		{"scopes without openid", []string{"-usager-scopes", "profile email"}, "must include openid"},
		{"unknown client address header", []string{"-client-ip-header", "Forwarded"}, "-client-ip-header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.args, env(nil), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	// In development an http issuer (a local Keycloak) is fine.
	if _, err := Parse([]string{"-dev", "-usager-issuer", "http://localhost:8080/realms/usager", "-usager-client-id", "x", "-usager-client-secret", "y"}, env(nil), io.Discard); err != nil {
		t.Errorf("http issuer in -dev: %v", err)
	}
}

// The linking codes go by e-mail: outside -dev, the licence account needs
// a mail server and a sender; the credentials come from the environment
// only; in -dev without a server, the local catcher takes them.
func TestSMTPSettings(t *testing.T) {
	usager := []string{"-usager-issuer", "https://idp.example/realms/usager", "-usager-client-id", "x", "-usager-client-secret", "y"}
	if _, err := Parse(usager, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "-smtp-addr") {
		t.Errorf("licence account without a mail server: err = %v", err)
	}
	c, err := Parse(append(usager, "-smtp-addr", "smtp.example:587", "-smtp-from", "ne-pas-repondre@mespoints.example"),
		env(map[string]string{"MESPOINTS_SMTP_USER": "u", "MESPOINTS_SMTP_PASSWORD": "p"}), io.Discard)
	if err != nil || c.SMTP.Addr != "smtp.example:587" || c.SMTP.User != "u" || c.SMTP.Password != "p" {
		t.Errorf("SMTP = %+v, %v", c.SMTP, err)
	}
	for _, args := range [][]string{
		{"-smtp-addr", "smtp.example"},
		{"-smtp-addr", "smtp.example:587"},
		{"-smtp-addr", "smtp.example:587", "-smtp-from", "x\r\nBcc: y@z"},
		{"-smtp-from", "a@b.fr"},
	} {
		if _, err := Parse(args, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "-smtp") {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	if c, err := Parse([]string{"-dev"}, env(nil), io.Discard); err != nil || c.SMTP.Configured() {
		t.Errorf("-dev: %+v, %v", c.SMTP, err)
	}
}
