package mail

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"sync"
	"time"
)

// outboxSize is how many messages the outbox keeps, newest first.
const outboxSize = 200

// Sent is a message the outbox received, with when.
type Sent struct {
	Message
	// At is when it was sent.
	At time.Time
}

// Outbox is the local mail catcher of development mode: messages are kept
// in memory (the last 200) instead of being sent, and shown at /dev-mail/.
// It never goes out of -dev: the server builds one only then.
type Outbox struct {
	mu   sync.Mutex
	msgs []Sent
}

// NewOutbox returns an empty outbox.
func NewOutbox() *Outbox { return &Outbox{} }

// Send keeps m.
func (o *Outbox) Send(_ context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, Sent{Message: m, At: time.Now()})
	if len(o.msgs) > outboxSize {
		o.msgs = o.msgs[len(o.msgs)-outboxSize:]
	}
	return nil
}

// Messages returns the messages kept, oldest first.
func (o *Outbox) Messages() []Sent {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Sent(nil), o.msgs...)
}

// Last returns the last message sent to to, and false if none.
func (o *Outbox) Last(to string) (Sent, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.msgs) - 1; i >= 0; i-- {
		if o.msgs[i].To == to {
			return o.msgs[i], true
		}
	}
	return Sent{}, false
}

var outboxPage = template.Must(template.New("outbox").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Courriels envoyés — développement</title>
<link rel="stylesheet" href="/web/style.css">
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header"><div class="wrap"><span class="site-name">Mes points (développement)</span></div></header>
<main class="wrap" id="contenu" tabindex="-1">
<h1>Courriels envoyés</h1>
<p class="banner banner-warn">Boîte de réception de démonstration, présente seulement en mode développement : les courriels du service y arrivent au lieu d'être envoyés.</p>
{{- if not .}}
<p>Aucun courriel pour le moment.</p>
{{- end}}
{{- range .}}
<article class="courriel">
<h2>{{.Subject}}</h2>
<p>À : <span class="destinataire">{{.To}}</span>, le {{.At.Format "02/01/2006 à 15:04:05"}}</p>
<pre class="corps">{{.Body}}</pre>
</article>
{{- end}}
</main>
</body>
</html>
`))

// Handler shows the messages, newest first, on a French page.
func (o *Outbox) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET")
			http.Error(w, "Méthode non acceptée", http.StatusMethodNotAllowed)
			return
		}
		msgs := o.Messages()
		for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
			msgs[i], msgs[j] = msgs[j], msgs[i]
		}
		var b bytes.Buffer
		if err := outboxPage.Execute(&b, msgs); err != nil {
			http.Error(w, "Erreur interne", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b.Bytes())
	})
}
