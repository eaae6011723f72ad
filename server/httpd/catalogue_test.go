package httpd_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mespoints/points"
	"mespoints/server/config"
	"mespoints/server/registry"
)

// `mespoints import` of a catalogue of exam centres and sessions, while a
// server runs, goes through its admin socket into the shared state it
// books from; a bad catalogue changes nothing and lists its bad lines.
func TestImportACatalogueThroughTheRunningServer(t *testing.T) {
	data := t.TempDir()
	srv := start(t, config.Config{Data: data})
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	file, one, _ := contentionCatalogue(today)
	path := filepath.Join(t.TempDir(), "centres.jsonl")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if code := registry.RunImport([]string{"-data", data, path}, &out, &errs); code != 0 {
		t.Fatalf("import: %d\n%s%s", code, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "by the running server") {
		t.Errorf("the import did not go through the server: %s", out.String())
	}
	l, err := srv.Booking.Sessions(context.Background(), "31", today, today.AddDays(30))
	if err != nil || len(l.Sessions) != 2 || l.Sessions[0].ID != one {
		t.Fatalf("sessions after the import: %+v, %v", l.Sessions, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(strings.Replace(file, `"places":10`, `"places":100`, 1)), 0o600)
	out.Reset()
	errs.Reset()
	if code := registry.RunImport([]string{"-data", data, bad}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "line 3: places") {
		t.Fatalf("a bad catalogue: %d\n%s%s", code, out.String(), errs.String())
	}
	if l, _ := srv.Booking.Sessions(context.Background(), "31", today, today.AddDays(30)); l.Sessions[1].Places != 10 {
		t.Errorf("a rejected catalogue changed a session: %+v", l.Sessions[1])
	}
}
