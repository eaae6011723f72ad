// Package config reads the settings of `mespoints serve`: each one a flag
// with an environment variable as fallback (MESPOINTS_*), and an embedded
// default good enough for `make run` on a fresh machine.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config holds the settings of the server.
type Config struct {
	// Addr is the address the server listens on, host:port.
	Addr string
	// Data is the folder holding the bbolt store.
	Data string
	// Web is the folder of static files (icons, stylesheet, app.wasm).
	Web string
	// PublicURL is the address people reach the server at, used to build
	// the sign-in redirects; empty means http://Addr.
	PublicURL string
	// Dev turns on development mode: loopback only, text logs, no HSTS,
	// the embedded sign-in provider and the demo data.
	Dev bool
	// ClientIPHeader names the request header that holds the client's
	// address when the server runs behind a reverse proxy (X-Forwarded-For:
	// its last entry; X-Real-IP: the whole value); empty means the address
	// of the connection. It feeds the per-address limit of dossier linking.
	ClientIPHeader string
	// Usager is the OpenID provider of the licence account (the Keycloak
	// realm "usager").
	Usager Provider
	// FranceConnect is the FranceConnect v2 provider.
	FranceConnect Provider
	// Etcd is where the state shared by several nodes lives.
	Etcd Etcd
	// SMTP sends the linking codes.
	SMTP SMTP
	// Node names this server in its audit entries; empty means the host
	// name.
	Node string
	// AuditRetention is how long audit entries are kept.
	AuditRetention time.Duration
	// auditRetention is the setting as given ("365d", "8760h").
	auditRetention string
}

// Provider is the relying party's settings for one OpenID provider. An
// empty Issuer means: the embedded development provider with -dev, no such
// sign-in otherwise.
type Provider struct {
	// Issuer is the provider's issuer URL; discovery reads
	// Issuer/.well-known/openid-configuration.
	Issuer string
	// ClientID is the client identifier the provider gave the service.
	ClientID string
	// ClientSecret is the client secret (prefer the environment variable:
	// flags show in the process list).
	ClientSecret string
	// RedirectURL is the callback registered at the provider; empty means
	// BaseURL/auth/NAME/callback.
	RedirectURL string
	// Scopes are the scopes asked for, separated by spaces.
	Scopes string
}

// Configured tells whether the provider was given an issuer.
func (p Provider) Configured() bool { return p.Issuer != "" }

// ScopeList returns the scopes as a list.
func (p Provider) ScopeList() []string { return strings.Fields(p.Scopes) }

// Default scopes of the two providers: the licence account gives the
// person's name and e-mail; FranceConnect the identity pivot, which links
// the dossier without a form when it matches exactly one.
const (
	DefaultUsagerScopes        = "openid profile email"
	DefaultFranceConnectScopes = "openid given_name family_name birthdate birthplace birthcountry gender email preferred_username"
)

// setting describes one setting for the flag set and the help text.
type setting struct {
	name, env, def, usage string
	isBool                bool
}

