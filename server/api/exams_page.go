package api

import (
	"bytes"
	"html/template"
	"net/http"

	wire "mespoints/api"
	"mespoints/exams"
)

// examPage answers GET /api/v1/exams/page?page=examens|reserver|reservations
// (&departement=31 for « Réserver »): the content of the app's exam page
// of that name, as an HTML fragment in French, made from the same answers
// as the JSON routes (ExamFile, ExamSessions). The app shows it as it is
// and posts the bookings and cancellations to the JSON routes: the
// screens cost the WebAssembly next to nothing (every go-app element the
// app builds costs download kilobytes), and html/template escapes every
// value.
func (h *Handler) examPage(w http.ResponseWriter, r *http.Request, ev examView) {
	q := r.URL.Query()
	d := examPageData{File: h.fileOf(ev)}
	// Booking is open when nothing is refused but the accompanying person
	// to declare, or the day of the test (too young for tomorrow's).
	d.CanBook = d.File.Refusal == nil || d.File.Refusal.Code == wire.CodeAccompanistInvalid || d.File.Refusal.Code == wire.CodeTooYoung
	if d.File.Refusal != nil && d.File.Refusal.Code == wire.CodeTooYoung {
		d.AgeNote = d.File.Refusal.Message
	}
	page := q.Get("page")
	switch page {
	case "examens", "reservations":
	case "reserver":
		f := d.File
		if f.Booking != nil || !d.CanBook {
			break
		}
		from := ev.today.AddDays(1)
		if d.AgeNote != "" {
			// Only the tests from the 17th birthday are offered.
			from = max(from, exams.AgeReached(ev.rec.Holder.Birthdate, exams.MinimumAge))
		}
		l, known, err := h.sessionsFrom(r.Context(), q.Get("departement"), from)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		d.Sessions = &l
		if known {
			d.Dep = l.Departement
			for _, c := range l.Centres {
				g := centreSessions{Centre: c}
				for _, s := range l.Sessions {
					if s.Centre.ID == c.ID {
						g.Sessions = append(g.Sessions, s)
					}
				}
				d.Groups = append(d.Groups, g)
			}
		}
	default:
		writeError(w, invalid("Le paramètre page doit être examens, reserver ou reservations."))
		return
	}
	var b bytes.Buffer
	if err := examTemplates.ExecuteTemplate(&b, page, d); err != nil {
		h.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// examPageData is what the exam pages are drawn from.
type examPageData struct {
	File wire.ExamFile
	// CanBook is true unless booking is refused now for another reason
	// than the accompanying person to declare or the day of the test.
	CanBook bool
	// AgeNote says from which day the candidate may take the test, when
	// they will be 17 after tomorrow.
	AgeNote string
	// Sessions are the catalogue's départements, and Dep and Groups the
	// chosen département and its sessions by centre.
	Sessions *wire.ExamSessions
	Dep      string
	Groups   []centreSessions
}

// centreSessions are a centre's sessions.
type centreSessions struct {
	Centre   wire.ExamCentre
	Sessions []wire.ExamSession
}

// examTemplates draw the three pages.
var examTemplates = template.Must(template.New("examens").Parse(`
{{- define "examens" -}}
<section id="code" class="card" aria-labelledby="code-validite">
<p id="code-validite"><strong>{{.File.Code.Text}}</strong></p>
<p class="hint">{{.File.Code.Presentations}} Source : {{.File.Code.Source}}.</p>
</section>
{{- with .File.CEPC}}
{{- if .Valid}}
<section id="cepc" class="card" aria-labelledby="cepc-titre">
<h2 id="cepc-titre">Mon certificat d'examen (CEPC)</h2>
<p>Examen réussi le {{.Date.French}} : votre certificat d'examen du permis de conduire vous permet de conduire en France jusqu'au {{.ValidUntil.French}} inclus, en attendant votre permis. Présentez-le avec une pièce d'identité en cas de contrôle.</p>
<p><a id="cepc-pdf" class="button button-primary" href="{{.URL}}" download>Télécharger mon certificat (PDF)</a></p>
<p class="hint">Il porte un code de vérification, et il est aussi dans <a href="/documents">Mes documents</a>. Source : {{.Source}}.</p>
</section>
{{- else}}
<p id="cepc" class="banner banner-info">Examen réussi le {{.Date.French}}. Le certificat d'examen du permis de conduire (CEPC) ne vaut titre de conduite que jusqu'au {{.ValidUntil.French}}, ou jusqu'à la délivrance du permis : il n'est plus délivré.</p>
{{- end}}
{{- end}}
<p id="prochaine-etape"><strong>{{.File.Next}}</strong></p>
{{- with .AgeNote}}
<p id="age" class="banner banner-info" role="status">{{.}}</p>
{{- end}}
{{- if and .CanBook (not .File.Booking)}}
<p><a class="button button-primary" href="/examens/reserver">Réserver une place</a></p>
{{- end}}
<h2>Mes résultats</h2>
{{- if .File.Results}}
<ul id="resultats">{{range .File.Results}}<li>{{.}}</li>{{end}}</ul>
{{- else}}
<p id="resultats">Aucun examen passé pour le moment.</p>
{{- end}}
{{- with .File.BookWhy}}
<p class="hint">{{.}}</p>
{{- end}}
{{- end}}

{{- define "reserver" -}}
{{- if .File.Booking -}}
<p>Vous avez déjà une réservation : <a href="/examens/reservations">voir ma convocation</a>.</p>
{{- else if not .CanBook -}}
<p id="refus" class="banner banner-error" role="alert">{{.File.Refusal.Message}}</p>
{{- else -}}
{{- with .AgeNote}}
<p id="age" class="banner banner-info" role="status">{{.}}</p>
{{- end}}
<form id="reservation" class="form">
<div class="field"><label for="departement">Département</label>
<select id="departement"><option value="">Choisissez un département</option>
{{- range .Sessions.Departements}}<option value="{{.Code}}"{{if eq .Code $.Dep}} selected{{end}}>{{.Name}} ({{.Code}})</option>{{end -}}
</select></div>
{{- if .Dep}}
<div class="field"><label for="session">Centre, jour et heure</label>
<p id="session-aide" class="hint">Les examens complets ne peuvent pas être choisis.</p>
<select id="session" aria-describedby="session-aide" required><option value="">Choisissez un examen</option>
{{- range .Groups}}<optgroup label="{{.Centre.Name}} — {{.Centre.Address}}">{{range .Sessions}}<option value="{{.ID}}"{{if eq .Left 0}} disabled{{end}}>{{.Label}}</option>{{end}}</optgroup>{{end -}}
</select></div>
{{- if .File.Free}}
<fieldset id="accompagnateur"><legend>La personne qui vous accompagnera</legend>
<p class="hint">Sans auto-école, un proche titulaire du permis B depuis au moins 5 ans le jour de l'examen vous accompagne, et vous venez avec un véhicule à double commande.</p>
<div class="field"><label for="acc-nom">Nom et prénom</label><input id="acc-nom" type="text" autocomplete="off" required></div>
<div class="field"><label for="acc-permis">Date d'obtention de son permis B</label>
<p id="acc-permis-aide" class="hint">Jour, mois et année : JJ/MM/AAAA, par exemple 20/06/2001.</p>
<input id="acc-permis" type="text" inputmode="numeric" maxlength="10" aria-describedby="acc-permis-aide" required></div>
<p class="check"><input id="acc-double" type="checkbox" required> <label for="acc-double">Je viendrai avec un véhicule à double commande.</label></p>
</fieldset>
{{- end}}
<button id="confirmer-reservation" class="button button-primary" type="submit">Confirmer la réservation</button>
{{- end}}
</form>
{{- end}}
{{- end}}

{{- define "reservations" -}}
{{- with .File.Booking -}}
<section id="convocation" class="card" aria-labelledby="convocation-titre">
<h2 id="convocation-titre">Convocation à l'examen du permis de conduire (catégorie B)</h2>
<dl class="facts">
<div><dt>Date</dt><dd id="convocation-date">{{.Session.When}}</dd></div>
<div><dt>Centre</dt><dd id="convocation-centre">{{.Session.Centre.Name}}</dd></div>
<div><dt>Adresse</dt><dd>{{.Session.Centre.Address}}</dd></div>
{{- with .Accompanist}}
<div><dt>Accompagnateur</dt><dd>{{.Name}}</dd></div>
{{- end}}
</dl>
<p>À apporter :</p>
<ul id="a-apporter">{{range .Bring}}<li>{{.}}</li>{{end}}</ul>
<p><a id="agenda" href="{{.Calendar}}" download="convocation-examen.ics">Ajouter à mon agenda</a></p>
</section>
<button id="annuler-reservation" class="button button-danger" type="button" aria-expanded="false" aria-controls="confirmer-annulation">Annuler la réservation…</button>
<div id="confirmer-annulation" class="confirm" role="group" aria-labelledby="cout-annulation" hidden>
<p id="cout-annulation"><strong>{{.Cancel.Message}}</strong></p>
<button id="confirmer" class="button button-danger" type="button" value="{{.ID}}">Oui, annuler</button>
<button id="garder" class="button button-secondary" type="button">Non, la garder</button>
</div>
{{- else -}}
<p id="aucune-reservation">Aucune réservation en cours.</p>
<p>{{.File.Next}}</p>
{{- if .CanBook}}
<p><a class="button button-primary" href="/examens/reserver">Réserver une place</a></p>
{{- end}}
{{- end}}
{{- end}}
`))
