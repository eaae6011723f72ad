package signing_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"mespoints/server/admin"
	"mespoints/server/kv/boltkv"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// keys runs `mespoints keys args` and returns its status and outputs.
func keys(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := signing.RunKeys(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// Without a server, the command works on DATA/shared.db itself.
func TestKeysCommandOnTheFile(t *testing.T) {
	dir := t.TempDir()
	if code, out, _ := keys("-data", dir, "list"); code != 0 || out != "" {
		t.Fatalf("list of no keys: %d %q", code, out)
	}
	code, out, errOut := keys("-data", dir, "rotate")
	if code != 0 || !strings.HasPrefix(out, "new signing key ") {
		t.Fatalf("rotate: %d %q %q", code, out, errOut)
	}
	first := strings.TrimSpace(strings.TrimPrefix(out, "new signing key "))
	_, out, _ = keys("-data", dir, "rotate")
	second := strings.TrimSpace(strings.TrimPrefix(out, "new signing key "))
	_, out, _ = keys("-data", dir, "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], first+"  ") || !strings.HasPrefix(lines[1], second+"  ") || !strings.HasSuffix(lines[1], "(signs)") {
		t.Fatalf("list after two rotations:\n%s", out)
	}
	if code, _, errOut := keys("-data", dir, "retire", second); code != 1 || !strings.Contains(errOut, "rotate before retiring it") {
		t.Errorf("retire the key that signs: %d %q", code, errOut)
	}
	if code, out, _ := keys("-data", dir, "retire", first); code != 0 || out != "retired key "+first+"\n" {
		t.Errorf("retire the old key: %d %q", code, out)
	}
	for _, bad := range [][]string{{"-data", dir}, {"-data", dir, "retire"}, {"-data", dir, "burn"}, {"-data", dir, "list", "x"}} {
		if code, _, _ := keys(bad...); code != 2 {
			t.Errorf("keys %q: status %d, want 2", bad, code)
		}
	}
}

// With a server running on the data folder (which holds shared.db), the
// command goes through its admin socket: the server's own keys rotate.
func TestKeysCommandThroughTheServer(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shared, err := boltkv.Open(dir, boltkv.Options{PurgeEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	k := signing.New(shared, nil)
	code, err := k.Sign(context.Background(), []byte("avant"))
	if err != nil {
		t.Fatal(err)
	}
	_, oldKID, _ := k.Verify(context.Background(), code)
	adm, err := admin.Listen(dir, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := signing.AdminHandler(k)
	adm.Handle("/keys", h)
	adm.Handle("/keys/", h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- adm.Serve(ctx) }()
	defer func() { cancel(); <-done }()

	status, out, errOut := keys("-data", dir, "rotate")
	if status != 0 || !strings.HasPrefix(out, "new signing key ") {
		t.Fatalf("rotate through the server: %d %q %q", status, out, errOut)
	}
	if list, _ := k.List(context.Background()); len(list) != 2 || list[0].KID != oldKID || !list[1].Current {
		t.Fatalf("the server's keys after rotation: %+v", list)
	}
	if status, out, _ := keys("-data", dir, "list"); status != 0 || !strings.Contains(out, oldKID) || strings.Count(out, "\n") != 2 {
		t.Errorf("list through the server: %d %q", status, out)
	}
	if status, _, errOut := keys("-data", dir, "retire", "AAAAAAAA"); status != 1 || !strings.Contains(errOut, "no such key") {
		t.Errorf("retire an unknown key: %d %q", status, errOut)
	}
	if status, _, errOut := keys("-data", dir, "retire", oldKID); status != 0 {
		t.Fatalf("retire through the server: %d %q", status, errOut)
	}
	if _, _, err := k.Verify(context.Background(), code); err == nil {
		t.Error("a code of the retired key still verifies")
	}
}
