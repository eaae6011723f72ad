package devidp

import (
	"crypto/subtle"
	"mespoints/server/htmlpage"
	"net/http"
)

// loginTemplate is the French login page of both realms. It uses the
// app's stylesheet and has no inline script or style.
var loginTemplate = htmlpage.New("login", `
{{- define "title"}}{{.Title}} — fournisseur d'identité de développement{{end}}
{{- define "site"}}<span class="site-name">{{.Realm}} (développement)</span>{{end}}
{{- define "main"}}
<h1>{{.Title}}</h1>
<p class="banner banner-warn">Fournisseur d'identité de démonstration, présent seulement en mode développement : aucune personne réelle, aucune donnée réelle.</p>
{{- if .Error}}
<div class="banner banner-error" role="alert"><p>{{.Error}}</p></div>
{{- end}}
{{- if .ID}}
<form class="form" method="post" action="/dev-idp/login">
<input type="hidden" name="realm" value="{{.RealmID}}">
<input type="hidden" name="id" value="{{.ID}}">
<div class="field">
<label for="login">Personne de démonstration</label>
<select id="login" name="login" required autocomplete="username">
{{- range .Users}}
<option value="{{.Login}}"{{if eq .Login $.Selected}} selected{{end}}>{{.Name}} ({{.Login}})</option>
{{- end}}
</select>
</div>
<div class="field">
<label for="password">Mot de passe</label>
<p class="hint" id="password-hint">Le même pour toutes les personnes de démonstration : demo</p>
<input id="password" name="password" type="password" required autocomplete="current-password" aria-describedby="password-hint">
</div>
<button type="submit" class="button button-primary">Se connecter</button>
</form>
<h2>Les personnes de démonstration</h2>
<ul>
{{- range .Users}}
<li><strong>{{.Name}}</strong> ({{.Login}}){{if .Description}} : {{.Description}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}`)

// loginUser is a user as the login page lists them.
type loginUser struct{ Login, Name, Description string }

// loginData is what the login page shows.
type loginData struct {
	Realm, RealmID, Title, ID, Error, Selected string
	Users                                      []loginUser
}

// realmTitles name each realm for a person.
var realmTitles = map[realm][2]string{
	realmUsager:        {"Compte permis de conduire", "Se connecter à mon compte permis de conduire"},
	realmFranceConnect: {"FranceConnect", "S'identifier avec FranceConnect"},
}

// renderLogin writes the login page of realm r for request id.
func (p *Provider) renderLogin(w http.ResponseWriter, code int, r realm, id, errText, selected string) {
	d := loginData{Realm: realmTitles[r][0], RealmID: string(r), Title: realmTitles[r][1], ID: id, Error: errText, Selected: selected}
	for _, u := range p.users {
		d.Users = append(d.Users, loginUser{Login: u.Login, Name: u.displayName(), Description: u.Description})
	}
	w.Header().Set("Cache-Control", "no-store")
	htmlpage.Render(w, code, loginTemplate, d)
}

// expired is the text of a login page for a request that is gone.
const expired = "Cette demande de connexion n'est plus valable (elle a expiré). Retournez sur Mes points et recommencez la connexion."

// realmOf returns the realm named in the request, if it is one.
func (p *Provider) realmOf(r *http.Request) (*realmOP, bool) {
	ro, ok := p.realms[realm(r.FormValue("realm"))]
	return ro, ok
}

// ssoCookie is the cookie of a realm's own session, as Keycloak and
// FranceConnect keep one: while it lives, a sign-in at the realm asks
// nothing and comes straight back; the end-session endpoint ends it.
func ssoCookie(r realm) string { return "devidp-session-" + string(r) }

// loginPage shows the login page of a request in progress, or, when the
// browser has a session at the realm, signs it in again at once.
func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	ro, ok := p.realmOf(r)
	if !ok {
		p.renderLogin(w, http.StatusBadRequest, realmUsager, "", expired, "")
		return
	}
	id := r.FormValue("id")
	if _, err := ro.storage.AuthRequestByID(r.Context(), id); err != nil {
		p.renderLogin(w, http.StatusBadRequest, ro.name, "", expired, "")
		return
	}
	if c, err := r.Cookie(ssoCookie(ro.name)); err == nil {
		if login, ok := ro.storage.sessionUser(c.Value); ok {
			for _, u := range p.users {
				if u.Login == login {
					if next, err := ro.completeLogin(id, u); err == nil {
						http.Redirect(w, r, next, http.StatusSeeOther)
						return
					}
				}
			}
		}
	}
	p.renderLogin(w, http.StatusOK, ro.name, id, "", "")
}

// checkLogin checks the login and password and sends the browser back to
// the realm's authorization callback.
func (p *Provider) checkLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	ro, ok := p.realmOf(r)
	if !ok {
		p.renderLogin(w, http.StatusBadRequest, realmUsager, "", expired, "")
		return
	}
	id, login := r.PostFormValue("id"), r.PostFormValue("login")
	if _, err := ro.storage.AuthRequestByID(r.Context(), id); err != nil {
		p.renderLogin(w, http.StatusBadRequest, ro.name, "", expired, "")
		return
	}
	var user *User
	for i := range p.users {
		if p.users[i].Login == login {
			user = &p.users[i]
		}
	}
	if user == nil || subtle.ConstantTimeCompare([]byte(r.PostFormValue("password")), []byte(p.password)) != 1 {
		p.renderLogin(w, http.StatusUnauthorized, ro.name, id, "Identifiant ou mot de passe incorrect.", login)
		return
	}
	next, err := ro.completeLogin(id, *user)
	if err != nil {
		p.renderLogin(w, http.StatusBadRequest, ro.name, "", expired, "")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie(ro.name), Value: ro.storage.openSession(*user), Path: Prefix + "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}
