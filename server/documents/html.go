package documents

import (
	"bytes"
	"html/template"
)

// htmlTemplate writes a document as an HTML fragment: its title, dates,
// QR code and code, then its sections. The app keeps it on the device and
// shows it as it is, offline too (the attestation); it uses the app's
// stylesheet's classes and no inline style.
var htmlTemplate = template.Must(template.New("document").Parse(`<div id="attestation">
<h1>{{.D.Title}}</h1>
<p>{{.Issued}}{{with .Until}} — valable jusqu'au {{.}}{{end}}</p>
<figure class="qr-figure">{{.QR}}<figcaption>Code de vérification : <span id="attestation-code" class="code">{{.Code}}</span></figcaption></figure>
{{- range .D.Sections}}
<section class="card"><h2>{{.Heading}}</h2>
{{- if .Facts}}<dl class="facts">{{range .Facts}}<dt>{{.Label}}</dt><dd>{{range $i, $v := .Value}}{{if $i}}<br>{{end}}{{$v}}{{end}}</dd>{{end}}</dl>{{end}}
{{- with .Table}}{{range .Lines}}<p>{{.}}</p>{{end}}{{end}}
{{- range .Lines}}<p>{{.}}</p>{{end}}
</section>
{{- end}}
</div>`))

// HTML writes the signed document d as an HTML fragment with its QR code
// (q's SVG) and its code in groups of 4.
func HTML(d Document, q QR) (string, error) {
	data := struct {
		D             Document
		Issued, Until string
		QR            template.HTML
		Code          string
	}{D: d, Issued: "Délivrée le " + MomentText(d.Issued), QR: template.HTML(q.SVG()), Code: Groups(d.Code)}
	if d.Kind == Integral {
		data.Issued = "Délivré le " + MomentText(d.Issued)
	}
	if d.ValidUntil != nil {
		data.Until = d.ValidUntil.French()
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
