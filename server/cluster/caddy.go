package cluster

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// caddyTemplate is the proxy's configuration (Caddy 2.6, as Debian 12
// ships it):
//
//   - every request goes to the nodes in turn (round robin), to those
//     whose /healthz answered 200 in the last second; a request that
//     finds no node (all down, or the shared state without quorum) waits
//     up to 5 s for one;
//   - /dev-idp/ goes to the first node up: the development provider keeps
//     its sign-ins in progress in its node's memory, so one node serves
//     it at a time (every node knows the same client secret, kept in the
//     shared state, so any node's relying party is accepted by it);
//   - X-Forwarded-For is set to the client's address (Caddy trusts no
//     proxy before it), which the nodes read with -client-ip-header;
//   - when no node can answer, the answer is a 503 with Retry-After: JSON
//     {"code":"unavailable"} under /api/, a French page elsewhere —
//     never a bare 502;
//   - no admin endpoint, no HTTPS (loopback), no file outside the
//     cluster's folder.
var caddyTemplate = template.Must(template.New("Caddyfile").Parse(`# Written by mespoints cluster: the proxy in front of the nodes.
{
	admin off
	auto_https off
	storage file_system {{.Storage}}
}

http://{{.Proxy}} {
	handle /dev-idp/* {
		reverse_proxy {{.Upstreams}} {
			lb_policy first
{{template "health"}}
		}
	}
	handle {
		reverse_proxy {{.Upstreams}} {
			lb_policy round_robin
{{template "health"}}
		}
	}
	handle_errors {
		@unavailable expression ` + "`" + `{err.status_code} in [502, 503, 504]` + "`" + `
		handle @unavailable {
			header Retry-After 10
			header Cache-Control no-store
			@api path /api/*
			handle @api {
				header Content-Type application/json
				respond ` + "`" + `{{.JSON}}` + "`" + ` 503
			}
			handle {
				header Content-Type "text/html; charset=utf-8"
				respond ` + "`" + `{{.Page}}` + "`" + ` 503
			}
		}
	}
}
{{define "health"}}			lb_try_duration 5s
			lb_try_interval 250ms
			health_uri /healthz
			health_interval 1s
			health_timeout 2s{{end}}`))

// unavailableJSON and unavailablePage are the proxy's answers when no
// node can answer: the API's error body, and a French page.
const (
	unavailableJSON = `{"code":"unavailable","message":"Le service est momentanément indisponible. Réessayez dans quelques instants."}`
	unavailablePage = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Service momentanément indisponible — Mes points</title></head><body><main><h1>Service momentanément indisponible</h1>` +
		`<p>Le service ne peut pas vous répondre pour le moment. Réessayez dans quelques instants.</p><p><a href="/">Retour à l'accueil</a></p></main></body></html>`
)

// Caddyfile is the proxy's configuration for the plan.
func (p Plan) Caddyfile() string {
	var ups []string
	for _, n := range p.Nodes {
		ups = append(ups, n.Addr)
	}
	var b bytes.Buffer
	err := caddyTemplate.Execute(&b, map[string]string{
		"Proxy": p.Proxy, "Upstreams": strings.Join(ups, " "), "Storage": filepath.Join(p.Dir, "caddy"),
		"JSON": unavailableJSON, "Page": unavailablePage,
	})
	if err != nil {
		panic(err) // a fixed template over strings: cannot fail
	}
	return b.String()
}

// writeCaddyfile writes the Caddyfile into the cluster's folder.
func (p Plan) writeCaddyfile() error {
	if err := os.WriteFile(p.caddyfile(), []byte(p.Caddyfile()), 0o600); err != nil {
		return fmt.Errorf("cluster: write the Caddyfile: %w", err)
	}
	return nil
}

// caddyEnv is the environment of Caddy: its configuration and data
// folders inside the cluster's, whatever the user's.
func (p Plan) caddyEnv() []string {
	return append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(p.Dir, "caddy", "config"),
		"XDG_DATA_HOME="+filepath.Join(p.Dir, "caddy", "data"))
}
