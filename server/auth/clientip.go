package auth

import (
	"net"
	"net/http"
	"strings"
)

// ClientAddr returns the address of the client of r, for the per-address
// limit of the linking form: the connection's address, or behind a
// reverse proxy the header it was configured with (the last entry of
// X-Forwarded-For, the one the proxy itself appended; or X-Real-IP).
func (s *Service) ClientAddr(r *http.Request) string {
	switch s.ipHeader {
	case "X-Forwarded-For":
		if v := r.Header.Values("X-Forwarded-For"); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	case "X-Real-Ip":
		if ip := strings.TrimSpace(r.Header.Get("X-Real-IP")); ip != "" {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
