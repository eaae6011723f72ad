package points

import (
	"errors"
	"strings"
	"testing"
)

func TestWhatIf(t *testing.T) {
	tests := []struct {
		name            string
		law             string
		rec             Record
		at              string
		points          int
		class           Class
		withdrawn       int
		balance         int // after
		back12b, back12 string
		stepsLost       []string
		invalidated     bool
		summary         []string // substrings expected in the summary
	}{
		{
			name: "the full restoration moves", law: "L223-6 al. 2: 3 years from the last withdrawal (c4)",
			rec: rec(lic("2005-01-01", none, ""), off("2023-11-01", "2023-12-04", 3, C4)), at: "2025-09-15", points: 4, class: C4,
			withdrawn: 4, balance: 5, back12b: "2026-12-04", back12: "2028-09-15",
			summary: []string{"retirerait 4 points : le solde passerait de 9 à 5 points", "Le retour à 12 points passerait du 04/12/2026 au 15/09/2028"},
		},
		{
			name: "a probationary driver loses every step and must take a stage", law: "R223-1; L223-6 al. 4, R223-4 (48N); L223-6 al. 2",
			rec: rec(lic("2024-01-10", trad, "")), at: "2024-06-01", points: 3, class: C4,
			withdrawn: 3, balance: 3, back12b: "2027-01-10", back12: "2027-06-01",
			stepsLost: []string{"2025-01-10 +2 8 probation-step", "2026-01-10 +2 10 probation-step", "2027-01-10 +2 12 probation-end"},
			summary:   []string{"Étapes du permis probatoire perdues : +2 le 10/01/2025, +2 le 10/01/2026, +2 le 10/01/2027", "lettre 48N", "01/10/2024"},
		},
		{
			name: "the balance would fall to 0", law: "L223-1, L223-5",
			rec: rec(lic("2005-01-01", none, ""), off("2024-01-01", "2024-02-01", 6, Delit), off("2024-02-10", "2024-03-01", 4, C4)), at: "2024-04-01", points: 3, class: C4,
			withdrawn: 2, balance: 0, back12b: "2027-03-01", invalidated: true,
			summary: []string{"retirerait 2 points", "Le solde tomberait à 0"},
		},
		{
			name: "one point comes back after 6 months", law: "L223-6 al. 3",
			rec: rec(lic("2005-01-01", none, "")), at: "2024-05-05", points: 1, class: C3,
			withdrawn: 1, balance: 11, back12b: "2024-05-05", back12: "2024-11-05",
			summary: []string{"Ce point reviendrait le 05/11/2024", "Vous avez 12 points aujourd'hui ; vous ne les retrouveriez que le 05/11/2024"},
		},
		{
			name: "an offence inside a 6-month window loses that point", law: "L223-6 al. 3",
			rec: rec(lic("2005-01-01", none, ""), off("2024-02-01", "2024-03-01", 1, C3)), at: "2024-05-01", points: 2, class: C4,
			withdrawn: 2, balance: 9, back12b: "2024-09-01", back12: "2027-05-01",
			summary: []string{"Le point qui devait revenir le 01/09/2024 ne reviendrait pas"},
		},
		{
			name: "the training is lost, probation is 3 years again", law: "R223-4-1; R223-1; L223-6 al. 1 and 3",
			rec: rec(lic("2023-01-10", trad, "2023-09-01")), at: "2024-03-01", points: 1, class: C3,
			withdrawn: 1, balance: 7, back12b: "2025-01-10", back12: "2026-03-01",
			stepsLost: []string{"2025-01-10 +4 12 probation-end"},
			summary:   []string{"elle finirait le 10/01/2026 au lieu du 10/01/2025"},
		},
		{
			name: "a 0-point offence costs nothing", law: "docs/points-rules.md, Withdrawals",
			rec: rec(lic("2005-01-01", none, "")), at: "2024-05-05", points: 0, class: C3,
			withdrawn: 0, balance: 12, back12b: "2024-05-05", back12: "2024-05-05",
			summary: []string{"ne retire rien"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("law: %s", tt.law)
			w, err := WhatIf(tt.rec, day(tt.at), tt.points, tt.class)
			if err != nil {
				t.Fatal(err)
			}
			if w.Withdrawn != tt.withdrawn || w.After.Balance != tt.balance || w.Invalidated != tt.invalidated {
				t.Errorf("withdrawn %d balance %d invalidated %v, want %d %d %v", w.Withdrawn, w.After.Balance, w.Invalidated, tt.withdrawn, tt.balance, tt.invalidated)
			}
			if datep(w.Back12Before) != tt.back12b || datep(w.Back12After) != tt.back12 {
				t.Errorf("back to 12 %q → %q, want %q → %q", datep(w.Back12Before), datep(w.Back12After), tt.back12b, tt.back12)
			}
			if got := lines(w.StepsLost); !equalLines(got, tt.stepsLost) {
				t.Errorf("steps lost %q, want %q", got, tt.stepsLost)
			}
			all := strings.Join(w.Summary, "\n")
			for _, s := range tt.summary {
				if !strings.Contains(all, s) {
					t.Errorf("summary lacks %q:\n%s", s, all)
				}
			}
			// Pure: the record is unchanged, and Before is Compute of it.
			before := mustCompute(t, tt.rec, tt.at)
			if d := diff(before, w.Before, -2); d != "" {
				t.Errorf("Before is not Compute of the record: %s", d)
			}
		})
	}
}

