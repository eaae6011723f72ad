package signing

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"mespoints/server/admin"
	"mespoints/server/config"
	"mespoints/server/kv/kvopen"
)

const keysUsage = `usage: mespoints keys [-data DIR] COMMAND
  list         the signing keys of the documents' codes: id, creation, the one that signs
  rotate       make a new key, which signs from now on (older codes still verify)
  retire KID   remove key KID: the codes it signed no longer verify
Through the running server's admin socket when there is one; otherwise on
the shared state itself (DIR/shared.db, or etcd with MESPOINTS_ETCD_*).
`

// RunKeys is `mespoints keys [-data DIR] list|rotate|retire KID`. Exit
// status 0, 1 when it failed, 2 for a usage error.
func RunKeys(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defData := os.Getenv("MESPOINTS_DATA")
	if defData == "" {
		defData = "./data"
	}
	data := fs.String("data", defData, "data directory of the server (env MESPOINTS_DATA)")
	fs.Usage = func() { fmt.Fprint(stderr, keysUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cmd := fs.Arg(0)
	kid := ""
	switch {
	case cmd == "retire" && fs.NArg() == 2:
		kid = fs.Arg(1)
	case (cmd == "list" || cmd == "rotate") && fs.NArg() == 1:
	default:
		fs.Usage()
		return 2
	}
	out, err := throughServer(*data, cmd, kid)
	if errors.Is(err, admin.ErrNoServer) {
		out, err = direct(*data, cmd, kid)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints keys %s: %v\n", cmd, err)
		return 1
	}
	fmt.Fprint(stdout, out)
	return 0
}

// throughServer runs cmd on the server of data folder dir.
func throughServer(dir, cmd, kid string) (string, error) {
	method, target := http.MethodPost, "/keys/"+cmd
	switch cmd {
	case "list":
		method, target = http.MethodGet, "/keys"
	case "retire":
		target += "?kid=" + url.QueryEscape(kid)
	}
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		return "", err
	}
	resp, err := admin.Do(dir, req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		var e adminAnswer
		if json.Unmarshal(body, &e) == nil && e.Message != "" {
			return "", errors.New(e.Message)
		}
		return "", fmt.Errorf("the server answered %s", resp.Status)
	}
	if cmd == "list" {
		var list []KeyInfo
		if err := json.Unmarshal(body, &list); err != nil {
			return "", err
		}
		return listText(list), nil
	}
	var done struct{ KID string }
	if err := json.Unmarshal(body, &done); err != nil {
		return "", err
	}
	return doneText(cmd, done.KID), nil
}

// direct runs cmd on the shared state itself, no server running.
func direct(dir, cmd, kid string) (string, error) {
	cfg, err := config.Parse([]string{"-data", dir}, os.Getenv, io.Discard)
	if err != nil {
		return "", err
	}
	s, _, err := kvopen.Open(cfg)
	if err != nil {
		return "", err
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	k := New(s, nil)
	switch cmd {
	case "list":
		list, err := k.List(ctx)
		if err != nil {
			return "", err
		}
		return listText(list), nil
	case "rotate":
		kid, err = k.Rotate(ctx)
	case "retire":
		err = k.Retire(ctx, kid)
	}
	if err != nil {
		return "", err
	}
	return doneText(cmd, kid), nil
}

func listText(list []KeyInfo) string {
	out := ""
	for _, k := range list {
		mark := ""
		if k.Current {
			mark = "  (signs)"
		}
		out += k.KID + "  " + k.Created.UTC().Format(time.RFC3339) + mark + "\n"
	}
	return out
}

func doneText(cmd, kid string) string {
	if cmd == "rotate" {
		return "new signing key " + kid + "\n"
	}
	return "retired key " + kid + "\n"
}
