package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/store"
)

// PageData returns what a dossier page drawn for this request may show
// before the app runs (see wire.PageData): /me's and /dossier's answers,
// exactly as the API would give them now, and the day in Paris. ok is false — the page is then
// drawn for nobody — without a live session, for an account linked to no
// dossier or to one the store does not hold, for an account with notices
// to show (the app asks /me for them), and when the request carries
// wire.SignOutPendingCookie (the person signed out on the device, without
// network). A page drawn with the dossier is a view of it: it is written
// to the audit log, with action (the page's route, "GET /solde"). An error
// is the shared state's or the store's; the caller then draws the page for
// nobody.
func (h *Handler) PageData(r *http.Request, action string) (data wire.PageData, today points.Date, ok bool, err error) {
	if _, err := r.Cookie(wire.SignOutPendingCookie); err == nil {
		return wire.PageData{}, 0, false, nil
	}
	sess, acct, err := h.auth.Session(r)
	if errors.Is(err, auth.ErrNoSession) {
		return wire.PageData{}, 0, false, nil
	}
	if err != nil {
		return wire.PageData{}, 0, false, fmt.Errorf("page data: %w", err)
	}
	if !acct.Linked() {
		return wire.PageData{}, 0, false, nil
	}
	notices, err := h.auth.Notices(r.Context(), sess)
	if err != nil {
		return wire.PageData{}, 0, false, fmt.Errorf("page data: %w", err)
	}
	if len(notices) > 0 {
		return wire.PageData{}, 0, false, nil
	}
	rec, err := h.store.Get(acct.NEPH)
	if errors.Is(err, store.ErrNotFound) {
		return wire.PageData{}, 0, false, nil
	}
	if err != nil {
		return wire.PageData{}, 0, false, fmt.Errorf("page data: %w", err)
	}
	if err := h.auth.Audit(sess, acct.NEPH, action); err != nil {
		return wire.PageData{}, 0, false, fmt.Errorf("page data: %w", err)
	}
	now := h.now()
	d := dossierOf(rec)
	d.FetchedAt = now.UTC().Truncate(time.Second)
	return wire.PageData{Me: meOf(sess, acct, nil), Dossier: d}, points.DateOf(now.In(h.paris)), true, nil
}
