package registry_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mespoints/server/registry"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// childEnv makes the test binary an import process for TestKilledImport:
// it imports $MESPOINTS_CHILD_FILE into $MESPOINTS_CHILD_DATA, prints each
// step ("reading 10000", "writing 1530", "copying 0"…) as it goes, and
// waits after each for a line on its standard input, so that the test
// kills it at the step it chooses.
const childEnv = "MESPOINTS_CHILD_IMPORT"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childImport())
	}
	os.Exit(m.Run())
}

func childImport() int {
	st, err := store.Open(os.Getenv("MESPOINTS_CHILD_DATA"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	f, err := os.Open(os.Getenv("MESPOINTS_CHILD_FILE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	in := bufio.NewReader(os.Stdin)
	_, err = registry.Import(f, st, registry.ImportOptions{Progress: func(phase string, n int) {
		fmt.Printf("%s %d\n", phase, n)
		if _, err := in.ReadString('\n'); err != nil {
			os.Exit(3)
		}
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("done")
	return 0
}

// changedExtract returns records first..first+n-1, each with a later
// updated date and a usage name, so that it differs from extract's.
func changedExtract(t testing.TB, first, n int) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := first; i < first+n; i++ {
		r := storetest.Record(i)
		r.Updated = r.Updated.AddDays(100)
		r.Holder.UsageName = "Nouveau"
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// TestKilledImport kills (SIGKILL) a real import process at each step and
// checks that the store then opens, holds the whole file or none of it,
// and that nothing of the import is left in the data folder: up to the
// rename of the new file the store is as before, after it the import is
// all there.
func TestKilledImport(t *testing.T) {
	const before, size = 200, 16000 // the file changes 100 records and adds the rest
	file := filepath.Join(t.TempDir(), "extract.jsonl")
	if err := os.WriteFile(file, changedExtract(t, before-100, size), 0o600); err != nil {
		t.Fatal(err)
	}
	// What "none of it" and "all of it" look like.
	stNone, stAll := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	for _, st := range []*store.Store{stNone, stAll} {
		if _, err := importBytes(st, extract(t, 0, before)); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.ReadFile(file)
	if _, err := importBytes(stAll, f); err != nil {
		t.Fatal(err)
	}
	wantNone, wantAll := export(t, stNone), export(t, stAll)

	for _, phase := range []string{"reading", "writing", "copying", "synced", "renamed"} {
		t.Run("killed while "+phase, func(t *testing.T) {
			dir := t.TempDir()
			st := openStore(t, dir)
			if _, err := importBytes(st, extract(t, 0, before)); err != nil {
				t.Fatal(err)
			}
			st.Close()

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=1", "MESPOINTS_CHILD_DATA="+dir, "MESPOINTS_CHILD_FILE="+file)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			goOn, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			var seen []string
			for sc.Scan() {
				seen = append(seen, sc.Text())
				if strings.HasPrefix(sc.Text(), phase+" ") {
					cmd.Process.Kill() // SIGKILL: no deferred code, no clean-up
					break
				}
				goOn.Write([]byte("\n"))
			}
			err = cmd.Wait()
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed mid-import (%v; output %q; stderr %s)", err, seen, stderr.String())
			}

			st, err = store.Open(dir, nil)
			if err != nil {
				t.Fatalf("store does not open after the kill: %v", err)
			}
			defer st.Close()
			got := export(t, st)
			want, which := wantNone, "none"
			if phase == "renamed" {
				want, which = wantAll, "all" // the new file is in place
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("after a kill while %s (output %q) the store holds neither all nor none of the file; want %s of it", phase, seen, which)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != store.FileName {
					t.Errorf("left in the data folder after reopening: %s", e.Name())
				}
			}
		})
	}
}
