package app

import (
	"strings"

	"mespoints/points"
)

// The simulator's list of offences, grouped so that each option's label
// stays short enough for a phone.

// offenceGroup is a group of the simulator's list: its label, and the
// beginnings of the barème's labels it holds.
type offenceGroup struct {
	label    string
	prefixes []string
}

// offenceGroups are the groups, in their order; the last one takes what
// the others do not.
var offenceGroups = []offenceGroup{
	{"Excès de vitesse", []string{"Excès de vitesse "}},
	{"Alcool et stupéfiants", []string{"Alcoolémie", "Conduite après usage de stupéfiants", "Refus de se soumettre"}},
	{"Autres infractions", nil},
}

// groupOf returns the index in offenceGroups of the group of an offence.
func groupOf(label string) int {
	for i, g := range offenceGroups {
		for _, p := range g.prefixes {
			if strings.HasPrefix(label, p) {
				return i
			}
		}
	}
	return len(offenceGroups) - 1
}

// optionLabel is an offence's label in its group, without what the
// group's label says already, with its points: "De 20 à moins de 30 km/h
// — 2 points".
func optionLabel(e points.BaremeEntry) string {
	label := e.Label
	if g := offenceGroups[groupOf(label)]; g.label == "Excès de vitesse" {
		label = capitalise(strings.TrimPrefix(label, "Excès de vitesse "))
	}
	return label + " — " + points.PointsFrench(e.Points)
}

// defaultChoice is the offence the simulator shows first: the first of the
// barème that withdraws points, so that the first answer is not "nothing
// changes".
func defaultChoice() int {
	for i, e := range points.Bareme() {
		if e.Points > 0 {
			return i
		}
	}
	return 0
}
