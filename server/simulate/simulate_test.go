package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mespoints/points"
)

// contractInput is the input of docs/simulate.md.
const contractInput = `{
  "licence": {"obtained": "2022-09-15", "probation": "traditional", "training": "2023-04-01"},
  "events": [
    {"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 3, "class": "c4", "label": "téléphone tenu en main"},
    {"type": "stage", "first_day": "2024-06-13", "last_day": "2024-06-14"},
    {"type": "invalidation", "notified": "2024-07-25"}
  ],
  "at": "2024-08-23"
}`

// TestRunContractInput runs the contract's input. Worked out by hand:
// the training of 01/04/2023 is lost by the offence committed on 03/02/2024,
// before the shortened end (R223-4-1): 3 years of probation, to 15/09/2025.
// +2 on 15/09/2023 (8/8); −3 on 01/03/2024 (5/8, letter 48N); the stage of
// 13–14/06/2024 credits +3 on 15/06/2024, capped at 8 (R223-8); the 48SI of
// 25/07/2024 finds 8 points and has no effect. Later steps are refused; the
// ceiling becomes 12 on 15/09/2025 and the balance 12 on 01/03/2027, 3
// years (c4) after the withdrawal (L223-6). A stage is credited again from
// 15/06/2025 (R223-8) but brings nothing until the ceiling rises: the first
// one to count starts on 13/09/2025 and is credited on 15/09/2025.
func TestRunContractInput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run(strings.NewReader(contractInput), &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	want := `{
  "at": "2024-08-23",
  "balance": 8,
  "ceiling": 8,
  "status": "probation",
  "probation_end": "2025-09-15",
  "stage": {"eligible": false, "points": 0, "from": "2025-09-13"},
  "history": [
    {"date": "2023-09-15", "change": 2, "balance": 8, "rule": "probation-step", "label": "étape du permis probatoire"},
    {"date": "2024-03-01", "change": -3, "balance": 5, "rule": "offence", "label": "téléphone tenu en main"},
    {"date": "2024-06-15", "change": 3, "balance": 8, "rule": "stage", "label": "stage de récupération de points"}
  ],
  "forecast": [
    {"date": "2027-03-01", "change": 4, "balance": 12, "rule": "restore-full"}
  ]
}`
	var got, exp any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("output\n%s\nwant\n%s", stdout.String(), want)
	}
	if !strings.Contains(stdout.String(), "téléphone tenu en main") {
		t.Error("the label is not written as it is (HTML escaping?)")
	}
}

// TestRunOutputShape checks the fields of the output, and that null and
// empty lists are written as the contract shows them.
func TestRunOutputShape(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := `{"licence": {"obtained": "2010-05-01", "probation": "none"}, "events": [], "at": "2024-01-01"}`
	if code := Run(strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]json.RawMessage) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		return k
	}
	wantKeys := []string{"at", "balance", "ceiling", "status", "probation_end", "stage", "history", "forecast"}
	if len(out) != len(wantKeys) {
		t.Errorf("keys %v, want %v", keys(out), wantKeys)
	}
	for _, k := range wantKeys {
		if _, ok := out[k]; !ok {
			t.Errorf("no %q", k)
		}
	}
	for k, want := range map[string]string{"probation_end": "null", "history": "[]", "forecast": "[]", "stage": `{"eligible":false,"points":0,"from":null}`} {
		var b bytes.Buffer
		json.Compact(&b, out[k])
		if b.String() != want {
			t.Errorf("%s = %s, want %s", k, b.String(), want)
		}
	}
	// An entry of the history has exactly date, change, balance, rule and
	// label; of the forecast, date, change, balance and rule.
	stdout.Reset()
	in = `{"licence": {"obtained": "2010-05-01", "probation": "none"}, "events": [{"type": "offence", "committed": "2023-01-01T10:00", "definitive": "2023-02-01", "points": 1, "class": "c3", "label": "l"}], "at": "2023-03-01"}`
	if code := Run(strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var entries struct{ History, Forecast []map[string]json.RawMessage }
	if err := json.Unmarshal(stdout.Bytes(), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries.History) != 1 || len(entries.History[0]) != 5 || entries.History[0]["label"] == nil {
		t.Errorf("history %v", entries.History)
	}
	if len(entries.Forecast) != 1 || len(entries.Forecast[0]) != 4 || entries.Forecast[0]["rule"] == nil {
		t.Errorf("forecast %v", entries.Forecast)
	}
}

