package points

import (
	"strings"
	"testing"
)

// Each reason a stage would or would not bring points today, with the
// article it rests on and the sentences the app prints as they are.
func TestStageReasons(t *testing.T) {
	for _, tc := range []struct {
		name, law string
		rec       Record
		at        string
		reason    StageReason
		points    int
		from      string
		article   string
		summary   []string // in Summary, in this order
		explained []string // in Explanation
	}{
		{
			name: "9/12: a stage brings 3 points, capped at the maximum", law: "L223-6 al. 4, R223-8",
			rec: rec(lic("2010-05-04", none, ""), off("2024-02-03T10:00", "2024-03-01", 3, C4)), at: "2024-08-23",
			reason: StageEligible, points: 3, from: "2024-08-23", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Un stage vous rendrait 3 points dès aujourd'hui."},
			explained: []string{"vous rendrait 3 points, crédités le lendemain de son dernier jour", "4 au plus, sans dépasser votre maximum de 12 points", "(articles L223-6 alinéa 4 et R223-8 du Code de la route)."},
		},
		{
			name: "6/12: a stage brings its full 4 points", law: "L223-6 al. 4, R223-8",
			rec: rec(lic("2000-01-01", none, ""), off("2024-01-02", "2024-01-10", 6, Delit)), at: "2024-06-01",
			reason: StageEligible, points: 4, from: "2024-06-01", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Un stage vous rendrait 4 points dès aujourd'hui."},
			explained: []string{"vous rendrait 4 points, crédités le lendemain de son dernier jour (articles L223-6 alinéa 4 et R223-8"},
		},
		{
			name: "11/12: a stage brings 1 point, in the singular", law: "R223-8: within the limit of the maximum",
			rec: rec(lic("2000-01-01", none, ""), off("2024-01-02", "2024-01-10", 1, C3)), at: "2024-06-01",
			reason: StageEligible, points: 1, from: "2024-06-01", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Un stage vous rendrait 1 point dès aujourd'hui."},
			explained: []string{"vous rendrait 1 point, crédité le lendemain"},
		},
		{
			name: "a stage credited 4 months ago: once a year, from a year and a day after its last day", law: "L223-6 al. 4, R223-8",
			rec: rec(lic("2000-01-01", none, ""), off("2024-01-02", "2024-01-10", 6, Delit), stg("2024-02-01")), at: "2024-06-01",
			reason: StageTooSoon, from: "2025-02-03", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Un stage vous rendrait des points à partir du 03/02/2025", "un seul par an", "le dernier s'est terminé le 02/02/2024."},
			explained: []string{"Un seul stage par an rend des points", "s'est terminé le 02/02/2024", "au moins un an et un jour plus tard, soit le 03/02/2025 au plus tôt (articles L223-6 alinéa 4 et R223-8 du Code de la route)."},
		},
		{
			name: "too soon, and the 6-month restitutions fill the balance before the year is over: no stage will bring points", law: "R223-8; L223-6 al. 3",
			rec: rec(lic("2000-01-01", none, ""),
				off("2023-01-01", "2023-02-01", 4, C4), stg("2023-03-01"),
				off("2023-05-01T09:00", "2023-06-10", 1, C3), off("2023-05-02T09:00", "2023-07-10", 1, C3)), at: "2023-08-01",
			reason: StageTooSoon, article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points : un seul par an (le dernier s'est terminé le 02/03/2023), et votre solde sera à son maximum d'ici le 03/03/2024."},
			explained: []string{"soit le 03/03/2024 au plus tôt", "Sans nouvelle infraction, votre solde sera alors à son maximum de 12 points : aucun stage ne vous rendrait de points."},
		},
		{
			name: "too soon, then at the ceiling of probation until probation ends", law: "R223-8; R223-1; L223-1",
			rec: rec(lic("2024-01-01", AAC, ""),
				off("2024-02-01T09:00", "2024-03-01", 4, C4), off("2024-02-01T10:00", "2024-03-15", 1, C3), stg("2024-04-01")), at: "2024-06-01",
			reason: StageTooSoon, from: "2025-12-30", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points avant le 30/12/2025 : un seul par an (le dernier s'est terminé le 02/04/2024), puis votre solde sera à son maximum."},
			explained: []string{"soit le 03/04/2025 au plus tôt", "À cette date, votre solde sera à son maximum de 6 points.", "Le 01/01/2026, fin de votre période probatoire, votre maximum passera à 12 points et votre solde sera de 6 points (articles L223-1 et R223-1 du Code de la route).", "Un stage commencé à partir du 30/12/2025 vous rendrait des points."},
		},
		{
			name: "Inès: probation, 6/6 after her 48N stage, first step refused: at the ceiling until probation ends", law: "R223-8; R223-1; L223-1",
			rec: rec(lic("2024-09-16", AAC, ""), off("2025-01-21T17:32", "2025-02-16", 3, C4), stg("2025-04-16")), at: "2026-03-16",
			reason: StageAtCeiling, from: "2026-09-14", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points avant le 14/09/2026 : votre solde est à son maximum actuel (6 points)."},
			explained: []string{"Votre solde est à son maximum actuel, 6 points : un stage ne vous rendrait aucun point", "ne compte pas comme le stage de l'année (articles L223-6 alinéa 4 et R223-8", "Le 16/09/2026, fin de votre période probatoire, votre maximum passera à 12 points et votre solde sera de 6 points (articles L223-1 et R223-1", "Un stage commencé à partir du 14/09/2026 vous rendrait des points."},
		},
		{
			name: "at the ceiling of probation, then once a year after probation ends", law: "R223-8; R223-1; L223-6 al. 4",
			rec: rec(lic("2024-01-01", AAC, ""), off("2024-02-01", "2024-03-01", 3, C4), stg("2025-12-01")), at: "2025-12-10",
			reason: StageAtCeiling, from: "2026-12-03", article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points avant le 03/12/2026 : votre solde est à son maximum actuel (6 points)."},
			explained: []string{"Le 01/01/2026, fin de votre période probatoire, votre maximum passera à 12 points et votre solde sera de 6 points", "Mais un seul stage par an rend des points", "le dernier stage qui vous en a rendu s'est terminé le 02/12/2025", "Un stage commencé à partir du 03/12/2026 vous rendrait des points."},
		},
		{
			name: "probation without offence, 8/8: the steps raise the balance with the ceiling, no stage ever brings points", law: "R223-1; R223-8",
			rec: rec(lic("2024-11-16", Traditional, "")), at: "2026-03-16",
			reason: StageAtCeiling, article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points : votre solde est à son maximum actuel (8 points)."},
			explained: []string{"Votre solde est à son maximum actuel, 8 points", "Sans nouvelle infraction, il y restera : aucun stage ne vous rendrait de points."},
		},
		{
			name: "12/12: no stage brings points", law: "L223-6 al. 4, R223-8",
			rec: rec(lic("1999-01-01", none, "")), at: "2026-03-16",
			reason: StageAtCeiling, article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points : votre solde est à son maximum (12 points)."},
			explained: []string{"Votre solde est à son maximum, 12 points : un stage ne vous rendrait aucun point"},
		},
		{
			name: "11/12 with the point back tomorrow: full before a stage started today is credited", law: "L223-6 al. 3; R223-8",
			rec: rec(lic("2000-01-01", none, ""), off("2024-01-02", "2024-01-10", 1, C3)), at: "2024-07-09",
			reason: StageFullBeforeCredit, article: "articles L223-6 alinéa 4 et R223-8 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points : votre solde sera à son maximum le 10/07/2024, avant qu'un stage soit crédité."},
			explained: []string{"Le 10/07/2024, votre solde atteindra son maximum de 12 points, avant qu'un stage commencé aujourd'hui soit crédité", "Sans nouvelle infraction, il y restera"},
		},
		{
			name: "invalid licence: no stage brings points", law: "L223-1",
			rec: rec(lic("2000-01-01", none, ""), off("2024-01-02", "2024-01-10", 6, Delit), off("2024-02-02", "2024-02-10", 6, Delit)), at: "2024-06-01",
			reason: StageInvalid, article: "article L223-1 du Code de la route",
			summary:   []string{"Aucun stage ne vous rendrait de points : votre permis n'est plus valide depuis le 10/02/2024."},
			explained: []string{"Votre permis n'est plus valide depuis le 10/02/2024 : un stage ne peut plus vous rendre de points (article L223-1 du Code de la route)."},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Logf("law: %s", tc.law)
			s := mustCompute(t, tc.rec, tc.at).Stage
			if s.Reason != tc.reason || s.Points != tc.points || datep(s.From) != tc.from || s.Eligible != (tc.reason == StageEligible) {
				t.Errorf("stage %s %v %d from %q, want %s %d from %q", s.Reason, s.Eligible, s.Points, datep(s.From), tc.reason, tc.points, tc.from)
			}
			if s.Article != tc.article || !strings.Contains(s.Explanation, "("+tc.article) {
				t.Errorf("article %q, want %q, cited in %q", s.Article, tc.article, s.Explanation)
			}
			at := 0
			for _, want := range tc.summary {
				i := strings.Index(s.Summary[at:], want)
				if i < 0 {
					t.Errorf("summary %q lacks %q after byte %d", s.Summary, want, at)
					break
				}
				at += i + len(want)
			}
			for _, want := range tc.explained {
				if !strings.Contains(s.Explanation, want) {
					t.Errorf("explanation %q lacks %q", s.Explanation, want)
				}
			}
		})
	}
}
