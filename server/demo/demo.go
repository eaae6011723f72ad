// Package demo makes the demonstration dossiers that `make run` loads into
// an empty store: one persona per situation the app shows, each with a
// fixed demo login. Every date is computed from the day asked for, so the
// situations hold whatever the day the demo runs.
//
// Names, e-mail addresses and centres are invented; communes are real
// (INSEE codes). The NATINF codes and wordings are illustrative, written
// from memory and not checked against the current NATINF table: they are
// for display only, nothing computes with them.
package demo

import (
	"fmt"

	"mespoints/points"
	"mespoints/server/store"
)

// Persona is a demonstration dossier and the login that opens it.
type Persona struct {
	// Login is the demo sign-in name (password "demo", -dev only).
	Login string
	// NEPH is the dossier's number.
	NEPH string
	// Situation says, in English, what the dossier shows.
	Situation string
	// record builds the dossier for the day today.
	record func(neph string, today points.Date) store.Record
}

// Personas are the demonstration dossiers, in the order of the issue.
var Personas = []Persona{
	{Login: "camille", NEPH: "130575100234", Situation: "9/12 after a recent 3-point offence, eligible for a stage", record: camille},
	{Login: "lucas", NEPH: "240669200117", Situation: "young driver on traditional probation, no offence, 8/8 after the first step", record: lucas},
	{Login: "ines", NEPH: "230438300452", Situation: "AAC driver who lost 3 points and did the mandatory 48N stage", record: ines},
	{Login: "marc", NEPH: "050133400871", Situation: "4/12, a 10-year restitution behind and a full restoration ahead", record: marc},
	{Login: "sophie", NEPH: "120744500306", Situation: "11/12, her one point comes back in a few weeks (6-month rule)", record: sophie},
	{Login: "karim", NEPH: "160259600593", Situation: "licence invalidated: balance 0, 48SI notified", record: karim},
	{Login: "anne", NEPH: "030335700128", Situation: "clean licence, 12/12", record: anne},
	{Login: "theo", NEPH: "250631800045", Situation: "candidate without a driving school, code passed 4 months ago: may book the practical test now", record: theo},
	{Login: "lea", NEPH: "240834800112", Situation: "candidate who has not passed the code yet: booking refused", record: lea},
	{Login: "yanis", NEPH: "240975800287", Situation: "candidate who failed the practical test 6 days ago with 17/31: may book 20 days after it", record: yanis},
	{Login: "nora", NEPH: "250831900076", Situation: "candidate who passed the practical test 5 weeks ago, licence not made yet: her CEPC is her provisional licence", record: nora},
}

// NEPHForLogin returns the NEPH of the persona with this demo login.
func NEPHForLogin(login string) (string, bool) {
	for _, p := range Personas {
		if p.Login == login {
			return p.NEPH, true
		}
	}
	return "", false
}

// Records returns the demonstration dossiers as they stand on today.
func Records(today points.Date) []store.Record {
	recs := make([]store.Record, len(Personas))
	for i, p := range Personas {
		recs[i] = p.record(p.NEPH, today)
	}
	return recs
}

// SeedIfEmpty loads the demonstration dossiers into st if it holds no
// record at all, and reports whether it did. A store with any record, real
// or demo, is left alone.
func SeedIfEmpty(st *store.Store, today points.Date) (bool, error) {
	n, err := st.Count()
	if err != nil {
		return false, fmt.Errorf("seed demo records: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	im, err := st.BeginImport()
	if err != nil {
		return false, fmt.Errorf("seed demo records: %w", err)
	}
	for i, r := range Records(today) {
		if err := im.Add(r, i+1); err != nil {
			_ = im.Abort()
			return false, fmt.Errorf("seed demo record %s: %w", Personas[i].Login, err)
		}
	}
	if _, err := im.Commit(); err != nil {
		return false, fmt.Errorf("seed demo records: %w", err)
	}
	return true, nil
}
