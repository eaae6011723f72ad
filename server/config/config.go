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
	"net/url"
	"strconv"
	"strings"
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
}

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
	targets := map[string]*string{"addr": &c.Addr, "data": &c.Data, "web": &c.Web, "public-url": &c.PublicURL}
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
	return nil
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
