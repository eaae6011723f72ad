package store_test

import (
	"errors"
	"strings"
	"testing"

	"mespoints/points"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

func TestValidateNamesTheFieldAtFault(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *store.Record)
		field  string
	}{
		{"NEPH too short", func(r *store.Record) { r.NEPH = "1234" }, "neph"},
		{"NEPH with a dash", func(r *store.Record) { r.NEPH = "1234-567890" }, "neph"},
		{"no updated date", func(r *store.Record) { r.Updated = 0 }, "updated"},
		{"no family name", func(r *store.Record) { r.Holder.FamilyName = " " }, "holder.family_name"},
		{"no given names", func(r *store.Record) { r.Holder.GivenNames = "" }, "holder.given_names"},
		{"born in France, no birthplace", func(r *store.Record) { r.Holder.Birthplace = "" }, "holder.birthplace"},
		{"birthplace not a code", func(r *store.Record) { r.Holder.Birthplace = "Lyon" }, "holder.birthplace"},
		{"born abroad with a commune", func(r *store.Record) { r.Holder.Birthcountry = "99131" }, "holder.birthplace"},
		{"country not a code", func(r *store.Record) { r.Holder.Birthcountry = "BE" }, "holder.birthcountry"},
		{"bad e-mail", func(r *store.Record) { r.Holder.Email = "camille at example.org" }, "holder.email"},
		{"licence number", func(r *store.Record) { r.Licence.Number = "12/34" }, "licence.number"},
		{"unknown category", func(r *store.Record) { r.Licence.Categories[0].Category = "Z" }, "licence.categories[0].category"},
		{"restriction", func(r *store.Record) { r.Licence.Restrictions = []string{"lunettes"} }, "licence.restrictions[0]"},
		{"unknown probation", func(r *store.Record) { r.Licence.Probation = "long" }, "licence.probation"},
		{"unknown class", func(r *store.Record) { r.Events[0].Class = "c6" }, "events[0].class"},
		{"points out of range", func(r *store.Record) { r.Events[1].Points = 7 }, "events[1].points"},
		{"definitive before committed", func(r *store.Record) { r.Events[0].Definitive = r.Events[0].Committed.Date().AddDays(-1) }, "events[0].definitive"},
		{"stage of three days", func(r *store.Record) { r.Events[2].LastDay = r.Events[2].FirstDay.AddDays(2) }, "events[2].last_day"},
		{"NATINF not digits", func(r *store.Record) { r.Events[0].Natinf = "A22" }, "events[0].natinf"},
		{"definitive_by unknown", func(r *store.Record) { r.Events[0].DefinitiveBy = "amnesty" }, "events[0].definitive_by"},
		{"letter unknown", func(r *store.Record) { r.Events[0].Letters[0].Type = "49" }, "events[0].letters[0].type"},
		{"letter without date", func(r *store.Record) { r.Events[0].Letters[0].Date = 0 }, "events[0].letters[0].date"},
		{"place not a commune", func(r *store.Record) { r.Events[0].Place = &store.Place{Commune: "123"} }, "events[0].place.commune"},
		{"centre on an offence", func(r *store.Record) { r.Events[0].Centre = &store.Centre{Name: "x"} }, "events[0].centre"},
		{"stage centre without name", func(r *store.Record) { r.Events[2].Centre.Name = "" }, "events[2].centre.name"},
		{"suspension ends before it starts", func(r *store.Record) { s := &r.Events[1].Suspensions[0]; s.Until = s.From.AddDays(-1) }, "events[1].suspensions[0].until"},
		{"suspension kind", func(r *store.Record) { r.Events[1].Suspensions[0].Kind = "medical" }, "events[1].suspensions[0].kind"},
		{"events without a licence", func(r *store.Record) { r.Licence = nil }, "events"},
		{"blank place of birth's name", func(r *store.Record) { r.Holder.BirthplaceName = "  " }, "holder.birthplace_name"},
		{"address without lines", func(r *store.Record) { r.Holder.Address.Lines = nil }, "holder.address.lines"},
		{"address of four lines", func(r *store.Record) { r.Holder.Address.Lines = []string{"a", "b", "c", "d"} }, "holder.address.lines"},
		{"address with an empty line", func(r *store.Record) { r.Holder.Address.Lines = []string{"12 rue Haute", " "} }, "holder.address.lines[1]"},
		{"postcode of four digits", func(r *store.Record) { r.Holder.Address.Postcode = "7501" }, "holder.address.postcode"},
		{"address without city", func(r *store.Record) { r.Holder.Address.City = "" }, "holder.address.city"},
		{"category valid until before obtained", func(r *store.Record) {
			d := r.Licence.Categories[1].Obtained.AddDays(-1)
			r.Licence.Categories[1].Until = &d
		}, "licence.categories[1].until"},
		{"measure kind", func(r *store.Record) { r.Licence.Measures[0].Kind = "retention" }, "licence.measures[0].kind"},
		{"measure authority", func(r *store.Record) { r.Licence.Measures[0].Authority = "mayor" }, "licence.measures[0].authority"},
		{"annulment by the préfet", func(r *store.Record) {
			r.Licence.Measures[0].Kind, r.Licence.Measures[0].Authority = store.Annulment, store.Administrative
		}, "licence.measures[0].authority"},
		{"measure without start", func(r *store.Record) { r.Licence.Measures[0].From = 0 }, "licence.measures[0].from"},
		{"suspension without end", func(r *store.Record) { r.Licence.Measures[0].Until = nil }, "licence.measures[0].until"},
		{"measure ends before it starts", func(r *store.Record) {
			d := r.Licence.Measures[0].From.AddDays(-1)
			r.Licence.Measures[0].Until = &d
		}, "licence.measures[0].until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := storetest.Record(7)
			tt.change(&r)
			err := r.Validate()
			var fe *store.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Validate = %v, want a FieldError on %s", err, tt.field)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *store.Record)
	}{
		{"the generated record", func(r *store.Record) {}},
		{"a candidate without licence nor events", func(r *store.Record) { r.Licence, r.Events = nil, nil }},
		{"born abroad, no commune", func(r *store.Record) { r.Holder.Birthcountry, r.Holder.Birthplace = "99350", "" }},
		{"born in Corsica", func(r *store.Record) { r.Holder.Birthplace = "2B033" }},
		{"born on 1 January 1970", func(r *store.Record) { r.Holder.Birthdate = points.NewDate(1970, 1, 1) }},
		{"no address nor place name", func(r *store.Record) { r.Holder.Address, r.Holder.BirthplaceName = nil, "" }},
		{"an annulment without end of ban", func(r *store.Record) {
			r.Licence.Measures = []store.Measure{{Kind: store.Annulment, Authority: store.Judicial, From: r.Licence.Obtained.AddYears(12)}}
		}},
		{"a minimal licence", func(r *store.Record) {
			r.Licence = &store.Licence{Licence: r.Licence.Licence}
			r.Events = nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := storetest.Record(8)
			tt.change(&r)
			if err := r.Validate(); err != nil {
				t.Fatalf("Validate = %v", err)
			}
		})
	}
}

func TestFieldErrorSaysFieldAndWhat(t *testing.T) {
	r := storetest.Record(9)
	r.Events[0].Class = "c9"
	err := r.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "events[0].class: ") || !strings.Contains(err.Error(), "c9") {
		t.Fatalf("error %q does not name the field and the value", err)
	}
}