var settings = []setting{
	{name: "addr", env: "MESPOINTS_ADDR", def: "127.0.0.1:8000", usage: "address to listen on, host:port"},
	{name: "data", env: "MESPOINTS_DATA", def: "./data", usage: "folder of the bbolt store"},
	{name: "web", env: "MESPOINTS_WEB", def: "./web", usage: "folder of the static files and the built app.wasm"},
	{name: "public-url", env: "MESPOINTS_PUBLIC_URL", def: "", usage: "public address of the service, e.g. https://mespoints.example (default: http://ADDR)"},
	{name: "dev", env: "MESPOINTS_DEV", def: "false", usage: "development mode: loopback only, demo data, embedded sign-in provider", isBool: true},
	{name: "client-ip-header", env: "MESPOINTS_CLIENT_IP_HEADER", def: "", usage: "header holding the client's address behind a reverse proxy (X-Forwarded-For: last entry, or X-Real-IP); default: the connection's address"},
	{name: "usager-issuer", env: "MESPOINTS_USAGER_ISSUER", def: "", usage: "issuer URL of the licence account provider (Keycloak realm usager); default: the embedded provider with -dev, disabled otherwise"},
	{name: "usager-client-id", env: "MESPOINTS_USAGER_CLIENT_ID", def: "", usage: "client id at the licence account provider"},
	{name: "usager-client-secret", env: "MESPOINTS_USAGER_CLIENT_SECRET", def: "", usage: "client secret at the licence account provider (prefer the environment variable)"},
	{name: "usager-redirect-url", env: "MESPOINTS_USAGER_REDIRECT_URL", def: "", usage: "callback registered at the licence account provider (default: PUBLIC-URL/auth/usager/callback)"},
	{name: "usager-scopes", env: "MESPOINTS_USAGER_SCOPES", def: DefaultUsagerScopes, usage: "scopes asked of the licence account provider"},
	{name: "franceconnect-issuer", env: "MESPOINTS_FRANCECONNECT_ISSUER", def: "", usage: "issuer URL of FranceConnect v2, e.g. https://fcp-low.integ01.dev-franceconnect.fr/api/v2 (integration); default: the embedded provider with -dev, disabled otherwise"},
	{name: "franceconnect-client-id", env: "MESPOINTS_FRANCECONNECT_CLIENT_ID", def: "", usage: "client id at FranceConnect"},
	{name: "franceconnect-client-secret", env: "MESPOINTS_FRANCECONNECT_CLIENT_SECRET", def: "", usage: "client secret at FranceConnect (prefer the environment variable)"},
	{name: "franceconnect-redirect-url", env: "MESPOINTS_FRANCECONNECT_REDIRECT_URL", def: "", usage: "callback registered at FranceConnect (default: PUBLIC-URL/auth/franceconnect/callback)"},
	{name: "node", env: "MESPOINTS_NODE", def: "", usage: "name of this server in its audit entries (default: the host name)"},
	{name: "audit-retention", env: "MESPOINTS_AUDIT_RETENTION", def: "365d", usage: "how long audit entries are kept: days (365d) or a duration (8760h)"},
	{name: "franceconnect-scopes", env: "MESPOINTS_FRANCECONNECT_SCOPES", def: DefaultFranceConnectScopes, usage: "scopes asked of FranceConnect (the identity pivot)"},
}

// ErrHelp is returned when -h or -help was asked for; the usage has then
// been written.
var ErrHelp = flag.ErrHelp

