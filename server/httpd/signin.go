package httpd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/demo"
	"mespoints/server/devidp"
	"mespoints/server/kv"
	"mespoints/server/store"
)

// personaTexts are, for each demo login, the persona's gender (for
// FranceConnect's pivot) and what the dossier shows, in French, for the
// development provider's login page.
var personaTexts = map[string][2]string{
	"camille": {"female", "9 points sur 12 après une infraction récente, éligible au stage"},
	"lucas":   {"male", "jeune conducteur en période probatoire, sans infraction"},
	"ines":    {"female", "conduite accompagnée, 3 points perdus, stage obligatoire (48N) effectué"},
	"marc":    {"male", "4 points sur 12, une restitution après 10 ans, une restitution totale à venir"},
	"sophie":  {"female", "11 points sur 12, le point perdu revient dans quelques semaines"},
	"karim":   {"male", "permis invalidé (48SI), solde nul"},
	"anne":    {"female", "12 points sur 12, jamais d'infraction, née à l'étranger"},
	"theo":    {"male", "candidat libre au permis, code réussi : peut réserver une place d'examen"},
	"lea":     {"female", "candidate au permis, code pas encore réussi : réservation refusée"},
	"yanis":   {"male", "candidat ajourné à l'examen il y a 6 jours (17/31) : doit attendre 20 jours pour réserver"},
	"nora":    {"female", "examen de conduite réussi il y a 5 semaines, permis pas encore fabriqué : certificat d'examen (CEPC) à télécharger"},
}

// providers returns the relying party's settings of each provider: those
// configured, and in -dev the embedded provider for the others, whose
// client secrets are kept in the shared state (every node of a
// development cluster uses the same). It returns the clients to register
// at the embedded provider, if any.
func providers(ctx context.Context, cfg config.Config, shared kv.Store) ([]auth.ProviderConfig, map[string]devidp.Client, error) {
	base := cfg.BaseURL()
	var out []auth.ProviderConfig
	dev := map[string]devidp.Client{}
	for _, p := range []struct {
		name string
		c    config.Provider
	}{{auth.Usager, cfg.Usager}, {auth.FranceConnect, cfg.FranceConnect}} {
		scopes := p.c.ScopeList()
		if len(scopes) == 0 {
			def := config.DefaultUsagerScopes
			if p.name == auth.FranceConnect {
				def = config.DefaultFranceConnectScopes
			}
			scopes = config.Provider{Scopes: def}.ScopeList()
		}
		pc := auth.ProviderConfig{
			Name:                  p.name,
			Issuer:                p.c.Issuer,
			ClientID:              p.c.ClientID,
			ClientSecret:          p.c.ClientSecret,
			RedirectURL:           p.c.RedirectURL,
			Scopes:                scopes,
			PostLogoutRedirectURL: base + "/auth/logged-out",
		}
		if pc.RedirectURL == "" {
			pc.RedirectURL = base + "/auth/" + p.name + "/callback"
		}
		if !p.c.Configured() {
			if !cfg.Dev {
				continue
			}
			secret, err := devidp.SharedSecret(ctx, shared, p.name)
			if err != nil {
				return nil, nil, err
			}
			pc.Issuer = devidp.Issuer(base, p.name)
			pc.ClientID = "mespoints-dev"
			pc.ClientSecret = secret
			dev[p.name] = devidp.Client{ID: pc.ClientID, Secret: pc.ClientSecret, RedirectURI: pc.RedirectURL, PostLogoutRedirectURI: pc.PostLogoutRedirectURL}
		}
		out = append(out, pc)
	}
	return out, dev, nil
}

// devUsers returns the demo personas as users of the development
// provider, their identity read from their dossier in the store (the
// demo's dates are relative to the day the store was seeded), or from the
// demo records of day if the store lacks it.
func devUsers(st *store.Store, day points.Date) ([]devidp.User, error) {
	fresh := demo.Records(day)
	users := make([]devidp.User, 0, len(demo.Personas))
	for i, p := range demo.Personas {
		h := fresh[i].Holder
		rec, err := st.Get(p.NEPH)
		switch {
		case err == nil:
			h = rec.Holder
		case !errors.Is(err, store.ErrNotFound):
			return nil, fmt.Errorf("read demo dossier of %s: %w", p.Login, err)
		}
		country := h.Birthcountry
		if country == "" {
			country = store.CountryFrance
		}
		users = append(users, devidp.User{
			Login: p.Login, GivenNames: h.GivenNames, FamilyName: h.FamilyName, UsageName: h.UsageName,
			Birthdate: h.Birthdate.String(), Birthplace: h.Birthplace, Birthcountry: country,
			Gender: personaTexts[p.Login][0], Email: h.Email, Description: personaTexts[p.Login][1],
		})
	}
	return users, nil
}

// devProvider seeds the demo dossiers into an empty store and builds the
// embedded provider with the clients of the providers left to it. The
// dossiers are those of the demo's day, kept in the shared state: every
// node of a development cluster holds the same.
func devProvider(ctx context.Context, cfg config.Config, st *store.Store, shared kv.Store, clients map[string]devidp.Client, today points.Date, log *slog.Logger) (*devidp.Provider, error) {
	day, err := demo.Day(ctx, shared, today)
	if err != nil {
		return nil, err
	}
	seeded, err := demo.SeedIfEmpty(st, day)
	if err != nil {
		return nil, err
	}
	if seeded {
		log.Info("demo dossiers loaded", "count", len(demo.Personas))
	}
	if len(clients) == 0 {
		return nil, nil
	}
	users, err := devUsers(st, day)
	if err != nil {
		return nil, err
	}
	opts := devidp.Options{BaseURL: cfg.BaseURL(), Users: users, Usager: clients[auth.Usager], FranceConnect: clients[auth.FranceConnect]}
	// A realm whose provider is configured for real still needs a client
	// to be built; it is never used.
	for name, c := range map[string]*devidp.Client{auth.Usager: &opts.Usager, auth.FranceConnect: &opts.FranceConnect} {
		if c.ID == "" {
			*c = devidp.Client{ID: "unused", RedirectURI: cfg.BaseURL() + "/auth/" + name + "/callback"}
		}
	}
	return devidp.New(opts)
}
