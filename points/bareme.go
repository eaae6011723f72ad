package points

// BaremeEntry is one common offence of the barème: what a simulator offers
// to choose from (docs/points-rules.md, Points of common offences).
type BaremeEntry struct {
	// Label names the offence in French.
	Label string `json:"label"`
	// Class is its class.
	Class Class `json:"class"`
	// Points is what it withdraws.
	Points int `json:"points"`
}

// Bareme returns the common offences of the barème, in French, in the order
// of docs/points-rules.md. Each call returns a new slice the caller may change.
func Bareme() []BaremeEntry {
	return []BaremeEntry{
		{"Excès de vitesse de moins de 5 km/h, limite supérieure à 50 km/h (depuis le 1er janvier 2024)", C3, 0},
		{"Excès de vitesse de moins de 5 km/h, limite de 50 km/h ou moins (depuis le 1er janvier 2024)", C4, 0},
		{"Excès de vitesse de 5 à moins de 20 km/h, limite supérieure à 50 km/h", C3, 1},
		{"Excès de vitesse de 5 à moins de 20 km/h, limite de 50 km/h ou moins", C4, 1},
		{"Excès de vitesse de 20 à moins de 30 km/h", C4, 2},
		{"Excès de vitesse de 30 à moins de 40 km/h", C4, 3},
		{"Excès de vitesse de 40 à moins de 50 km/h", C4, 4},
		{"Excès de vitesse de 50 km/h ou plus (avant le 29 décembre 2025)", C5, 6},
		{"Excès de vitesse de 50 km/h ou plus (délit depuis le 29 décembre 2025)", Delit, 6},
		{"Téléphone tenu en main", C4, 3},
		{"Ceinture de sécurité non attachée", C4, 3},
		{"Franchissement d'une ligne continue", C4, 3},
		{"Circulation sur la bande d'arrêt d'urgence", C4, 3},
		{"Distance de sécurité non respectée", C4, 3},
		{"Chevauchement d'une ligne continue", C4, 1},
		{"Changement de direction sans clignotant", C2, 3},
		{"Feu rouge non respecté", C4, 4},
		{"Stop non respecté", C4, 4},
		{"Refus de priorité", C4, 4},
		{"Circulation de nuit sans éclairage", C4, 4},
		{"Refus de priorité à un piéton", C4, 6},
		{"Alcoolémie de 0,5 à moins de 0,8 g/L de sang (0,2 g/L en permis probatoire)", C4, 6},
		{"Alcoolémie de 0,8 g/L de sang ou plus", Delit, 6},
		{"Conduite après usage de stupéfiants", Delit, 6},
		{"Refus de se soumettre aux vérifications d'alcoolémie ou de stupéfiants", Delit, 6},
		{"Délit de fuite", Delit, 6},
		{"Conduite malgré une suspension du permis", Delit, 6},
	}
}
