package points

import (
	"strings"
	"testing"
)

// scenario is one case of the law, with the answer worked out by hand from
// docs/points-rules.md and the article or decision it cites, never from the
// engine's output.
type scenario struct {
	name    string
	law     string // the article or decision the case comes from
	rec     Record
	at      string
	balance int
	ceiling int
	status  Status
	probEnd string // "" for none
	// stage eligibility on day at
	eligible bool
	points   int
	from     string // "" for none
	history  []string
	forecast []string
	check    func(t *testing.T, r Result) // further checks, or nil
}

var (
	none = NoProbation
	trad = Traditional
	aac  = AAC
)

var scenarios = []scenario{
	// --- Capital and probation (L223-1, R223-1) ---
	{
		name: "licence outside probation, no event", law: "docs/points-rules.md: probation none holds 12 points from the day obtained",
		rec: rec(lic("2010-01-01", none, "")), at: "2024-06-01",
		balance: 12, ceiling: 12, status: StatusValid,
	},
	{
		name: "traditional probation, day before the first anniversary", law: "R223-1: +2 at 1, 2 and 3 years",
		rec: rec(lic("2022-09-15", trad, "")), at: "2023-09-14",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2025-09-15",
		forecast: []string{"2023-09-15 +2 8 probation-step", "2024-09-15 +2 10 probation-step", "2025-09-15 +2 12 probation-end"},
	},
	{
		name: "traditional probation, on the first anniversary", law: "R223-1; a step takes effect on the anniversary",
		rec: rec(lic("2022-09-15", trad, "")), at: "2023-09-15",
		balance: 8, ceiling: 8, status: StatusProbation, probEnd: "2025-09-15",
		history:  []string{"2023-09-15 +2 8 probation-step"},
		forecast: []string{"2024-09-15 +2 10 probation-step", "2025-09-15 +2 12 probation-end"},
	},
	{
		name: "traditional probation over on its last day", law: "L223-1: the end of probation is the last step, the ceiling becomes 12",
		rec: rec(lic("2022-09-15", trad, "")), at: "2025-09-15",
		balance: 12, ceiling: 12, status: StatusValid, probEnd: "2025-09-15",
		history: []string{"2023-09-15 +2 8 probation-step", "2024-09-15 +2 10 probation-step", "2025-09-15 +2 12 probation-end"},
	},
	{
		name: "AAC: 2 years, +3 and +3", law: "R223-1, AAC track",
		rec: rec(lic("2022-03-10", aac, "")), at: "2022-06-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2024-03-10",
		forecast: []string{"2023-03-10 +3 9 probation-step", "2024-03-10 +3 12 probation-end"},
	},
	{
		name: "traditional + training on the first day of the 6th-12th month window", law: "R223-4-1: 2 years, +2 then +4; 31/01 + 6 months = 31/07",
		rec: rec(lic("2022-01-31", trad, "2022-07-31")), at: "2022-08-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2024-01-31",
		forecast: []string{"2023-01-31 +2 8 probation-step", "2024-01-31 +4 12 probation-end"},
		check:    trainingIs(TrainingCounted),
	},
	{
		name: "AAC + training on the last day of the window, 18 months end on a clamped month end", law: "R223-4-1: 18 months, +3 then +3; 31/08/2021 + 18 months = 28/02/2023",
		rec: rec(lic("2021-08-31", aac, "2022-08-31")), at: "2022-09-01",
		balance: 9, ceiling: 9, status: StatusProbation, probEnd: "2023-02-28",
		history:  []string{"2022-08-31 +3 9 probation-step"},
		forecast: []string{"2023-02-28 +3 12 probation-end"},
		check:    trainingIs(TrainingCounted),
	},
	{
		name: "training one day before the 6th month does not count", law: "R223-4-1: between the 6th and the 12th month",
		rec: rec(lic("2022-01-31", trad, "2022-07-30")), at: "2022-08-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2025-01-31",
		forecast: []string{"2023-01-31 +2 8 probation-step", "2024-01-31 +2 10 probation-step", "2025-01-31 +2 12 probation-end"},
		check:    trainingIs(TrainingOutside),
	},
	{
		name: "AAC training one day after the 12th month does not count", law: "R223-4-1: between the 6th and the 12th month",
		rec: rec(lic("2022-01-15", aac, "2023-01-16")), at: "2023-02-01",
		balance: 9, ceiling: 9, status: StatusProbation, probEnd: "2024-01-15",
		history:  []string{"2023-01-15 +3 9 probation-step"},
		forecast: []string{"2024-01-15 +3 12 probation-end"},
		check:    trainingIs(TrainingOutside),
	},
	{
		name: "training lost by an offence committed before the shortened end, definitive after it", law: "R223-4-1: the normal length applies again; R223-1 steps; L223-6 al. 3",
		// Shortened end 10/01/2024. The offence of 20/12/2023 becomes
		// definitive on 01/02/2024: it does not block the step of
		// 10/01/2024 (definitive after it), now an ordinary +2 step, and
		// blocks the end of the 3-year probation on 10/01/2025. Its point
		// comes back after 6 months; the full restoration (c3: 2 years)
		// falls on 01/02/2026, after probation.
		rec: rec(lic("2022-01-10", trad, "2022-09-01"), off("2023-12-20", "2024-02-01", 1, C3)), at: "2024-03-01",
		balance: 9, ceiling: 10, status: StatusProbation, probEnd: "2025-01-10",
		eligible: true, points: 1, from: "2024-03-01",
		history:  []string{"2023-01-10 +2 8 probation-step", "2024-01-10 +2 10 probation-step", "2024-02-01 -1 9 offence"},
		forecast: []string{"2024-08-01 +1 10 restore-6m", "2026-02-01 +2 12 restore-full"},
		check:    trainingIs(TrainingLost),
	},
	{
		name: "the same record before the offence is definitive: training counted", law: "docs/points-rules.md, Dates and delays: only events effective on or before the day asked",
		rec: rec(lic("2022-01-10", trad, "2022-09-01"), off("2023-12-20", "2024-02-01", 1, C3)), at: "2024-01-15",
		balance: 12, ceiling: 12, status: StatusValid, probEnd: "2024-01-10",
		history: []string{"2023-01-10 +2 8 probation-step", "2024-01-10 +4 12 probation-end"},
		check:   trainingIs(TrainingCounted),
	},
	{
		name: "a refused step refuses every later step; the 3-year restoration falls after probation", law: "R223-1; L223-6 al. 1–2 (c4: 3 years)",
		rec: rec(lic("2020-05-01", trad, ""), off("2020-09-10", "2020-10-15", 2, C4)), at: "2023-06-01",
		balance: 4, ceiling: 12, status: StatusValid, probEnd: "2023-05-01",
		eligible: true, points: 4, from: "2023-06-01",
		history:  []string{"2020-10-15 -2 4 offence"},
		forecast: []string{"2023-10-15 +8 12 restore-full"},
		check: func(t *testing.T, r Result) {
			if n := countNotes(r, "non accordée"); n != 2 {
				t.Errorf("%d notes of refused steps, want 2 (2021 and 2022); notes %v", n, r.Notes)
			}
			if countNotes(r, "Fin de la période probatoire le 01/05/2023") != 1 {
				t.Errorf("no note of the refused end: %v", r.Notes)
			}
		},
	},
	{
		name: "step refused by an offence definitive on the anniversary", law: "R223-1: committed before the anniversary and definitive on or before it",
		rec: rec(lic("2021-06-01", trad, ""), off("2022-05-20", "2022-06-01", 2, C4)), at: "2022-06-01",
		balance: 4, ceiling: 6, status: StatusProbation, probEnd: "2024-06-01",
		eligible: true, points: 2, from: "2022-06-01",
		history:  []string{"2022-06-01 -2 4 offence"},
		forecast: []string{"2025-06-01 +8 12 restore-full"},
	},
	{
		name: "step granted when the offence becomes definitive the day after", law: "R223-1: definitive on or before the anniversary",
		rec: rec(lic("2021-06-01", trad, ""), off("2022-05-20", "2022-06-02", 2, C4)), at: "2022-06-02",
		balance: 6, ceiling: 8, status: StatusProbation, probEnd: "2024-06-01",
		eligible: true, points: 2, from: "2022-06-02",
		history:  []string{"2022-06-01 +2 8 probation-step", "2022-06-02 -2 6 offence"},
		forecast: []string{"2025-06-02 +6 12 restore-full"},
	},
	{
		name: "an offence committed on the anniversary itself does not block that step", law: "R223-1: committed before the anniversary; the step applies first that day",
		rec: rec(lic("2021-06-01", trad, ""), off("2022-06-01T10:00", "2022-06-01", 2, C4)), at: "2022-06-01",
		balance: 6, ceiling: 8, status: StatusProbation, probEnd: "2024-06-01",
		eligible: true, points: 2, from: "2022-06-01",
		history:  []string{"2022-06-01 +2 8 probation-step", "2022-06-01 -2 6 offence"},
		forecast: []string{"2025-06-01 +6 12 restore-full"},
	},
	{
		name: "AAC: end refused, balance stays, 12 points by the 3-year rule", law: "L223-1, R223-1; L223-6 al. 1–2; 48N R223-4",
		rec: rec(lic("2020-06-15", aac, ""), off("2021-08-01", "2021-09-01", 3, C4)), at: "2022-07-01",
		balance: 6, ceiling: 12, status: StatusValid, probEnd: "2022-06-15",
		eligible: true, points: 4, from: "2022-07-01",
		history:  []string{"2021-06-15 +3 9 probation-step", "2021-09-01 -3 6 offence"},
		forecast: []string{"2024-09-01 +6 12 restore-full"},
		check:    mandatoryIs("2021-09-01", "2022-01-01", false),
	},
	{
		name: "full restoration due during probation deferred to its end", law: "L223-1 last paragraph; L223-6 al. 1 (c3: 2 years); al. 3",
		// 01/03/2020 −1 (5/6); 01/09/2020 +1 (6/6); 2 years fall on
		// 01/03/2022 during probation: deferred to 01/01/2023, window clear.
		rec: rec(lic("2020-01-01", trad, ""), off("2020-02-01", "2020-03-01", 1, C3)), at: "2022-06-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2023-01-01",
		history:  []string{"2020-03-01 -1 5 offence", "2020-09-01 +1 6 restore-6m"},
		forecast: []string{"2023-01-01 +6 12 restore-full"},
	},
	{
		name: "deferred restoration cancelled by a withdrawal before the end", law: "L223-1 last paragraph: if the window is still clear; L223-6 (c4: 3 years)",
		rec: rec(lic("2020-01-01", trad, ""), off("2020-02-01", "2020-03-01", 1, C3), off("2022-10-01", "2022-11-15", 2, C4)), at: "2022-12-01",
		balance: 4, ceiling: 6, status: StatusProbation, probEnd: "2023-01-01",
		eligible: true, points: 2, from: "2022-12-01",
		history:  []string{"2020-03-01 -1 5 offence", "2020-09-01 +1 6 restore-6m", "2022-11-15 -2 4 offence"},
		forecast: []string{"2025-11-15 +8 12 restore-full"},
	},
	{
		name: "deferred restoration cancelled by an offence committed before the end, definitive after", law: "L223-1 last paragraph: the window is not clear at the end",
		rec: rec(lic("2020-01-01", trad, ""), off("2020-02-01", "2020-03-01", 1, C3), off("2022-12-15", "2023-02-01", 2, C4)), at: "2023-03-01",
		balance: 4, ceiling: 12, status: StatusValid, probEnd: "2023-01-01",
		eligible: true, points: 4, from: "2023-03-01",
		history:  []string{"2020-03-01 -1 5 offence", "2020-09-01 +1 6 restore-6m", "2023-02-01 -2 4 offence"},
		forecast: []string{"2026-02-01 +8 12 restore-full"},
	},
	{
		name: "full restoration due on the day probation ends applies that day", law: "L223-1, L223-6 al. 1 (c2: 2 years); 48N",
		rec: rec(lic("2020-01-01", trad, ""), off("2020-12-01", "2021-01-01", 3, C2)), at: "2022-06-01",
		balance: 3, ceiling: 6, status: StatusProbation, probEnd: "2023-01-01",
		eligible: true, points: 3, from: "2022-06-01",
		history:  []string{"2021-01-01 -3 3 offence"},
		forecast: []string{"2023-01-01 +9 12 restore-full"},
		check:    mandatoryIs("2021-01-01", "2021-05-01", false),
	},
	{
		name: "6-month restitution capped at the probation ceiling; stage possible once the ceiling rises", law: "L223-6 al. 3, capped at the ceiling; R223-1",
		rec: rec(lic("2022-01-01", trad, ""), off("2022-03-01", "2022-04-01", 1, C4)), at: "2022-11-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2025-01-01",
		from:     "2024-12-30",
		history:  []string{"2022-04-01 -1 5 offence", "2022-10-01 +1 6 restore-6m"},
		forecast: []string{"2025-04-01 +6 12 restore-full"},
	},
	{
		name: "stage on probation capped at the probation ceiling, and the 48N done", law: "L223-6 al. 4, R223-4, R223-8",
		rec: rec(lic("2022-01-01", trad, ""), off("2022-02-01", "2022-03-01", 3, C4), stg("2022-04-04")), at: "2022-05-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2025-01-01",
		from:     "2024-12-30",
		history:  []string{"2022-03-01 -3 3 offence", "2022-04-06 +3 6 stage"},
		forecast: []string{"2025-03-01 +6 12 restore-full"},
		check:    mandatoryIs("2022-03-01", "2022-07-01", true),
	},

	// --- Withdrawals (L223-2) ---
	{
		name: "simultaneous offences capped at 8 points", law: "L223-2 III: same interception, at most 8 points",
		rec: rec(lic("2000-01-01", none, ""),
			off("2023-05-10T14:30", "2023-06-01", 3, C4), off("2023-05-10T14:30", "2023-06-01", 6, Delit), off("2023-05-10T14:30", "2023-06-01", 4, C4)),
		at: "2023-07-01", balance: 4, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2023-07-01",
		history:  []string{"2023-06-01 -6 6 offence", "2023-06-01 -2 4 offence", "2023-06-01 +0 4 offence"},
		forecast: []string{"2026-06-01 +8 12 restore-full"},
	},
	{
		name: "offences minutes apart are successive: 13 points, the licence is lost", law: "CE 20/06/2023 n°460902; L223-1 zero balance",
		rec: rec(lic("2000-01-01", none, ""),
			off("2023-05-10T14:30", "2023-06-01", 6, Delit), off("2023-05-10T14:35", "2023-06-01", 4, C4), off("2023-05-10T14:40", "2023-06-01", 3, C4)),
		at: "2023-07-01", balance: 0, ceiling: 12, status: StatusInvalid,
		history: []string{"2023-06-01 -6 6 offence", "2023-06-01 -4 2 offence", "2023-06-01 -2 0 offence"},
		check:   invalidSince("2023-06-01"),
	},
	{
		name: "simultaneous offences definitive on different days: the later one is reduced", law: "L223-2 III, probation included",
		// Steps of 2022 and 2023 granted: 10/10. 4 + 4 + 2 at one
		// interception: 4, 4, then 0.
		rec: rec(lic("2021-01-01", trad, ""),
			off("2023-02-01T08:00", "2023-03-01", 4, C4), off("2023-02-01T08:00", "2023-03-10", 2, C4), off("2023-02-01T08:00", "2023-03-01", 4, C4)),
		at: "2023-03-15", balance: 2, ceiling: 10, status: StatusProbation, probEnd: "2024-01-01",
		eligible: true, points: 4, from: "2023-03-15",
		history:  []string{"2022-01-01 +2 8 probation-step", "2023-01-01 +2 10 probation-step", "2023-03-01 -4 6 offence", "2023-03-01 -4 2 offence", "2023-03-10 +0 2 offence"},
		forecast: []string{"2026-03-10 +10 12 restore-full"},
	},
	{
		name: "the same events given in another order", law: "docs/simulate.md: events may come in any order",
		rec: rec(lic("2000-01-01", none, ""),
			off("2023-05-10T14:30", "2023-06-01", 4, C4), off("2023-05-10T14:30", "2023-06-01", 6, Delit), off("2023-05-10T14:30", "2023-06-01", 3, C4)),
		at: "2023-07-01", balance: 4, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2023-07-01",
		history:  []string{"2023-06-01 -6 6 offence", "2023-06-01 -2 4 offence", "2023-06-01 +0 4 offence"},
		forecast: []string{"2026-06-01 +8 12 restore-full"},
	},
	{
		name: "a 0-point offence inside a 6-month window interrupts nothing", law: "docs/points-rules.md: speeding < 5 km/h since 1/1/2024, no effect on anything",
		rec: rec(lic("2000-01-01", none, ""), off("2024-03-01", "2024-04-01", 1, C4), off("2024-05-01", "2024-05-20", 0, C3)), at: "2024-06-01",
		balance: 11, ceiling: 12, status: StatusValid,
		eligible: true, points: 1, from: "2024-06-01",
		history:  []string{"2024-04-01 -1 11 offence", "2024-05-20 +0 11 offence"},
		forecast: []string{"2024-10-01 +1 12 restore-6m"},
	},
	{
		name: "a 0-point offence does not block a probation step", law: "docs/points-rules.md, Withdrawals; R223-1",
		rec: rec(lic("2023-01-01", trad, ""), off("2023-06-01", "2023-07-01", 0, C4)), at: "2024-01-01",
		balance: 8, ceiling: 8, status: StatusProbation, probEnd: "2026-01-01",
		history:  []string{"2023-07-01 +0 6 offence", "2024-01-01 +2 8 probation-step"},
		forecast: []string{"2025-01-01 +2 10 probation-step", "2026-01-01 +2 12 probation-end"},
	},
	{
		name: "an offence not yet definitive on the day asked is ignored", law: "docs/points-rules.md, Dates and delays; L223-1 (réalité de l'infraction établie)",
		rec: rec(lic("2000-01-01", none, ""), off("2024-05-01", "2024-07-01", 3, C4), stg("2024-06-14")), at: "2024-06-15",
		balance: 12, ceiling: 12, status: StatusValid,
	},

	// --- 6 months, 1 point (L223-6 al. 3) ---
	{
		name: "one point back after 6 months", law: "L223-6 al. 3",
		rec: rec(lic("2005-01-01", none, ""), off("2019-01-10", "2019-02-01", 1, C3)), at: "2019-03-01",
		balance: 11, ceiling: 12, status: StatusValid,
		eligible: true, points: 1, from: "2019-03-01",
		history:  []string{"2019-02-01 -1 11 offence"},
		forecast: []string{"2019-08-01 +1 12 restore-6m"},
	},
	{
		name: "an offence committed inside the 6 months interrupts it", law: "L223-6 al. 3; al. 1 (2 years, c3)",
		rec: rec(lic("2005-01-01", none, ""), off("2019-01-10", "2019-02-01", 1, C3), off("2019-05-01", "2019-06-01", 1, C3)), at: "2019-07-01",
		balance: 10, ceiling: 12, status: StatusValid,
		eligible: true, points: 2, from: "2019-07-01",
		history:  []string{"2019-02-01 -1 11 offence", "2019-06-01 -1 10 offence"},
		forecast: []string{"2019-12-01 +1 11 restore-6m", "2021-06-01 +1 12 restore-full"},
		check: func(t *testing.T, r Result) {
			if countNotes(r, "n'est pas restitué au bout de 6 mois") != 1 {
				t.Errorf("no note of the interrupted 6 months: %v", r.Notes)
			}
		},
	},
	{
		name: "an offence committed before the withdrawal, definitive inside the 6 months, does not interrupt", law: "CE 4/12/2017 n°402423; L223-6 al. 1 (c4: 3 years)",
		rec: rec(lic("2005-01-01", none, ""), off("2021-03-01", "2021-04-10", 1, C3), off("2021-03-20", "2021-06-15", 3, C4)), at: "2021-07-01",
		balance: 8, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2021-07-01",
		history:  []string{"2021-04-10 -1 11 offence", "2021-06-15 -3 8 offence"},
		forecast: []string{"2021-10-10 +1 9 restore-6m", "2024-06-15 +3 12 restore-full"},
		check: func(t *testing.T, r Result) {
			if !strings.Contains(r.Forecast[0].Explanation, "402423") {
				t.Errorf("the 6-month restitution does not cite CE 4/12/2017: %q", r.Forecast[0].Explanation)
			}
		},
	},
	{
		name: "an offence committed on the day the withdrawal took effect is not inside the window", law: "docs/points-rules.md: strictly inside the window (reading: the first day is not inside)",
		rec: rec(lic("2005-01-01", none, ""), off("2021-01-05", "2021-02-01", 1, C3), off("2021-02-01T18:00", "2021-03-01", 2, C4)), at: "2021-03-15",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2021-03-15",
		history:  []string{"2021-02-01 -1 11 offence", "2021-03-01 -2 9 offence"},
		forecast: []string{"2021-08-01 +1 10 restore-6m", "2024-03-01 +2 12 restore-full"},
	},
	{
		name: "an offence committed on the day the 6 months end is not inside the window", law: "docs/points-rules.md: strictly inside; a restitution takes effect on the day the delay ends",
		rec: rec(lic("2005-01-01", none, ""), off("2021-01-05", "2021-02-01", 1, C3), off("2021-08-01", "2021-09-01", 2, C4)), at: "2021-09-15",
		balance: 10, ceiling: 12, status: StatusValid,
		eligible: true, points: 2, from: "2021-09-15",
		history:  []string{"2021-02-01 -1 11 offence", "2021-08-01 +1 12 restore-6m", "2021-09-01 -2 10 offence"},
		forecast: []string{"2024-09-01 +2 12 restore-full"},
	},
	{
		name: "31/08 + 6 months = 29/02 of a leap year", law: "docs/points-rules.md, Dates and delays (end-of-month rule); L223-6 al. 3",
		rec: rec(lic("2005-01-01", none, ""), off("2023-08-01", "2023-08-31", 1, C3)), at: "2023-09-01",
		balance: 11, ceiling: 12, status: StatusValid,
		eligible: true, points: 1, from: "2023-09-01",
		history:  []string{"2023-08-31 -1 11 offence"},
		forecast: []string{"2024-02-29 +1 12 restore-6m"},
	},

	{
		name: "a restitution due on 01/01/1970, day 0 of the engine's calendar", law: "L223-6 al. 3 (the engine's arithmetic on days before 1970)",
		rec: rec(lic("1965-01-01", none, ""), off("1969-06-01", "1969-07-01", 1, C3)), at: "1969-08-01",
		balance: 11, ceiling: 12, status: StatusValid,
		eligible: true, points: 1, from: "1969-08-01",
		history:  []string{"1969-07-01 -1 11 offence"},
		forecast: []string{"1970-01-01 +1 12 restore-6m"},
	},

	// --- Full restoration (L223-6 al. 1–2) ---
	{
		name: "2 years for classes 1 to 3", law: "L223-6 al. 1",
		rec: rec(lic("2005-01-01", none, ""), off("2022-04-01", "2022-05-02", 3, C2)), at: "2022-06-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2022-06-01",
		history:  []string{"2022-05-02 -3 9 offence"},
		forecast: []string{"2024-05-02 +3 12 restore-full"},
	},
	{
		name: "3 years for a 4th-class contravention", law: "L223-6 al. 2",
		rec: rec(lic("2005-01-01", none, ""), off("2022-04-01", "2022-05-02", 3, C4)), at: "2022-06-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2022-06-01",
		history:  []string{"2022-05-02 -3 9 offence"},
		forecast: []string{"2025-05-02 +3 12 restore-full"},
	},
	{
		name: "3 years when any withdrawal of the cycle is a c4, even if the last is a c3", law: "CE 21/11/2016 n°392555; L223-6 al. 3",
		rec: rec(lic("2005-01-01", none, ""), off("2020-12-01", "2021-01-15", 2, C4), off("2022-05-01", "2022-06-01", 1, C3)), at: "2022-07-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2022-07-01",
		history:  []string{"2021-01-15 -2 10 offence", "2022-06-01 -1 9 offence"},
		forecast: []string{"2022-12-01 +1 10 restore-6m", "2025-06-01 +2 12 restore-full"},
	},
	{
		name: "a full restoration closes the cycle: 2 years again after a c4 of the old cycle", law: "L223-6 al. 1–2; CE 21/11/2016 n°392555 (the cycle)",
		rec: rec(lic("2005-01-01", none, ""), off("2017-12-01", "2018-01-10", 2, C4), off("2022-02-01", "2022-03-01", 3, C2)), at: "2022-04-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2022-04-01",
		history:  []string{"2018-01-10 -2 10 offence", "2021-01-10 +2 12 restore-full", "2022-03-01 -3 9 offence"},
		forecast: []string{"2024-03-01 +3 12 restore-full"},
	},
	{
		name: "a stage does not close the cycle", law: "docs/points-rules.md: only a full restoration closes the cycle; CE 21/11/2016 n°392555",
		rec: rec(lic("2005-01-01", none, ""), off("2019-12-01", "2020-01-10", 2, C4), stg("2020-03-02"), off("2021-05-01", "2021-06-01", 3, C2)), at: "2021-07-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2021-07-01",
		history:  []string{"2020-01-10 -2 10 offence", "2020-03-04 +2 12 stage", "2021-06-01 -3 9 offence"},
		forecast: []string{"2024-06-01 +3 12 restore-full"},
	},
	{
		name: "restoration and a withdrawal on the same day: the restoration first", law: "L223-6 al. 1 (reading: restitutions before withdrawals within a day)",
		// The c4 was committed before the first withdrawal, so it does not
		// interrupt its 2 years; it becomes definitive the day they end.
		rec: rec(lic("2005-01-01", none, ""), off("2020-02-01", "2020-03-02", 3, C2), off("2020-01-15", "2022-03-02", 2, C4)), at: "2022-03-02",
		balance: 10, ceiling: 12, status: StatusValid,
		eligible: true, points: 2, from: "2022-03-02",
		history:  []string{"2020-03-02 -3 9 offence", "2022-03-02 +3 12 restore-full", "2022-03-02 -2 10 offence"},
		forecast: []string{"2025-03-02 +2 12 restore-full"},
	},
	{
		name: "29/02 + 2 years = 28/02", law: "docs/points-rules.md, Dates and delays; L223-6 al. 1",
		rec: rec(lic("2005-01-01", none, ""), off("2024-02-01", "2024-02-29", 3, C2)), at: "2024-03-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2024-03-01",
		history:  []string{"2024-02-29 -3 9 offence"},
		forecast: []string{"2026-02-28 +3 12 restore-full"},
	},
	{
		name: "licence obtained on 29/02: anniversaries on 28/02", law: "docs/points-rules.md, Dates and delays; R223-1",
		rec: rec(lic("2024-02-29", trad, "")), at: "2024-03-01",
		balance: 6, ceiling: 6, status: StatusProbation, probEnd: "2027-02-28",
		forecast: []string{"2025-02-28 +2 8 probation-step", "2026-02-28 +2 10 probation-step", "2027-02-28 +2 12 probation-end"},
	},

	// --- 10 years (L223-6 al. 5) ---
	{
		name: "10-year restitution of a c4 while offences keep the full restoration away", law: "L223-6 al. 5; al. 2 (3 years)",
		// Each offence is committed less than 3 years after the last
		// withdrawal: no full restoration until 01/08/2020. The 2 points
		// of 01/02/2010 come back on 01/02/2020.
		rec: rec(lic("2000-01-01", none, ""),
			off("2010-01-05", "2010-02-01", 2, C4), off("2012-07-01", "2012-08-01", 3, C4),
			off("2015-01-01", "2015-02-01", 3, C4), off("2017-07-01", "2017-08-01", 2, C4)),
		at: "2019-06-01", balance: 2, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2019-06-01",
		history:  []string{"2010-02-01 -2 10 offence", "2012-08-01 -3 7 offence", "2015-02-01 -3 4 offence", "2017-08-01 -2 2 offence"},
		forecast: []string{"2020-02-01 +2 4 restore-10y", "2020-08-01 +8 12 restore-full"},
	},
	{
		name: "no 10-year restitution for a délit", law: "L223-6 al. 5: contraventions of classes 1 to 4 only",
		rec: rec(lic("2000-01-01", none, ""),
			off("2010-01-05", "2010-02-01", 6, Delit), off("2012-07-01", "2012-08-01", 2, C4),
			off("2015-01-01", "2015-02-01", 2, C4), off("2017-07-01", "2017-08-01", 1, C3)),
		at: "2019-06-01", balance: 2, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2019-06-01",
		history:  []string{"2010-02-01 -6 6 offence", "2012-08-01 -2 4 offence", "2015-02-01 -2 2 offence", "2017-08-01 -1 1 offence", "2018-02-01 +1 2 restore-6m"},
		forecast: []string{"2020-08-01 +10 12 restore-full"},
	},
	{
		name: "a full restoration cancels the 10-year restitution", law: "L223-6 al. 5: unless a full restoration gave them back",
		rec: rec(lic("2000-01-01", none, ""), off("2012-02-01", "2012-03-01", 2, C4), off("2021-08-01", "2021-09-01", 3, C4)), at: "2022-06-01",
		balance: 9, ceiling: 12, status: StatusValid,
		eligible: true, points: 3, from: "2022-06-01",
		history:  []string{"2015-03-01 +2 12 restore-full", "2021-09-01 -3 9 offence"},
		forecast: []string{"2024-09-01 +3 12 restore-full"},
	},
	{
		name: "the 6-month rule cancels the 10-year restitution", law: "L223-6 al. 5: unless the 6-month rule gave them back",
		rec: rec(lic("2000-01-01", none, ""), off("2012-01-01", "2012-01-10", 1, C3), off("2021-11-01", "2021-12-01", 2, C4)), at: "2022-02-01",
		balance: 10, ceiling: 12, status: StatusValid,
		eligible: true, points: 2, from: "2022-02-01",
		history:  []string{"2012-07-10 +1 12 restore-6m", "2021-12-01 -2 10 offence"},
		forecast: []string{"2024-12-01 +2 12 restore-full"},
	},

	// --- Stages (L223-6 al. 4, R223-8) ---
	{
		name: "a stage credits 4 points the day after its last day", law: "L223-6 al. 4, R223-8",
		rec: rec(lic("2000-01-01", none, ""), off("2023-01-10", "2023-02-01", 4, C4), stg("2023-03-06")), at: "2023-04-01",
		balance: 12, ceiling: 12, status: StatusValid,
		history: []string{"2023-02-01 -4 8 offence", "2023-03-08 +4 12 stage"},
	},
	{
		name: "a stage is capped at the ceiling", law: "L223-6 al. 4: within the limit of the maximum",
		rec: rec(lic("2000-01-01", none, ""), off("2023-01-10", "2023-02-01", 3, C4), stg("2023-03-06")), at: "2023-04-01",
		balance: 12, ceiling: 12, status: StatusValid,
		history: []string{"2023-02-01 -3 9 offence", "2023-03-08 +3 12 stage"},
	},
	{
		name: "a stage starting exactly 1 year after the last day of the previous one is not credited", law: "R223-8: once a year, 1 year and 1 day",
		rec: rec(lic("2000-01-01", none, ""), off("2022-01-03", "2022-02-01", 4, C4), stg("2022-03-14"), off("2022-12-01", "2023-01-16", 6, Delit), stg("2023-03-15")), at: "2023-04-01",
		balance: 6, ceiling: 12, status: StatusValid,
		eligible: true, points: 4, from: "2023-04-01",
		history:  []string{"2022-02-01 -4 8 offence", "2022-03-16 +4 12 stage", "2023-01-16 -6 6 offence"},
		forecast: []string{"2026-01-16 +6 12 restore-full"},
	},
	{
		name: "a stage starting 1 year and 1 day after is credited", law: "R223-8: once a year, 1 year and 1 day",
		rec: rec(lic("2000-01-01", none, ""), off("2022-01-03", "2022-02-01", 4, C4), stg("2022-03-14"), off("2022-12-01", "2023-01-16", 6, Delit), stg("2023-03-16")), at: "2023-04-01",
		balance: 10, ceiling: 12, status: StatusValid,
		from:     "2024-03-18",
		history:  []string{"2022-02-01 -4 8 offence", "2022-03-16 +4 12 stage", "2023-01-16 -6 6 offence", "2023-03-18 +4 10 stage"},
		forecast: []string{"2026-01-16 +2 12 restore-full"},
	},
	{
		name: "a stage that credits nothing does not count for the year", law: "docs/points-rules.md, Stages; R223-8",
		rec: rec(lic("2000-01-01", none, ""), stg("2022-05-02"), off("2022-06-01", "2022-07-01", 4, C4), stg("2022-09-05")), at: "2022-10-01",
		balance: 12, ceiling: 12, status: StatusValid,
		history: []string{"2022-07-01 -4 8 offence", "2022-09-07 +4 12 stage"},
		check: func(t *testing.T, r Result) {
			if countNotes(r, "sans effet : le solde était déjà au plafond") != 1 {
				t.Errorf("no note of the stage that credited nothing: %v", r.Notes)
			}
		},
	},
	{
		name: "a stage between zero and the 48SI counts: 0 to 4, the 48SI has no effect", law: "CE 29/09/2023 n°461479",
		rec: rec(lic("2000-01-01", none, ""), off("2023-01-05", "2023-02-01", 6, Delit), off("2023-02-10", "2023-03-01", 6, Delit), stg("2023-03-13"), inval("2023-03-20")), at: "2023-04-01",
		balance: 4, ceiling: 12, status: StatusValid,
		from:     "2024-03-15",
		history:  []string{"2023-02-01 -6 6 offence", "2023-03-01 -6 0 offence", "2023-03-15 +4 4 stage"},
		forecast: []string{"2026-03-01 +8 12 restore-full"},
		check: func(t *testing.T, r Result) {
			if !strings.Contains(r.History[2].Explanation, "461479") {
				t.Errorf("the stage does not cite CE 29/09/2023: %q", r.History[2].Explanation)
			}
		},
	},
	{
		name: "a stage after the 48SI was notified does not count", law: "L223-1: from the notification nothing is credited",
		rec: rec(lic("2000-01-01", none, ""), off("2023-01-05", "2023-02-01", 6, Delit), off("2023-02-10", "2023-03-01", 6, Delit), stg("2023-03-13"), inval("2023-03-10")), at: "2023-04-01",
		balance: 0, ceiling: 12, status: StatusInvalid,
		history: []string{"2023-02-01 -6 6 offence", "2023-03-01 -6 0 offence"},
		check:   invalidSince("2023-03-10"),
	},
	{
		name: "zero with no 48SI known: invalid from the day the balance reached 0", law: "docs/points-rules.md, Zero and invalidation",
		rec: rec(lic("2000-01-01", none, ""), off("2023-01-05", "2023-02-01", 6, Delit), off("2023-02-10", "2023-03-01", 6, Delit), stg("2023-03-13")), at: "2023-04-01",
		balance: 0, ceiling: 12, status: StatusInvalid,
		history: []string{"2023-02-01 -6 6 offence", "2023-03-01 -6 0 offence"},
		check:   invalidSince("2023-03-01"),
	},

	{
		name: "a stage credited on the day of a withdrawal credits after it", law: "R223-8; reading: withdrawals before stage credits within a day",
		rec: rec(lic("2000-01-01", none, ""), stg("2023-05-08"), off("2023-04-01", "2023-05-10", 3, C4)), at: "2023-06-01",
		balance: 12, ceiling: 12, status: StatusValid,
		history: []string{"2023-05-10 -3 9 offence", "2023-05-10 +3 12 stage"},
	},
	{
		name: "a 48SI notified while the balance is above 0 has no effect; the later zero invalidates that day", law: "L223-1; reading of CE 29/09/2023 n°461479",
		rec: rec(lic("2000-01-01", none, ""), inval("2023-01-10"), off("2023-01-05", "2023-02-01", 6, Delit), off("2023-02-10", "2023-03-01", 6, Delit)), at: "2023-04-01",
		balance: 0, ceiling: 12, status: StatusInvalid,
		history: []string{"2023-02-01 -6 6 offence", "2023-03-01 -6 0 offence"},
		check: func(t *testing.T, r Result) {
			invalidSince("2023-03-01")(t, r)
			if countNotes(r, "Lettre 48SI notifiée le 10/01/2023 sans effet") != 1 {
				t.Errorf("no note of the 48SI without effect: %v", r.Notes)
			}
		},
	},

	// --- Zero and invalidation (L223-1, L223-5) ---
	{
		name: "invalid licence: forecast empty, later offences withdraw nothing", law: "L223-1, L223-5",
		rec: rec(lic("2000-01-01", none, ""),
			off("2020-12-01", "2021-01-10", 4, C4), off("2021-02-01", "2021-03-01", 6, Delit), off("2021-03-05", "2021-04-01", 3, C4),
			inval("2021-04-20"), off("2021-05-01", "2021-06-01", 2, C4)),
		at: "2021-07-01", balance: 0, ceiling: 12, status: StatusInvalid,
		history: []string{"2021-01-10 -4 8 offence", "2021-03-01 -6 2 offence", "2021-04-01 -2 0 offence", "2021-06-01 +0 0 offence"},
		check: func(t *testing.T, r Result) {
			invalidSince("2021-04-20")(t, r)
			if got := datep(r.ReapplyFrom); got != "2021-10-20" {
				t.Errorf("reapply from %s, want 2021-10-20 (6 months, L223-5)", got)
			}
		},
	},
	{
		name: "a probationary licence lost: 6 points withdrawn at once", law: "L223-1: probation starts with 6 points; 48SI",
		rec: rec(lic("2023-01-01", trad, ""), off("2023-03-01", "2023-04-01", 6, C4)), at: "2023-05-01",
		balance: 0, ceiling: 6, status: StatusInvalid, probEnd: "2026-01-01",
		history: []string{"2023-04-01 -6 0 offence"},
		check:   invalidSince("2023-04-01"),
	},
}

