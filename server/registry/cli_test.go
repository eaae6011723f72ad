package registry_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mespoints/server/registry"
	"mespoints/server/store"
)

func run(f func([]string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := f(args, &out, &errb)
	return code, out.String(), errb.String()
}

var (
	runImport = func(a []string, o, e *bytes.Buffer) int { return registry.RunImport(a, o, e) }
	runExport = func(a []string, o, e *bytes.Buffer) int { return registry.RunExport(a, o, e) }
	runBackup = func(a []string, o, e *bytes.Buffer) int { return registry.RunBackup(a, o, e) }
)

func TestCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	file := filepath.Join(t.TempDir(), "extract.jsonl")
	os.WriteFile(file, extract(t, 0, 5), 0o600)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, append(extract(t, 10, 2), "{\"neph\":\n"...), 0o600)
	backup := filepath.Join(t.TempDir(), "copy.db")

	tests := []struct {
		name     string
		f        func([]string, *bytes.Buffer, *bytes.Buffer) int
		args     []string
		code     int
		out, err string
	}{
		{"export before any import", runExport, []string{"-data", data}, 1, "", "store not found"},
		{"backup before any import", runBackup, []string{"-data", data, backup}, 1, "", "store not found"},
		{"import", runImport, []string{"-data", data, file}, 0, "5 added, 0 changed, 0 unchanged", ""},
		{"import again", runImport, []string{"-data", data, file}, 0, "0 added, 0 changed, 5 unchanged", ""},
		{"import a bad file", runImport, []string{"-data", data, bad}, 1, "", "line 3: neph: not valid JSON"},
		{"import a missing file", runImport, []string{"-data", data, file + ".nope"}, 1, "", "no such file"},
		{"import without a file", runImport, []string{"-data", data}, 2, "", "usage: mespoints import"},
		{"export", runExport, []string{"-data", data}, 0, string(extract(t, 0, 5))[:20], ""},
		{"export with an operand", runExport, []string{"-data", data, "x"}, 2, "", "usage: mespoints export"},
		{"backup", runBackup, []string{"-data", data, backup}, 0, "backup written to", ""},
		{"backup without a file", runBackup, []string{"-data", data}, 2, "", "usage: mespoints backup"},
		{"unknown flag", runExport, []string{"-dta", data}, 2, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(tt.f, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tt.code, tt.out, tt.err)
			}
		})
	}
	t.Run("the backup restores", func(t *testing.T) {
		restored := t.TempDir()
		b, _ := os.ReadFile(backup)
		os.WriteFile(filepath.Join(restored, store.FileName), b, 0o600)
		_, want, _ := run(runExport, "-data", data)
		code, got, errs := run(runExport, "-data", restored)
		if code != 0 || got != want {
			t.Fatalf("export of the restored backup: exit %d, %s; differs from the store's", code, errs)
		}
	})
	t.Run("data directory from the environment", func(t *testing.T) {
		t.Setenv(registry.DataEnv, data)
		code, out, _ := run(runExport)
		if code != 0 || strings.Count(out, "\n") != 5 {
			t.Fatalf("exit %d, %d lines", code, strings.Count(out, "\n"))
		}
	})
	t.Run("store held by another process", func(t *testing.T) {
		st := openStore(t, data)
		defer st.Close()
		code, _, errs := run(runImport, "-data", data, file)
		if code != 1 || !strings.Contains(errs, "is in use by another process, and no server answers on") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
}
