package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// Notices are what the service has to tell the person (issue 13): "your
// link was removed because the holder identified with FranceConnect".
// They come with GET /api/v1/me, are shown once, politely, at the top of
// the page, until the person closes them or the app stops; a notice seen
// is not shown again in this run of the app.
var notices struct {
	list []api.Notice
	seen map[api.Notice]bool
}

// addNotices queues the notices of an answer of /me that were not seen.
func addNotices(list []api.Notice) {
	for _, n := range list {
		if notices.seen[n] {
			continue
		}
		if notices.seen == nil {
			notices.seen = map[api.Notice]bool{}
		}
		notices.seen[n] = true
		notices.list = append(notices.list, n)
	}
}

// noticesBanner shows the queued notices, each with a button to close it.
func noticesBanner() app.UI {
	if len(notices.list) == 0 {
		return nil
	}
	return app.Section().ID("avis").Class("notices").Aria("label", "Message du service").Body(
		app.Range(notices.list).Slice(func(i int) app.UI {
			n := notices.list[i]
			return app.Div().Class("banner banner-info").Attr("role", "status").Body(
				para(noticeText(n)),
				app.Button().Class("button button-secondary").Type("button").Text("J'ai compris").
					OnClick(func(ctx app.Context, e app.Event) {
						if closeNotice(n) {
							ctx.Async(func() { fetchAPI("POST", pathNoticesAck, nil) })
						}
					}),
			)
		}),
	)
}

// closeNotice removes n from the notices shown, and says whether none is
// left: the service is then told (POST /api/v1/me/notices/ack) so that it
// stops sending them; until then they come back at the next visit.
func closeNotice(n api.Notice) bool {
	kept := notices.list[:0]
	for _, m := range notices.list {
		if m != n {
			kept = append(kept, m)
		}
	}
	notices.list = kept
	return len(kept) == 0
}

// pathNoticesAck tells the service the notices were read.
const pathNoticesAck = "/api/v1/me/notices/ack"

// noticeText is the notice in French: the service's message, or the
// app's own words for a code it knows when the message is empty.
func noticeText(n api.Notice) string {
	if n.Message != "" {
		return n.Message
	}
	switch n.Code {
	case api.NoticeLinkRemoved:
		return "Le rattachement de votre compte à votre dossier a été retiré : le titulaire du dossier s'est identifié avec FranceConnect. " +
			"Si ce dossier est le vôtre, identifiez-vous avec FranceConnect pour le consulter."
	}
	return "Le service a un message pour vous, qu'il n'a pas pu afficher. Réessayez plus tard."
}
