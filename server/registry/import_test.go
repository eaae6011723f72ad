package registry_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"mespoints/server/registry"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// extract returns records first..first+n-1 of storetest as an extract.
func extract(t testing.TB, first, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i := first; i < first+n; i++ {
		if err := enc.Encode(storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func importBytes(st *store.Store, b []byte) (store.ImportStats, error) {
	return registry.Import(bytes.NewReader(b), st, registry.ImportOptions{})
}

func export(t testing.TB, st *store.Store) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := registry.Export(&b, st); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportThenExportGivesTheSameRecords(t *testing.T) {
	st := openStore(t, t.TempDir())
	in := extract(t, 0, 300)
	stats, err := importBytes(st, in)
	if err != nil || stats != (store.ImportStats{Added: 300}) {
		t.Fatalf("Import = %+v, %v", stats, err)
	}
	out := export(t, st)
	// The same records: decode both sides and compare, order aside.
	want := map[string]store.Record{}
	for i := range 300 {
		r := storetest.Record(i)
		want[r.NEPH] = r
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 300 {
		t.Fatalf("export has %d lines, want 300", len(lines))
	}
	prev := ""
	for _, l := range lines {
		r, err := registry.DecodeLine([]byte(l))
		if err != nil {
			t.Fatalf("export line does not read back: %v", err)
		}
		if r.NEPH <= prev {
			t.Fatalf("export not in NEPH order: %s after %s", r.NEPH, prev)
		}
		prev = r.NEPH
		if !reflect.DeepEqual(r, want[r.NEPH]) {
			t.Fatalf("record %s:\n got %+v\nwant %+v", r.NEPH, r, want[r.NEPH])
		}
	}
	// And the export imports into a new store and exports identically.
	st2 := openStore(t, t.TempDir())
	if _, err := importBytes(st2, out); err != nil {
		t.Fatal(err)
	}
	if out2 := export(t, st2); !bytes.Equal(out, out2) {
		t.Fatal("export → import → export changed the extract")
	}
}

func TestImportingTheSameFileTwiceChangesNothing(t *testing.T) {
	st := openStore(t, t.TempDir())
	in := extract(t, 0, 100)
	if _, err := importBytes(st, in); err != nil {
		t.Fatal(err)
	}
	before := export(t, st)
	stats, err := importBytes(st, in)
	if err != nil || stats != (store.ImportStats{Unchanged: 100}) {
		t.Fatalf("second import = %+v, %v; want 100 unchanged", stats, err)
	}
	if after := export(t, st); !bytes.Equal(before, after) {
		t.Fatal("second import changed the records")
	}
}

func TestAnUnchangedRecordKeepsItsUpdatedDate(t *testing.T) {
	st := openStore(t, t.TempDir())
	if _, err := importBytes(st, extract(t, 0, 3)); err != nil {
		t.Fatal(err)
	}
	// A newer extract: every record stamped later, one really changed,
	// one new.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range 4 {
		r := storetest.Record(i)
		r.Updated = r.Updated.AddDays(40)
		if i == 1 {
			r.Holder.UsageName = "Dupont"
		}
		enc.Encode(r)
	}
	stats, err := importBytes(st, b.Bytes())
	if err != nil || stats != (store.ImportStats{Added: 1, Changed: 1, Unchanged: 2}) {
		t.Fatalf("Import = %+v, %v", stats, err)
	}
	for i := range 4 {
		r := storetest.Record(i)
		got, err := st.Get(r.NEPH)
		if err != nil {
			t.Fatal(err)
		}
		want := r.Updated
		if i == 1 || i == 3 {
			want = r.Updated.AddDays(40)
		}
		if got.Updated != want {
			t.Errorf("record %d: updated %s, want %s", i, got.Updated, want)
		}
	}
}

func TestAMinimalExtractImports(t *testing.T) {
	st := openStore(t, t.TempDir())
	in := `{"neph":"1234 5678 9012","updated":"2025-01-15","holder":{"family_name":"Martin","given_names":"Camille","birthdate":"1990-05-04","birthplace":"75115"},"licence":{"obtained":"2010-06-01","probation":"none"},"events":[{"type":"offence","committed":"2024-02-03T10:00","definitive":"2024-03-01","points":3,"class":"c4","label":"téléphone"}]}
{"neph":"ab123","updated":"2025-01-15","holder":{"family_name":"Haddad","given_names":"Yasmine","birthdate":"2007-11-30","birthplace":"","birthcountry":"99350"}}

`
	stats, err := importBytes(st, []byte(in))
	if err != nil || stats.Added != 2 {
		t.Fatalf("Import = %+v, %v", stats, err)
	}
	if r, err := st.Get("AB123"); err != nil || r.Licence != nil || len(r.Events) != 0 {
		t.Fatalf("candidate = %+v, %v; want no licence, no events", r, err)
	}
}

// badLine puts line 3 of a 4-line extract in the form each case gives.
func TestABadLineRejectsTheWholeFile(t *testing.T) {
	good := strings.Split(strings.TrimSpace(string(extract(t, 1000, 4))), "\n")
	line3 := good[2]
	tests := []struct {
		name string
		line string // replaces line 3
		says []string
	}{
		{"truncated", line3[:len(line3)/2], []string{"line 3: ", "not valid JSON", "cut or damaged"}},
		{"not JSON", "this is not JSON", []string{"line 3: (line): not valid JSON"}},
		{"impossible date", strings.Replace(line3, `"definitive":"`, `"definitive":"2023-02-29","x":"`, 1), []string{"line 3: events[0].definitive: 2023-02-29 is not a date"}},
		{"unknown class", strings.Replace(line3, `"class":"c4"`, `"class":"c7"`, 1), []string{"line 3: events[0].class: ", "c7"}},
		{"NEPH too short", strings.Replace(line3, storetest.NEPH(1002), "1234", 1), []string{"line 3: neph: a NEPH has 5 to 19 letters and digits, this one has 4"}},
		{"NEPH too long", strings.Replace(line3, storetest.NEPH(1002), "12345678901234567890", 1), []string{"line 3: neph: ", "this one has 20"}},
		{"NEPH with bad characters", strings.Replace(line3, storetest.NEPH(1002), "1234_5678", 1), []string{"line 3: neph: a NEPH has only letters and digits"}},
		{"duplicate NEPH", good[0], []string{"line 3: neph: duplicate NEPH, already on line 1"}},
		{"unknown field", strings.Replace(line3, `"holder":{`, `"holder":{"nickname":"Cam",`, 1), []string{"line 3: holder.nickname: unknown field"}},
		{"field given twice", strings.Replace(line3, `"updated":`, `"updated":"2025-01-01","updated":`, 1), []string{"line 3: updated: given twice"}},
		{"wrong type", strings.Replace(line3, `"points":3`, `"points":"3"`, 1), []string{"line 3: events[0].points: a string where a number was expected"}},
		{"missing birthdate", regexp.MustCompile(`"birthdate":"[0-9-]+",`).ReplaceAllString(line3, ""), []string{"line 3: holder.birthdate: missing"}},
		{"birthplace left out", regexp.MustCompile(`"birthplace":"[0-9A-Z]*",`).ReplaceAllString(line3, ""), []string{"line 3: holder.birthplace: missing"}},
		{"unknown probation", strings.Replace(line3, `"probation":"none"`, `"probation":"forever"`, 1), []string{"line 3: licence.probation: ", "forever"}},
		{"offence without its points", regexp.MustCompile(`,"points":[0-9]`).ReplaceAllString(line3, ""), []string{"line 3: events[0].points: missing"}},
		{"unknown letter", strings.Replace(line3, `"type":"48"`, `"type":"49"`, 1), []string{"line 3: events[0].letters[0].type: "}},
		{"postcode of letters", strings.Replace(line3, `"postcode":"75015"`, `"postcode":"PARIS"`, 1), []string{"line 3: holder.address.postcode: ", "five digits"}},
		{"unknown field of the address", strings.Replace(line3, `"address":{`, `"address":{"floor":3,`, 1), []string{"line 3: holder.address.floor: unknown field"}},
		{"category valid until a non-date", strings.Replace(line3, `"until":"`, `"until":"2030-02-30","x":"`, 1), []string{"line 3: licence.categories[1].until: 2030-02-30 is not a date"}},
		{"unknown measure", strings.Replace(line3, `"kind":"suspension"`, `"kind":"retention"`, 1), []string{"line 3: licence.measures[0].kind: ", "retention"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t, t.TempDir())
			if _, err := importBytes(st, extract(t, 0, 5)); err != nil {
				t.Fatal(err)
			}
			before := export(t, st)
			lines := append([]string(nil), good...)
			lines[2] = tt.line
			_, err := importBytes(st, []byte(strings.Join(lines, "\n")+"\n"))
			var ie *registry.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Import = %v, want an ImportError", err)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if !strings.Contains(err.Error(), "nothing imported") {
				t.Errorf("error %q does not say nothing was imported", err)
			}
			if after := export(t, st); !bytes.Equal(before, after) {
				t.Error("a rejected extract changed the store")
			}
			if n, _ := st.Count(); n != 5 {
				t.Errorf("%d records after a rejected import, want the 5 from before", n)
			}
		})
	}
}

func TestEveryBadLineIsReported(t *testing.T) {
	st := openStore(t, t.TempDir())
	lines := strings.Split(strings.TrimSpace(string(extract(t, 0, 30))), "\n")
	lines[4] = strings.Replace(lines[4], `"class":"c4"`, `"class":"x"`, 1)
	lines[19] = "{"
	_, err := importBytes(st, []byte(strings.Join(lines, "\n")))
	var ie *registry.ImportError
	if !errors.As(err, &ie) || len(ie.Lines) != 2 || ie.Lines[0].Line != 5 || ie.Lines[1].Line != 20 {
		t.Fatalf("Import = %v, want lines 5 and 20 reported", err)
	}
	if !strings.Contains(err.Error(), "2 bad lines") {
		t.Errorf("error %q does not count the bad lines", err)
	}
}

func TestALineTooLongIsReported(t *testing.T) {
	st := openStore(t, t.TempDir())
	in := append(extract(t, 0, 1), bytes.Repeat([]byte("x"), registry.MaxLine+10)...)
	_, err := importBytes(st, in)
	if err == nil || !strings.Contains(err.Error(), "line 2: longer than") {
		t.Fatalf("Import = %v, want line 2 reported as too long", err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatalf("%d records written", n)
	}
}

func TestImportOfAnEmptyFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	stats, err := importBytes(st, nil)
	if err != nil || stats != (store.ImportStats{}) {
		t.Fatalf("Import = %+v, %v", stats, err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeLineWantsTheRequiredFields(t *testing.T) {
	const holder = `"family_name":"Martin","given_names":"Camille","birthdate":"1970-01-01","birthplace":"75115"`
	tests := []struct{ line, field string }{
		{`{"updated":"2025-01-15","holder":{` + holder + `}}`, "neph"},
		{`{"neph":"123456789012","holder":{` + holder + `}}`, "updated"},
		{`{"neph":"123456789012","updated":"2025-01-15"}`, "holder"},
		{`{"neph":"123456789012","updated":"2025-01-15","holder":{"given_names":"Camille","birthdate":"1970-01-01","birthplace":"75115"}}`, "holder.family_name"},
		{`{"neph":"123456789012","updated":"2025-01-15","holder":{"family_name":"Martin","birthdate":"1970-01-01","birthplace":"75115"}}`, "holder.given_names"},
		{`{"neph":"123456789012","updated":"2025-01-15","holder":{"family_name":"Martin","given_names":"Camille","birthplace":"75115"}}`, "holder.birthdate"},
		{`{"neph":"123456789012","updated":"2025-01-15","holder":{"family_name":"Martin","given_names":"Camille","birthdate":"1970-01-01"}}`, "holder.birthplace"},
		{`{"neph":"123456789012","updated":"2025-01-15","holder":{` + holder + `}}`, ""},
	}
	for _, tt := range tests {
		r, err := registry.DecodeLine([]byte(tt.line))
		var fe *store.FieldError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("DecodeLine(%s) = %v", tt.line, err)
		case tt.field == "" && r.Holder.Birthdate != 0:
			t.Errorf("birthdate 1970-01-01 read as %s", r.Holder.Birthdate)
		case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(err.Error(), "missing")):
			t.Errorf("DecodeLine(%s) = %v, want %s missing", tt.line, err, tt.field)
		}
	}
}

// An offence worth 0 points (speeding by less than 5 km/h since 2024,
// L223-2) is exported with "points": 0 and reads back as the same offence.
func TestAZeroPointOffenceSurvivesTheRoundTrip(t *testing.T) {
	st := openStore(t, t.TempDir())
	line := `{"neph":"123456789012","updated":"2024-08-23","holder":{"family_name":"Dupont","given_names":"Jean","birthdate":"1980-01-01","birthplace":"75056"},` +
		`"licence":{"obtained":"2000-01-01","probation":"none"},"events":[{"type":"offence","committed":"2024-02-03T10:00","definitive":"2024-03-01","points":0,"class":"c4","label":"vitesse < 5 km/h"}]}` + "\n"
	if _, err := importBytes(st, []byte(line)); err != nil {
		t.Fatal(err)
	}
	out := export(t, st)
	if !bytes.Contains(out, []byte(`"points":0`)) || !bytes.Contains(out, []byte(`"label":"vitesse < 5 km/h"`)) {
		t.Fatalf("export lost the 0 points or escaped the label: %s", out)
	}
	r, err := registry.DecodeLine(bytes.TrimSpace(out))
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	if e := r.Events[0]; e.Type != "offence" || e.Points != 0 {
		t.Fatalf("read back %+v", e)
	}
}
