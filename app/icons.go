package app

// The icons of the navigation, drawn for the project on a 24 × 24 grid
// with the text's colour (currentColor). They are decorative: the label
// beside each one is what a screen reader says. SVG attributes are not
// inline styles, so the Content-Security-Policy allows them.

// navIcons are the paths of each icon.
var navIcons = map[string]string{
	// A gauge with its needle: the balance.
	"solde": "M3.5 17a8.5 8.5 0 1 1 17 0M12 17l4-5.5M3.5 20h17",
	// A clock turning back: the history.
	"historique": "M3.5 12a8.5 8.5 0 1 0 2.5-6M3.5 3.5V8H8M12 7.5V12l3 2",
	// A calendar page: the forecast.
	"calendrier": "M4 6h16v14H4zM4 10.5h16M8.5 3.5V7M15.5 3.5V7M8 14h2M14 14h2M8 17h2",
	// A steering wheel: the points-recovery stage.
	"stage": "M12 3.5a8.5 8.5 0 1 0 0 17a8.5 8.5 0 1 0 0-17M12 10a2 2 0 1 0 0 4a2 2 0 1 0 0-4M3.6 11h6.4M14 11h6.4M12 14v6.5",
	// A question in a bubble: "Et si… ?".
	"simulateur": "M12 3.5a8.5 8.5 0 1 0 0 17a8.5 8.5 0 1 0 0-17M9.6 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .9-1 1.6v.5M12 16.8v.2",
	// A card with a photo: the licence.
	"permis": "M3 6h18v12H3zM6 9h4.5v5.5H6zM13 10h5M13 13h5M6 16.5h12",
	// A person: the account.
	"compte": "M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8M4.5 20.5a7.5 7.5 0 0 1 15 0",
	// Three dots: more pages.
	"plus": "M4.3 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0-2.4 0M10.8 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0-2.4 0M17.3 12a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0-2.4 0",
	// A sheet with a folded corner: documents.
	"documents": "M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 15.5h6",
}

// navIcon returns the SVG of an icon, hidden from screen readers.
func navIcon(name string) string {
	return `<svg class="nav-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">` +
		`<path d="` + navIcons[name] + `" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`
}
