package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"mespoints/server/kv"
)

// ClientAddr returns the address of the client of r, for the per-address
// limits: the connection's address, or behind a reverse proxy the header
// it was configured with (the last entry of X-Forwarded-For, the one the
// proxy itself appended; or X-Real-IP).
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

// addressGroup is the group an address counts in: an IPv4 address alone
// (an IPv4-mapped IPv6 address as the IPv4 one), an IPv6 address with its
// whole /64 (one subscriber's network gets a /64 or more, and picks any
// address in it), anything else as written.
func addressGroup(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "raw:" + addr
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// addressSecret returns the secret of the keyed hashes of addresses and
// codes: read from the shared state (made there once, by the first node
// that needed it), so that it survives restarts and every node hashes
// alike.
func (s *Service) addressSecret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	var got []byte
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		v, ok, err := tx.Get(keyAddressSecret)
		if err != nil {
			return err
		}
		if ok && len(v) == 32 {
			got = v
			return nil
		}
		tx.Put(keyAddressSecret, fresh, 0)
		got = fresh
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("address secret: %w", err)
	}
	s.secret = got
	return got, nil
}

// keyedHash is the keyed hash of parts under the address secret, in
// base64url.
func (s *Service) keyedHash(ctx context.Context, parts ...string) (string, error) {
	secret, err := s.addressSecret(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18]), nil
}

// addressBucket names the client address of r in the shared state: a
// keyed hash of its group (see addressGroup), so that no address is
// stored.
func (s *Service) addressBucket(ctx context.Context, addr string) (string, error) {
	return s.keyedHash(ctx, "address", addressGroup(addr))
}