// errorCases are inputs the contract rejects, with the one line of standard
// error that names the field.
var errorCases = []struct {
	name, in, want string
}{
	{"not JSON", `licence`, "input: not JSON: "},
	{"empty input", ``, "input: not JSON: unexpected end of JSON input (at byte 0)"},
	{"trailing data", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "at": "2024-01-01"} x`, "input: not JSON: invalid character 'x' after top-level value (at byte 82)"},
	{"not an object", `[]`, "input: [] is not an object"},
	{"no licence", `{"events": [], "at": "2024-01-01"}`, "licence: missing"},
	{"no at", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": []}`, "at: missing"},
	{"unknown field", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [], "at": "2024-01-01", "holder": "x"}`, "holder: unknown field (the input has licence, events and at)"},
	{"unknown licence field", `{"licence": {"obtained": "2022-09-15", "probation": "none", "number": "12AB"}, "events": [], "at": "2024-01-01"}`, "licence.number: unknown field (a licence has obtained, probation and training)"},
	{"unknown probation", `{"licence": {"obtained": "2022-09-15", "probation": "supervised"}, "events": [], "at": "2024-01-01"}`, `licence.probation: "supervised" is not one of traditional, aac, none`},
	{"impossible date", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [
		{"type": "stage", "first_day": "2023-01-09", "last_day": "2023-01-10"},
		{"type": "stage", "first_day": "2024-01-09", "last_day": "2024-01-10"},
		{"type": "offence", "committed": "2023-02-01T10:00", "definitive": "2023-02-29", "points": 3, "class": "c4", "label": "x"}], "at": "2024-01-01"}`,
		"events[2].definitive: 2023-02-29 is not a date"},
	{"date not a string", `{"licence": {"obtained": 20220915, "probation": "none"}, "events": [], "at": "2024-01-01"}`, "licence.obtained: 20220915 is not a date (YYYY-MM-DD)"},
	{"at not a date", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [], "at": "23/08/2024"}`, "at: 23/08/2024 is not a date"},
	{"definitive before committed", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-01-31", "points": 3, "class": "c4", "label": "x"}], "at": "2024-03-01"}`, "events[0].definitive: 2024-01-31 is before committed (2024-02-03T10:00)"},
	{"points above 6", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 7, "class": "c4"}], "at": "2024-03-01"}`, "events[0].points: 7 is outside 0–6"},
	{"points below 0", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": -1, "class": "c4"}], "at": "2024-03-01"}`, "events[0].points: -1 is outside 0–6"},
	{"points as a string", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": "3", "class": "c4"}], "at": "2024-03-01"}`, `events[0].points: "3" is not a whole number of points (0 to 6)`},
	{"points not whole", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 2.5, "class": "c4"}], "at": "2024-03-01"}`, "events[0].points: 2.5 is not a whole number of points (0 to 6)"},
	{"unknown class", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 3, "class": "c6"}], "at": "2024-03-01"}`, `events[0].class: "c6" is not one of c1, c2, c3, c4, c5, delit`},
	{"unknown type", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "suspension"}], "at": "2024-03-01"}`, `events[0].type: "suspension" is not one of offence, stage, invalidation`},
	{"no type", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"notified": "2024-01-01"}], "at": "2024-03-01"}`, "events[0].type: missing (offence, stage or invalidation)"},
	{"stage of three days", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 3, "class": "c4"}, {"type": "stage", "first_day": "2024-06-13", "last_day": "2024-06-15"}], "at": "2024-08-01"}`, "events[1].last_day: 2024-06-15 is not the day after first_day (2024-06-13): a stage lasts two consecutive days"},
	{"a field of another type", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "stage", "first_day": "2024-06-13", "last_day": "2024-06-14", "points": 4}], "at": "2024-08-01"}`, "events[0].points: not a field of an event of type stage (only of offence)"},
	{"unknown event field", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 3, "class": "c4", "natinf": "123"}], "at": "2024-08-01"}`, "events[0].natinf: unknown field (an event of type offence has type, committed, definitive, points, class, label)"},
	{"field written twice", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03T10:00", "definitive": "2024-03-01", "points": 3, "points": 4, "class": "c4"}], "at": "2024-08-01"}`, "events[0].points: written twice"},
	{"committed without its time", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "committed": "2024-02-03 10:00", "definitive": "2024-03-01", "points": 3, "class": "c4"}], "at": "2024-08-01"}`, `events[0].committed: "2024-02-03 10:00" is not a date and time (YYYY-MM-DDTHH:MM)`},
	{"committed missing", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "offence", "definitive": "2024-03-01", "points": 3, "class": "c4"}], "at": "2024-08-01"}`, "events[0].committed: missing"},
	{"notified missing", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [{"type": "invalidation"}], "at": "2024-08-01"}`, "events[0].notified: missing"},
	{"events not a list", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": {}, "at": "2024-08-01"}`, "events: {} is not a list of events"},
	{"event not an object", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [3], "at": "2024-08-01"}`, "events[0]: 3 is not an object"},
	{"at before the licence", `{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": [], "at": "2020-01-01"}`, "at: 2020-01-01 is before the licence was obtained (2022-09-15)"},
	{"training outside probation", `{"licence": {"obtained": "2022-09-15", "probation": "none", "training": "2023-04-01"}, "events": [], "at": "2024-01-01"}`, `licence.training: a licence outside probation (probation "none") has no post-licence training`},
	{"a key with a newline", "{\"a\\nb\": 1}", `"a\nb": unknown field (the input has licence, events and at)`},
}

