package exams

// Source is the text a rule comes from: its reference as a lawyer would
// cite it, and where a reader finds it.
type Source struct {
	// Text names the text and its article.
	Text string `json:"text"`
	// URL is where the text can be read.
	URL string `json:"url,omitempty"`
}

// The texts the rules come from. A URL is given where the text was read;
// docs/exams.md says which rules are still to be confirmed.
var (
	// SourceETG is the theory test: 40 questions, passed with at least 35
	// correct answers, taken at an approved operator (La Poste, SGS,
	// Dekra, Bureau Veritas, Pearson VUE…).
	SourceETG = Source{Text: "Arrêté du 20 avril 2012 fixant les conditions d'établissement, de délivrance et de validité du permis de conduire : épreuve théorique générale de 40 questions, réussie avec au moins 35 bonnes réponses"}
	// SourceETGValidity is the 5 years of validity of the theory test,
	// whatever the number of practical tests since the arrêté du 17
	// novembre 2022, which removed the old limit of five presentations.
	SourceETGValidity = Source{Text: "arrêté du 20 avril 2012 modifié par l'arrêté du 17 novembre 2022 (JO du 3 décembre 2022)"}
	// SourcePractical is the practical test's marking: at least 20
	// points out of 31 and no eliminatory fault.
	SourcePractical = Source{Text: "Arrêté du 19 février 2010 relatif aux modalités de l'épreuve pratique de l'examen du permis de conduire de la catégorie B, article 26 : au moins 20 points (sur 31) et aucune erreur éliminatoire",
		URL: "https://legal.tricoteuses.fr/articles/JORFARTI000021897963"}
	// SourceResultDelay is the publication of the practical test's result
	// 48 hours after the test.
	SourceResultDelay = Source{Text: "Sécurité routière : le résultat de l'examen pratique est consultable en ligne 48 heures après l'épreuve"}
	// SourceCEPC is the certificate of a passed practical test, a
	// provisional licence for 4 months.
	SourceCEPC = Source{Text: "Arrêté du 20 avril 2012 modifié (arrêté du 27 juin 2013) : le certificat d'examen du permis de conduire (CEPC) vaut titre de conduite provisoire pendant 4 mois à compter de l'examen"}
	// SourceRdvPermis is the arrêté du 27 avril 2021 (RdvPermis), whose
	// article 3, II sets the waiting times before a booking for category B.
	SourceRdvPermis = Source{Text: "arrêté du 27 avril 2021 relatif à la réservation nominative des places d'examen (RdvPermis), article 3, II",
		URL: "https://legal.tricoteuses.fr/articles/JORFARTI000043459023"}
	// SourceAccompanist is the double commitment of a candidate without a
	// driving school: an accompanying person who holds category B, and a
	// dual-control car.
	SourceAccompanist = Source{Text: "Arrêté du 27 avril 2021 (RdvPermis), article 2 : le candidat libre s'engage à être accompagné le jour de l'examen par un proche titulaire du permis B et à présenter un véhicule à double commande ; permis B détenu depuis au moins 5 ans (à confirmer dans le texte)"}
)

// The marks and delays of the tests.
const (
	// CodeQuestions is the number of questions of the theory test.
	CodeQuestions = 40
	// CodePassMark is the number of correct answers that passes it.
	CodePassMark = 35
	// CodeValidityYears is how long a passed theory test lets its holder
	// take the practical test.
	CodeValidityYears = 5
	// PracticalMax is the most points of the practical test.
	PracticalMax = 31
	// PracticalPassMark is the least points that pass it (with no
	// eliminatory fault).
	PracticalPassMark = 20
	// ResultDelayMinutes is how long after the practical test its result
	// is published: 48 hours.
	ResultDelayMinutes = 48 * 60
	// CEPCValidityMonths is how long the certificate of a passed
	// practical test is a provisional licence.
	CEPCValidityMonths = 4
	// AccompanistYears is how long the accompanying person of a candidate
	// without a driving school must have held category B.
	AccompanistYears = 5
)
