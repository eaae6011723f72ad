package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Etcd is where the shared state of the service's nodes lives (accounts,
// sessions, pending sign-ins, lockouts, share codes, signing keys, exam
// places and bookings): an etcd cluster, or, without endpoints, the
// embedded bbolt file DATA/shared.db of a single server.
type Etcd struct {
	// Endpoints are the etcd members' client addresses, comma-separated
	// (host:port, or https://host:port); empty: the embedded file.
	Endpoints string
	// Prefix is put before every key the service writes in etcd.
	Prefix string
	// CA is the PEM file of the authority of the members' certificates;
	// Cert and Key are the service's client certificate and key. Any of
	// them turns TLS on.
	CA, Cert, Key string
	// Timeout bounds every call to etcd; past it, the request that needed
	// the shared state gets a 503.
	Timeout time.Duration

	timeout string // as given, parsed by validate
}

// DefaultEtcdPrefix and DefaultEtcdTimeout are the defaults of
// -etcd-prefix and -etcd-timeout.
const (
	DefaultEtcdPrefix  = "/mespoints/"
	DefaultEtcdTimeout = "5s"
)

func init() {
	settings = append(settings,
		setting{name: "etcd-endpoints", env: "MESPOINTS_ETCD_ENDPOINTS", def: "", usage: "etcd members holding the state shared by several nodes, comma-separated (host:port or https://host:port); default: the embedded file DATA/shared.db (one server)"},
		setting{name: "etcd-prefix", env: "MESPOINTS_ETCD_PREFIX", def: DefaultEtcdPrefix, usage: "prefix of the service's keys in etcd"},
		setting{name: "etcd-ca", env: "MESPOINTS_ETCD_CA", def: "", usage: "PEM file of the CA that signed the etcd members' certificates (TLS)"},
		setting{name: "etcd-cert", env: "MESPOINTS_ETCD_CERT", def: "", usage: "PEM file of the service's client certificate for etcd"},
		setting{name: "etcd-key", env: "MESPOINTS_ETCD_KEY", def: "", usage: "PEM file of the key of that client certificate"},
		setting{name: "etcd-timeout", env: "MESPOINTS_ETCD_TIMEOUT", def: DefaultEtcdTimeout, usage: "bound of every call to etcd (e.g. 5s); past it the request gets 503"},
	)
}

// targets returns where Parse puts each etcd setting.
func (e *Etcd) targets() map[string]*string {
	return map[string]*string{
		"etcd-endpoints": &e.Endpoints, "etcd-prefix": &e.Prefix,
		"etcd-ca": &e.CA, "etcd-cert": &e.Cert, "etcd-key": &e.Key,
		"etcd-timeout": &e.timeout,
	}
}

// Shared tells whether the shared state lives in etcd.
func (e Etcd) Shared() bool { return e.Endpoints != "" }

// EndpointList returns the endpoints as a list.
func (e Etcd) EndpointList() []string {
	var eps []string
	for _, ep := range strings.Split(e.Endpoints, ",") {
		if ep = strings.TrimSpace(ep); ep != "" {
			eps = append(eps, ep)
		}
	}
	return eps
}

// validate checks the etcd settings.
func (e *Etcd) validate() error {
	d, err := time.ParseDuration(e.timeout)
	if err != nil || d <= 0 {
		return fmt.Errorf("-etcd-timeout %q: not a positive duration such as 5s", e.timeout)
	}
	e.Timeout = d
	tls := e.CA != "" || e.Cert != "" || e.Key != ""
	if !e.Shared() {
		if tls {
			return errors.New("-etcd-ca, -etcd-cert and -etcd-key need -etcd-endpoints")
		}
		return nil
	}
	if e.Prefix == "" {
		return errors.New("-etcd-prefix: empty; several services on one cluster would mix their keys")
	}
	if (e.Cert == "") != (e.Key == "") {
		return errors.New("-etcd-cert and -etcd-key go together")
	}
	eps := e.EndpointList()
	if len(eps) == 0 {
		return fmt.Errorf("-etcd-endpoints %q: no address", e.Endpoints)
	}
	for _, ep := range eps {
		if err := checkEndpoint(ep, tls); err != nil {
			return fmt.Errorf("-etcd-endpoints %q: %w", ep, err)
		}
	}
	return nil
}

// checkEndpoint accepts host:port, http://host:port without TLS, and
// https://host:port.
func checkEndpoint(ep string, tls bool) error {
	if !strings.Contains(ep, "://") {
		if _, port, err := net.SplitHostPort(ep); err != nil || port == "" {
			return errors.New("not host:port nor an http(s) address")
		}
		return nil
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || u.Port() == "" || (u.Path != "" && u.Path != "/") {
		return errors.New("not an http(s)://host:port address")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && tls:
		return errors.New("http with TLS settings: write https://")
	case u.Scheme != "http":
		return errors.New("not an http(s)://host:port address")
	}
	return nil
}