func TestRunErrors(t *testing.T) {
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(strings.NewReader(tt.in), &stdout, &stderr)
			if code != 2 || stdout.Len() != 0 {
				t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, stdout.String())
			}
			line := stderr.String()
			if strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, "\n") {
				t.Errorf("stderr is not one line: %q", line)
			}
			if !strings.HasPrefix(line, tt.want) || (!strings.HasSuffix(tt.want, ": ") && line != tt.want+"\n") {
				t.Errorf("stderr %q, want %q", line, tt.want)
			}
		})
	}
}

func TestRunAcceptsOptionalFields(t *testing.T) {
	for _, in := range []string{
		`{"licence": {"obtained": "2022-09-15", "probation": "none"}, "at": "2024-01-01"}`,
		`{"licence": {"obtained": "2022-09-15", "probation": "none"}, "events": null, "at": "2024-01-01"}`,
		`{"licence": {"obtained": "2022-09-15", "probation": "aac", "training": null}, "events": [], "at": "2024-01-01"}`,
		`{"at": "2024-01-01", "events": [{"label": "sans ordre", "class": "c3", "points": 0, "definitive": "2023-01-02", "committed": "2023-01-01T00:00", "type": "offence"}], "licence": {"probation": "none", "obtained": "2022-09-15"}}`,
	} {
		var stdout, stderr bytes.Buffer
		if code := Run(strings.NewReader(in), &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d, %s", in, code, stderr.String())
		}
	}
}

// TestCommand runs the command as a process: the test binary itself, told
// by an environment variable to be mespoints simulate (nothing to build).
func TestCommand(t *testing.T) {
	for _, tt := range []struct {
		in     string
		code   int
		stdout string // a substring
		stderr string
	}{
		{contractInput, 0, `"balance": 8`, ""},
		{errorCases[9].in, 2, "", errorCases[9].want + "\n"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "MESPOINTS_SIMULATE_MAIN=1")
		cmd.Stdin = strings.NewReader(tt.in)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || stderr.String() != tt.stderr || (tt.code != 0 && stdout.Len() != 0) {
			t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
		}
	}
}

func TestMain(m *testing.M) {
	if os.Getenv("MESPOINTS_SIMULATE_MAIN") == "1" {
		os.Exit(Run(os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// FuzzSimulate feeds the command any input: it never panics; it answers
// with exit 0, JSON on stdout and nothing on stderr, or with exit 2, nothing
// on stdout and one line on stderr that names a field.
func FuzzSimulate(f *testing.F) {
	f.Add([]byte(contractInput))
	for _, c := range errorCases {
		f.Add([]byte(c.in))
	}
	if files, _ := filepath.Glob(filepath.Join(examplesDir, "*.json")); len(files) > 0 {
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			var ex struct{ Input json.RawMessage }
			if json.Unmarshal(data, &ex) == nil {
				f.Add([]byte(ex.Input))
			}
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var stdout, stderr bytes.Buffer
		code := Run(bytes.NewReader(in), &stdout, &stderr)
		switch code {
		case 0:
			var out Output
			if stderr.Len() != 0 || json.Unmarshal(stdout.Bytes(), &out) != nil {
				t.Fatalf("exit 0 with stderr %q, stdout %q", stderr.String(), stdout.String())
			}
			if out.Balance < 0 || out.Balance > out.Ceiling {
				t.Fatalf("balance %d ceiling %d", out.Balance, out.Ceiling)
			}
		case 2:
			_, err := Simulate(in)
			var fe *points.FieldError
			if stdout.Len() != 0 || !errors.As(err, &fe) || fe.Field == "" || strings.ContainsAny(fe.Field, "\n\r") {
				t.Fatalf("rejection %v (stdout %q) does not name a field", err, stdout.String())
			}
			if line := stderr.String(); line != err.Error()+"\n" || strings.Count(line, "\n") != 1 {
				t.Fatalf("stderr %q is not the one line %q", line, err.Error())
			}
		default:
			t.Fatalf("exit %d", code)
		}
	})
}
