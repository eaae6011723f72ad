package registry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/booking"
	"mespoints/server/kv/boltkv"
	"mespoints/server/registry"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// candidateWithExams is record i made a candidate without a licence whose
// registry file has every part of "exams" in use.
func candidateWithExams(i int) store.Record {
	r := storetest.Record(i)
	r.Licence, r.Events = nil, []store.Event{}
	d := points.NewDate(2025, 3, 12)
	r.Exams = &exams.File{
		Code: []exams.CodeSitting{
			{Date: d.AddDays(-40), Centre: "Dekra — Toulouse Purpan", Score: 31},
			{Date: d, Centre: "La Poste — Toulouse Saint-Cyprien", Score: 37},
		},
		Practical: []exams.PracticalSitting{
			{At: points.NewDateTime(d.AddDays(60), 10, 30), Centre: "Centre d'examen de Toulouse-Lardenne", Total: 18},
			{At: points.NewDateTime(d.AddDays(90), 8, 30), Centre: "Centre d'examen de Toulouse-Lardenne", Total: 23, Eliminatory: true},
		},
		Bookings: []exams.PastBooking{{Exam: d.AddDays(75), Outcome: exams.LateCancellation}},
	}
	return r
}

// The exams part of a record goes in and comes back out as it was, and a
// record holding one is left alone by the same extract imported again.
func TestTheExamFileRoundTrips(t *testing.T) {
	st := openStore(t, t.TempDir())
	in := []store.Record{candidateWithExams(1), storetest.Record(2)}
	in[1].Exams = &exams.File{School: "Auto-école du Capitole", Code: []exams.CodeSitting{{Date: points.NewDate(2004, 2, 3), Centre: "Préfecture", Score: 38}}}
	var b bytes.Buffer
	for _, r := range in {
		line, _ := json.Marshal(r)
		b.Write(append(line, '\n'))
	}
	if _, err := importBytes(st, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	out := export(t, st)
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		r, err := registry.DecodeLine([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		want := in[0]
		if r.NEPH == in[1].NEPH {
			want = in[1]
		}
		if !reflect.DeepEqual(r.Exams, want.Exams) {
			t.Errorf("%s: exams\n got %+v\nwant %+v", r.NEPH, r.Exams, want.Exams)
		}
	}
	if !bytes.Contains(out, []byte(`"exams":{"code":[{"date":"2025-01-31","centre":"Dekra — Toulouse Purpan","score":31}`)) {
		t.Errorf("the export does not write the exams part as docs/simulate.md says:\n%s", out)
	}
	if stats, err := importBytes(st, out); err != nil || stats.Unchanged != 2 {
		t.Fatalf("importing the export again: %+v, %v", stats, err)
	}
}

// A bad exams part rejects the whole extract, naming each bad line and
// field; nothing is imported.
func TestABadExamFileRejectsTheExtract(t *testing.T) {
	st := openStore(t, t.TempDir())
	good, _ := json.Marshal(candidateWithExams(1))
	line := func(i int, edit func(m map[string]any)) string {
		var m map[string]any
		b, _ := json.Marshal(candidateWithExams(i))
		json.Unmarshal(b, &m)
		edit(m["exams"].(map[string]any))
		out, _ := json.Marshal(m)
		return string(out)
	}
	sitting := func(m map[string]any, part string) map[string]any {
		return m[part].([]any)[0].(map[string]any)
	}
	lines := []string{
		string(good),
		line(2, func(m map[string]any) { sitting(m, "code")["score"] = 41 }),
		line(3, func(m map[string]any) { delete(sitting(m, "practical"), "total") }),
		line(4, func(m map[string]any) { sitting(m, "practical")["room"] = "B" }),
		line(5, func(m map[string]any) { sitting(m, "bookings")["outcome"] = "cancelled" }),
		line(6, func(m map[string]any) { delete(sitting(m, "code"), "score") }),
	}
	_, err := importBytes(st, []byte(strings.Join(lines, "\n")+"\n"))
	var ie *registry.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Import = %v, want an ImportError", err)
	}
	want := []struct {
		line  int
		field string
	}{{2, "exams.code[0].score"}, {3, "exams.practical[0].total"}, {4, "exams.practical[0].room"}, {5, "exams.bookings[0].outcome"}, {6, "exams.code[0].score"}}
	if len(ie.Lines) != len(want) {
		t.Fatalf("bad lines %v, want %d", ie.Lines, len(want))
	}
	for i, w := range want {
		var fe *store.FieldError
		if l := ie.Lines[i]; l.Line != w.line || !errors.As(l.Err, &fe) || fe.Field != w.field {
			t.Errorf("bad line %d: %v, want line %d field %s", i, l, w.line, w.field)
		}
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatalf("%d records imported from a rejected extract", n)
	}
}

// With no server running, `mespoints import` of a catalogue of exam
// centres and sessions writes it into the single server's shared state,
// DATA/shared.db, where the server books from.
func TestImportACatalogueWithoutServer(t *testing.T) {
	data := t.TempDir()
	day := points.DateOf(time.Now()).AddDays(10)
	file := filepath.Join(t.TempDir(), "centres.jsonl")
	os.WriteFile(file, []byte(`{"kind":"centre","id":"muret","name":"Centre d'examen de Muret","address":"5 avenue de la Gare, 31600 Muret","departement":"31"}`+"\n"+
		`{"kind":"session","centre":"muret","at":"`+day.String()+`T08:30","places":3}`+"\n"), 0o600)
	var out, errs bytes.Buffer
	if code := registry.RunImport([]string{"-data", data, file}, &out, &errs); code != 0 || !strings.Contains(out.String(), "1 centres, 1 sessions") {
		t.Fatalf("import: %d %s %s", code, out.String(), errs.String())
	}
	st, err := boltkv.Open(data, boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l, err := booking.New(st, nil).Sessions(context.Background(), "31", day, day)
	if err != nil || len(l.Sessions) != 1 || l.Sessions[0].Places != 3 {
		t.Fatalf("sessions: %+v %v", l.Sessions, err)
	}
}
