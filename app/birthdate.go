package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// The date of birth of the linking form is typed as a person thinks of it,
// JJ/MM/AAAA, in one text field with a numeric keyboard: no native date
// picker, which may show mm/dd/yyyy. A phone's numeric keyboard has no
// "/", so "15031990" is read too.

// Messages of the date of birth, shown next to the field.
const (
	birthdateMissing  = "Indiquez votre date de naissance, par exemple 15/03/1990."
	birthdateFormat   = "Écrivez la date au format JJ/MM/AAAA, par exemple 15/03/1990 : le jour, le mois, puis l'année en 4 chiffres."
	birthdateNoSuch   = "Cette date n'existe pas : vérifiez le jour et le mois."
	birthdateFuture   = "Cette date est à venir : vérifiez l'année."
	birthdateTooEarly = "Vérifiez l'année : elle doit être postérieure à 1900."
)

// parseBirthdate reads a date of birth typed as JJ/MM/AAAA (or with ".",
// "-" or spaces between the parts, a day or month of one digit allowed),
// or as 8 digits JJMMAAAA. The year has 4 digits. It returns the date, or
// the French message that says what is wrong.
func parseBirthdate(s string, today points.Date) (points.Date, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, birthdateMissing
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' || r == ' ' })
	if len(parts) == 1 && len(s) == 8 {
		parts = []string{s[0:2], s[2:4], s[4:8]}
	}
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return 0, birthdateFormat
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || strings.ContainsAny(p, "+-") {
			return 0, birthdateFormat
		}
		n[i] = v
	}
	d, m, y := n[0], n[1], n[2]
	if y < 1900 {
		return 0, birthdateTooEarly
	}
	date, err := points.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	if err != nil {
		return 0, birthdateNoSuch
	}
	if date > today {
		return 0, birthdateFuture
	}
	return date, ""
}

// birthdateField is the field of the date of birth: its label, its hint,
// the text input with a numeric keyboard, and the message of a wrong
// date next to it, which the input refers to.
func birthdateField(value, message string, onInput app.EventHandler) app.UI {
	described := "naissance-aide"
	if message != "" {
		described += " naissance-erreur"
	}
	return app.Div().Class("field").Body(
		app.Label().For("naissance").Text("Date de naissance"),
		app.P().ID("naissance-aide").Class("hint").Text("Jour, mois et année : JJ/MM/AAAA, par exemple 15/03/1990."),
		app.If(message != "", func() app.UI {
			return app.P().ID("naissance-erreur").Class("field-error").Text(message)
		}),
		app.Input().ID("naissance").Name("naissance").Type("text").Attr("inputmode", "numeric").
			Attr("autocomplete", "bday").MaxLength(10).Size(10).Required(true).
			Aria("describedby", described).Aria("invalid", strconv.FormatBool(message != "")).
			Value(value).OnInput(onInput),
	)
}