func TestWhatIfNeverSimultaneous(t *testing.T) {
	// A recorded offence committed at noon on the day asked: the
	// hypothetical one is a minute later, successive (L223-2 III does not
	// cap them together).
	r := rec(lic("2005-01-01", none, ""), off("2024-05-05T12:00", "2024-05-05", 6, Delit))
	w, err := WhatIf(r, day("2024-05-05"), 4, C4)
	if err != nil {
		t.Fatal(err)
	}
	if w.Offence.Committed == r.Events[0].Committed || w.Withdrawn != 4 || w.After.Balance != 2 {
		t.Errorf("committed %s, withdrawn %d, balance %d; want a free minute, 4, 2", w.Offence.Committed, w.Withdrawn, w.After.Balance)
	}
}

func TestWhatIfErrors(t *testing.T) {
	r := rec(lic("2005-01-01", none, ""))
	for _, tt := range []struct {
		points int
		class  Class
		want   string
	}{
		{7, C4, "points: 7 is outside 0–6"},
		{-1, C4, "points: -1 is outside 0–6"},
		{3, "c9", `class: "c9" is not one of c1, c2, c3, c4, c5, delit`},
	} {
		_, err := WhatIf(r, day("2024-01-01"), tt.points, tt.class)
		var fe *FieldError
		if !errors.As(err, &fe) || err.Error() != tt.want {
			t.Errorf("WhatIf(%d, %s): %v, want %s", tt.points, tt.class, err, tt.want)
		}
	}
	if _, err := WhatIf(r, day("2004-01-01"), 3, C4); err == nil || !strings.HasPrefix(err.Error(), "at: ") {
		t.Errorf("before the licence: %v", err)
	}
}

func TestBareme(t *testing.T) {
	b := Bareme()
	if len(b) < 20 {
		t.Errorf("%d entries", len(b))
	}
	seen := map[string]bool{}
	for _, o := range b {
		if o.Label == "" || seen[o.Label] || !o.Class.valid() || o.Points < 0 || o.Points > 6 {
			t.Errorf("bad entry %+v", o)
		}
		seen[o.Label] = true
	}
	b[0].Points = 99
	if Bareme()[0].Points == 99 {
		t.Error("Bareme shares its slice with callers")
	}
	// Rows of docs/points-rules.md, Points of common offences.
	for _, want := range []BaremeEntry{
		{"Téléphone tenu en main", C4, 3},
		{"Changement de direction sans clignotant", C2, 3},
		{"Chevauchement d'une ligne continue", C4, 1},
		{"Refus de priorité à un piéton", C4, 6},
		{"Excès de vitesse de 40 à moins de 50 km/h", C4, 4},
	} {
		found := false
		for _, o := range b {
			found = found || o == want
		}
		if !found {
			t.Errorf("no %+v", want)
		}
	}
}