// Parse reads the settings from args, falling back on getenv for every
// setting not given as a flag. Usage and flag errors go to output.
func Parse(args []string, getenv func(string) string, output io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("mespoints serve", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.Usage = func() {
		fmt.Fprintln(output, "Usage: mespoints serve [flags]")
		fmt.Fprintln(output, "\nServes the Mes points app. Every flag can also be set by the environment variable shown.")
		fmt.Fprintln(output)
		for _, s := range settings {
			def := s.def
			if def == "" {
				def = "none"
			}
			fmt.Fprintf(output, "  -%s  (env %s, default %s)\n    \t%s\n", s.name, s.env, def, s.usage)
		}
	}
	targets := map[string]*string{
		"addr": &c.Addr, "data": &c.Data, "web": &c.Web, "public-url": &c.PublicURL,
		"client-ip-header": &c.ClientIPHeader,
		"node":             &c.Node,
		"audit-retention":  &c.auditRetention,
		"smtp-addr":        &c.SMTP.Addr,
		"smtp-from":        &c.SMTP.From,
	}
	for name, p := range c.Etcd.targets() {
		targets[name] = p
	}
	for prefix, p := range map[string]*Provider{"usager-": &c.Usager, "franceconnect-": &c.FranceConnect} {
		targets[prefix+"issuer"] = &p.Issuer
		targets[prefix+"client-id"] = &p.ClientID
		targets[prefix+"client-secret"] = &p.ClientSecret
		targets[prefix+"redirect-url"] = &p.RedirectURL
		targets[prefix+"scopes"] = &p.Scopes
	}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		if s.isBool {
			b, err := strconv.ParseBool(def)
			if err != nil {
				return c, fmt.Errorf("%s: %q is not true or false", s.env, def)
			}
			fs.BoolVar(&c.Dev, s.name, b, s.usage)
			continue
		}
		fs.StringVar(targets[s.name], s.name, def, s.usage)
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.SMTP.readSMTPSecrets(getenv)
	return c, c.validate()
}

// validate checks the settings that can be checked before anything starts.
func (c *Config) validate() error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", c.Addr, err)
	}
	if c.Dev && !isLoopback(host) {
		return fmt.Errorf("-addr %q: development mode listens on loopback only (127.0.0.1, ::1 or localhost)", c.Addr)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("-public-url %q: not an http or https address", c.PublicURL)
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
	if c.Data == "" {
		return errors.New("-data: empty folder name")
	}
	r, err := parseRetention(c.auditRetention)
	if err != nil {
		return fmt.Errorf("-audit-retention %q: %w", c.auditRetention, err)
	}
	c.AuditRetention = r
	switch http.CanonicalHeaderKey(c.ClientIPHeader) {
	case "", "X-Forwarded-For", "X-Real-Ip":
	default:
		return fmt.Errorf("-client-ip-header %q: X-Forwarded-For or X-Real-IP", c.ClientIPHeader)
	}
	if err := c.Etcd.validate(); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		p    *Provider
	}{{"usager", &c.Usager}, {"franceconnect", &c.FranceConnect}} {
		if err := p.p.validate(p.name, c.Dev); err != nil {
			return err
		}
	}
	return c.SMTP.validate(c.Dev, c.Usager.Configured())
}

// validate checks the settings of the provider name.
func (p *Provider) validate(name string, dev bool) error {
	p.Issuer = strings.TrimRight(p.Issuer, "/")
	if len(p.ScopeList()) == 0 || !slices.Contains(p.ScopeList(), "openid") {
		return fmt.Errorf("-%s-scopes %q: the scopes must include openid", name, p.Scopes)
	}
	if !p.Configured() {
		if p.ClientID != "" || p.ClientSecret != "" || p.RedirectURL != "" {
			return fmt.Errorf("-%s-issuer: missing, but the provider's client is configured", name)
		}
		return nil
	}
	if err := checkURL(p.Issuer, dev); err != nil {
		return fmt.Errorf("-%s-issuer %q: %w", name, p.Issuer, err)
	}
	if p.ClientID == "" {
		return fmt.Errorf("-%s-client-id: required with -%s-issuer", name, name)
	}
	if p.ClientSecret == "" {
		return fmt.Errorf("-%s-client-secret (or MESPOINTS_%s_CLIENT_SECRET): required with -%s-issuer", name, strings.ToUpper(name), name)
	}
	if p.RedirectURL != "" {
		if err := checkURL(p.RedirectURL, dev); err != nil {
			return fmt.Errorf("-%s-redirect-url %q: %w", name, p.RedirectURL, err)
		}
	}
	return nil
}

// parseRetention reads a number of days ("365d") or a Go duration
// ("8760h"), at least one day.
func parseRetention(s string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, errors.New("not a number of days (365d) nor a duration (8760h)")
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, errors.New("not a number of days (365d) nor a duration (8760h)")
		}
	}
	if d < 24*time.Hour {
		return 0, errors.New("keep audit entries at least a day")
	}
	return d, nil
}

// checkURL accepts an absolute https URL, or http in development.
func checkURL(s string, dev bool) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("not an absolute URL without query")
	}
	if u.Scheme == "https" || (dev && u.Scheme == "http") {
		return nil
	}
	return errors.New("must be https (http only with -dev)")
}

// isLoopback tells whether host names only the machine itself.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL is the public address of the service, without a trailing slash.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.Addr
}

// Host is the host name (and port, if any) of the public address.
func (c Config) Host() string {
	u, err := url.Parse(c.BaseURL())
	if err != nil {
		return ""
	}
	return u.Host
}
