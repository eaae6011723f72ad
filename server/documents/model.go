// Package documents says what each document of Mes points states, in
// French, independently of how it is printed: the attestation de droits à
// conduire (the former relevé d'information restreint, for third
// parties: no points), the relevé d'information intégral (everything the
// registry holds and the engine computes, for the holder signed in with
// FranceConnect), and the claims of their verifiable code (claims.go),
// signed by package signing. Package pdf prints a Document; the server's
// pages and the app show the same sections.
//
// A document is built from a registry record and the engine's result on
// the day of issue; nothing here reads a clock, a store or a key.
package documents

import (
	"time"

	"mespoints/points"
)

// Kind names a document.
type Kind string

// The documents.
const (
	// Attestation is the attestation de droits à conduire: what a third
	// party (a renter, an employer, an insurer) may know, without points.
	Attestation Kind = "attestation"
	// Integral is the relevé d'information intégral: the whole dossier.
	Integral Kind = "releve-integral"
)

// Document is an issued document: its title, when it was issued, its
// sections in order, and its verifiable code.
type Document struct {
	// Kind is the document.
	Kind Kind
	// Title is its title, printed at the top of every page.
	Title string
	// Subtitle says what it is in one line.
	Subtitle string
	// Issued is when it was issued.
	Issued time.Time
	// ValidUntil is the last day it is valid, if it has one.
	ValidUntil *points.Date
	// Sections are its content, in order.
	Sections []Section
	// Claims are what its code states.
	Claims Claims
	// Code is its verifiable code (set by Sign), VerifyURL where it is
	// checked.
	Code, VerifyURL string
}

// Section is a titled part of a document: facts (label and value), then
// a table, then paragraphs, each optional.
type Section struct {
	// Heading is the section's title.
	Heading string
	// Facts are label-value pairs.
	Facts []Fact
	// Table is a table, if any.
	Table *Table
	// Lines are paragraphs or list items, each on its own.
	Lines []string
}

// Fact is one label and its value; a value of several lines is several
// strings.
type Fact struct {
	Label string
	Value []string
}

// Table is a table with a header row.
type Table struct {
	// Columns are the header cells with their relative widths.
	Columns []Column
	// Rows are the rows, each with one cell per column.
	Rows [][]string
}

// Column is a column of a table.
type Column struct {
	// Title is the header cell.
	Title string
	// Width is the column's share of the table's width (relative to the
	// others').
	Width float64
}

// fact is a Fact of one value.
func fact(label, value string) Fact { return Fact{Label: label, Value: []string{value}} }

// Lines writes the table's rows one line each, every cell after its
// column's title ("Catégorie : B — Obtenue le : 04/05/2010 — …"), for a
// screen too narrow for a table.
func (t Table) Lines() []string {
	out := make([]string, 0, len(t.Rows))
	for _, row := range t.Rows {
		line := ""
		for i, cell := range row {
			if i > 0 {
				line += " — "
			}
			line += t.Columns[i].Title + " : " + cell
		}
		out = append(out, line)
	}
	return out
}
