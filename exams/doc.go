// Package exams holds the rules of the French driving test for category B
// as Mes points applies them: the theory test (épreuve théorique générale,
// « le code »), the practical test, and the booking rules of RdvPermis,
// the State's system of nominative booking of places for the practical
// test. Like package points it is pure: no I/O, no clock (the day and the
// minute are parameters), so that the rules can be tested case by case
// against the texts they come from, and compiled anywhere.
//
// Every rule is a constant or a line of the table Waits, each with its
// source (Source). docs/exams.md lists them for a reader; a rule found
// wrong is corrected in one place here.
package exams
