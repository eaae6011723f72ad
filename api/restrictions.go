package api

// RestrictionMeaning says in French what an EU code of restriction or
// mention printed on a licence means (directive 2006/126/CE, annex I):
// the common ones by name, the others as a code of the directive. The app
// shows it on « Mon permis », the server prints it on the documents.
func RestrictionMeaning(code string) string {
	switch code {
	case "01":
		return "correction ou protection de la vue"
	case "01.01":
		return "lunettes obligatoires"
	case "01.02":
		return "lentilles de contact obligatoires"
	case "01.06":
		return "lunettes ou lentilles de contact obligatoires"
	case "02":
		return "appareil auditif ou aide à la communication"
	case "03":
		return "prothèse ou orthèse des membres"
	case "10.02", "78":
		return "limité aux véhicules à boîte de vitesses automatique"
	case "69":
		return "limité aux véhicules équipés d'un éthylotest antidémarrage"
	case "95":
		return "conducteur titulaire de la qualification initiale ou de la formation continue obligatoire (transport)"
	case "96":
		return "catégorie B avec une remorque de plus de 750 kg, ensemble de 3 500 kg à 4 250 kg"
	}
	return "code européen (annexe I de la directive 2006/126/CE)"
}
