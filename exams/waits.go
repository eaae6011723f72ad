package exams

// Cause is why a booking of the practical test must wait.
type Cause string

// The causes of a wait before a booking, one per line of article 3, II of
// the arrêté du 27 avril 2021 (RdvPermis), category B.
const (
	// AfterCodePass: the theory test was passed.
	AfterCodePass Cause = "code_passed"
	// AfterFailureAbove25: a practical test failed with more than 25
	// points.
	AfterFailureAbove25 Cause = "failure_above_25"
	// AfterFailure21To25: failed with 21 to 25 points.
	AfterFailure21To25 Cause = "failure_21_25"
	// AfterFailure20OrLess: failed with 20 points or less (a total of 20
	// or more fails only with an eliminatory fault).
	AfterFailure20OrLess Cause = "failure_20_or_less"
	// AfterLateCancellation: a booking cancelled with less than
	// LateNoticeDays' notice.
	AfterLateCancellation Cause = "late_cancellation"
	// AfterNoShow: a test the candidate did not come to.
	AfterNoShow Cause = "no_show"
)

// LateNoticeDays is the notice below which a cancellation is late: a
// booking cancelled fewer than 7 days before the test (6 days or less)
// delays the next one. To be confirmed in article 3, II (see Waits).
const LateNoticeDays = 7

// Wait is one line of the table of waits before a booking: after what,
// how many days, counted from which day, and the text it comes from.
type Wait struct {
	// Cause is what the wait follows.
	Cause Cause
	// Days is how many days after the day it counts from a booking
	// becomes possible (booking allowed from that day + Days).
	Days int
	// Rule says the rule in French, as the app shows it.
	Rule string
	// Source is the text it comes from.
	Source Source
	// ToConfirm, when not empty, says why the line is not yet read in the
	// text itself, and where it was found instead.
	ToConfirm string
}

// Waits is the table of the waits before booking a place at the practical
// test of category B, the one place these numbers live.
//
// The first four lines are read in article 3, II of the arrêté du 27
// avril 2021. The end of II (cancellations and absences for category B)
// could not be read in the sources at hand: the two last lines take the
// figures the public services and driving schools give for category B,
// counted as part I of the same article counts them for A1 and A2 ("after
// the day planned for the test"), and are marked to be confirmed.
var Waits = []Wait{
	{Cause: AfterCodePass, Days: 2, Source: SourceRdvPermis,
		Rule: "2 jours après la réussite à l'épreuve du code"},
	{Cause: AfterFailureAbove25, Days: 2, Source: SourceRdvPermis,
		Rule: "2 jours après un échec à l'examen pratique avec un total de points supérieur à 25"},
	{Cause: AfterFailure21To25, Days: 10, Source: SourceRdvPermis,
		Rule: "10 jours après un échec à l'examen pratique avec un total de points de 21 à 25"},
	{Cause: AfterFailure20OrLess, Days: 20, Source: SourceRdvPermis,
		Rule: "20 jours après un échec à l'examen pratique avec un total de points de 20 ou moins"},
	{Cause: AfterLateCancellation, Days: 30, Source: SourceRdvPermis,
		Rule:      "30 jours après la date prévue de l'examen, pour une réservation annulée moins de 7 jours avant sans motif sérieux",
		ToConfirm: "fin de l'article 3, II non lue ; 7 jours et 30 jours selon les auto-écoles (En Voiture Simone, centre d'aide) et les services de l'État (« annulation à 6 jours ou moins : 30 jours »), comptés comme au I (A1, A2)"},
	{Cause: AfterNoShow, Days: 40, Source: SourceRdvPermis,
		Rule:      "40 jours après la date prévue de l'examen, pour une absence sans motif sérieux",
		ToConfirm: "fin de l'article 3, II non lue ; 40 jours selon les préfectures et l'UFC-Que Choisir, comme au I (A1, A2)"},
}

// WaitFor returns the line of Waits for cause.
func WaitFor(cause Cause) Wait {
	for _, w := range Waits {
		if w.Cause == cause {
			return w
		}
	}
	panic("exams: no wait for " + string(cause))
}

// failureCause is the line of Waits that a failed practical test with
// this total falls under.
func failureCause(total int) Cause {
	switch {
	case total > 25:
		return AfterFailureAbove25
	case total > 20:
		return AfterFailure21To25
	}
	return AfterFailure20OrLess
}
