package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"mespoints/server/htmlpage"
	"mespoints/server/kv"
)

// outboxSize is how many messages the outbox keeps, newest first.
const outboxSize = 200

// Where a shared outbox keeps its messages: one entry a message, under
// sharedPrefix, keyed by the time it was sent, for sharedTTL.
const (
	sharedPrefix = "devmail/"
	sharedTTL    = 24 * time.Hour
)

// Sent is a message the outbox received, with when.
type Sent struct {
	Message
	// At is when it was sent.
	At time.Time
}

// Outbox is the local mail catcher of development mode: messages are kept
// (the last 200) instead of being sent, and shown at /dev-mail/. It never
// goes out of -dev: the server builds one only then. NewOutbox keeps them
// in memory; NewSharedOutbox in the shared state, so that the nodes of a
// development cluster show one another's mail.
type Outbox struct {
	shared kv.Store // nil: in memory

	mu   sync.Mutex
	msgs []Sent
}

// NewOutbox returns an empty outbox kept in memory.
func NewOutbox() *Outbox { return &Outbox{} }

// NewSharedOutbox returns an outbox kept in the shared state s: every
// node built on the same s shows the messages any of them sent. A
// message is kept a day.
func NewSharedOutbox(s kv.Store) *Outbox { return &Outbox{shared: s} }

// Send keeps m.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	sent := Sent{Message: m, At: time.Now()}
	if o.shared != nil {
		return o.sendShared(ctx, sent)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, sent)
	if len(o.msgs) > outboxSize {
		o.msgs = o.msgs[len(o.msgs)-outboxSize:]
	}
	return nil
}

// sendShared writes one message in the shared state, under a key that
// sorts by time and differs between nodes sending at the same moment.
func (o *Outbox) sendShared(ctx context.Context, sent Sent) error {
	b, err := json.Marshal(sent)
	if err != nil {
		return fmt.Errorf("mail: keep the message: %w", err)
	}
	var tag [4]byte
	rand.Read(tag[:])
	key := fmt.Sprintf("%s%019d-%s", sharedPrefix, sent.At.UnixNano(), hex.EncodeToString(tag[:]))
	if err := o.shared.Update(ctx, func(tx kv.Tx) error {
		tx.Put(key, b, sharedTTL)
		return nil
	}); err != nil {
		return fmt.Errorf("mail: keep the message: %w", err)
	}
	return nil
}

// list returns the messages kept, oldest first (at most the last
// outboxSize).
func (o *Outbox) list(ctx context.Context) ([]Sent, error) {
	if o.shared == nil {
		o.mu.Lock()
		defer o.mu.Unlock()
		return slices.Clone(o.msgs), nil
	}
	var out []Sent
	after := ""
	for {
		page, err := o.shared.List(ctx, sharedPrefix, after, 100)
		if err != nil {
			return nil, fmt.Errorf("mail: read the outbox: %w", err)
		}
		for _, e := range page {
			var s Sent
			if err := json.Unmarshal(e.Value, &s); err != nil {
				return nil, fmt.Errorf("mail: read the outbox: %w", err)
			}
			out = append(out, s)
		}
		if len(page) < 100 {
			break
		}
		after = page[len(page)-1].Key
	}
	if len(out) > outboxSize {
		out = out[len(out)-outboxSize:]
	}
	return out, nil
}

// Messages returns the messages kept, oldest first; nothing when the
// shared state of a shared outbox cannot answer (it is for tests).
func (o *Outbox) Messages() []Sent {
	msgs, _ := o.list(context.Background())
	return msgs
}

// Last returns the last message sent to to, and false if none.
func (o *Outbox) Last(to string) (Sent, bool) {
	msgs := o.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To == to {
			return msgs[i], true
		}
	}
	return Sent{}, false
}

var outboxPage = htmlpage.New("outbox", `
{{- define "title"}}Courriels envoyés — développement{{end}}
{{- define "site"}}<span class="site-name">Mes points (développement)</span>{{end}}
{{- define "main"}}
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
{{- end}}`)

// Handler shows the messages, newest first, on a French page; 503 with
// Retry-After when the shared state of a shared outbox cannot answer.
func (o *Outbox) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET")
			http.Error(w, "Méthode non acceptée", http.StatusMethodNotAllowed)
			return
		}
		msgs, err := o.list(r.Context())
		if err != nil {
			w.Header().Set("Retry-After", "10")
			http.Error(w, "Courriels momentanément indisponibles, réessayez dans quelques instants.", http.StatusServiceUnavailable)
			return
		}
		slices.Reverse(msgs)
		w.Header().Set("Cache-Control", "no-store")
		htmlpage.Render(w, http.StatusOK, outboxPage, msgs)
	})
}
