package auth

import (
	"context"
	"fmt"
	"time"

	"mespoints/server/kv"
)

// NoticeLinkRemoved is the code of the notice an account gets when its
// link to a dossier was removed.
const NoticeLinkRemoved = "link_removed"

// The texts of the notices.
const (
	noticeLinkRemovedByFranceConnect = "Votre compte n'est plus rattaché au dossier que vous consultiez : son titulaire s'est identifié avec FranceConnect, qui prime sur un rattachement par compte permis de conduire. Si ce dossier est le vôtre, identifiez-vous avec FranceConnect."
	noticeLinkRemovedByHolder        = "Le titulaire du dossier que vous consultiez en a détaché votre compte. Si ce dossier est le vôtre, identifiez-vous avec FranceConnect : il vous sera rattaché aussitôt."
)

// noticeLifetime is how long a notice waits for an account that does not
// come back.
const noticeLifetime = 365 * 24 * time.Hour

// maxNotices bounds the notices an account keeps.
const maxNotices = 10

// Notice is something an account must be told at its next visit.
type Notice struct {
	// Code is NoticeLinkRemoved.
	Code string `json:"code"`
	// Message says it in French.
	Message string `json:"message"`
	// At is when it happened.
	At time.Time `json:"at"`
}

// notices is the entry auth/notices/<account>.
type notices struct {
	Notices []Notice `json:"notices"`
}

// addNotice leaves n for account id in tx.
func addNotice(tx kv.Tx, id string, n Notice, now time.Time) error {
	cur, _, err := getJSON[notices](tx, noticesKey(id))
	if err != nil {
		return err
	}
	cur.Notices = append(cur.Notices, n)
	if len(cur.Notices) > maxNotices {
		cur.Notices = cur.Notices[len(cur.Notices)-maxNotices:]
	}
	return putJSON(tx, noticesKey(id), cur, noticeLifetime)
}

// Notices returns what the session's account must be told, oldest first.
// They stay until AckNotices.
func (s *Service) Notices(ctx context.Context, sess Session) ([]Notice, error) {
	n, _, err := readJSON[notices](ctx, s.kv, noticesKey(sess.Account))
	if err != nil {
		return nil, fmt.Errorf("read notices: %w", err)
	}
	return n.Notices, nil
}

// AckNotices forgets the notices of the session's account: the app showed
// them.
func (s *Service) AckNotices(ctx context.Context, sess Session) error {
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		tx.Delete(noticesKey(sess.Account))
		return nil
	})
	if err != nil {
		return fmt.Errorf("acknowledge notices: %w", err)
	}
	return nil
}