func trainingIs(want TrainingStatus) func(*testing.T, Result) {
	return func(t *testing.T, r Result) {
		if r.Training != want {
			t.Errorf("training %q, want %q", r.Training, want)
		}
	}
}

func mandatoryIs(since, deadline string, done bool) func(*testing.T, Result) {
	return func(t *testing.T, r Result) {
		m := r.Mandatory
		if m == nil {
			t.Fatalf("no 48N obligation, want one since %s", since)
		}
		if m.Since.String() != since || m.Deadline.String() != deadline || m.Done != done {
			t.Errorf("48N %+v, want since %s deadline %s done %v", *m, since, deadline, done)
		}
	}
}

func invalidSince(want string) func(*testing.T, Result) {
	return func(t *testing.T, r Result) {
		if got := datep(r.InvalidSince); got != want {
			t.Errorf("invalid since %q, want %q", got, want)
		}
	}
}

func countNotes(r Result, substr string) int {
	n := 0
	for _, note := range r.Notes {
		if strings.Contains(note.Text, substr) {
			n++
		}
	}
	return n
}

func TestScenarios(t *testing.T) {
	if len(scenarios) < 40 {
		t.Errorf("%d scenarios, the issue asks for at least 40", len(scenarios))
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Logf("law: %s", s.law)
			r := mustCompute(t, s.rec, s.at)
			if r.Balance != s.balance || r.Ceiling != s.ceiling || r.Status != s.status {
				t.Errorf("balance %d ceiling %d status %s, want %d %d %s", r.Balance, r.Ceiling, r.Status, s.balance, s.ceiling, s.status)
			}
			if got := datep(r.ProbationEnd); got != s.probEnd {
				t.Errorf("probation end %q, want %q", got, s.probEnd)
			}
			if r.Stage.Eligible != s.eligible || r.Stage.Points != s.points || datep(r.Stage.From) != s.from {
				t.Errorf("stage %v %d from %q, want %v %d from %q", r.Stage.Eligible, r.Stage.Points, datep(r.Stage.From), s.eligible, s.points, s.from)
			}
			if got := lines(r.History); !equalLines(got, s.history) {
				t.Errorf("history\n got %q\nwant %q", got, s.history)
			}
			if got := lines(r.Forecast); !equalLines(got, s.forecast) {
				t.Errorf("forecast\n got %q\nwant %q", got, s.forecast)
			}
			for _, c := range append(r.History, r.Forecast...) {
				if !strings.Contains(c.Explanation, c.Date.French()) || !(strings.Contains(c.Explanation, "article") || strings.Contains(c.Explanation, "CE ")) {
					t.Errorf("explanation of %s does not give its day and its article: %q", line(c), c.Explanation)
				}
			}
			if s.check != nil {
				s.check(t, r)
			}
		})
	}
}
