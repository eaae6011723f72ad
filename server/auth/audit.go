package auth

import (
	"fmt"

	"mespoints/server/audit"
)

// AuditEntry is one view or change of a dossier in the audit log: who
// (the account ID, a hash of issuer and subject), when, what (the route
// pattern or action), which dossier and on which node — never any of the
// dossier's content.
type AuditEntry = audit.Entry

// Audit records, in the audit log, that the session's account did action
// to the dossier neph. It does no I/O: the log writes its entries in
// batches (see package audit). Without an audit log (Options.Audit nil)
// it records nothing.
func (s *Service) Audit(sess Session, neph, action string) error {
	if s.audit == nil {
		return nil
	}
	s.audit.Record(audit.Entry{At: s.now().UTC(), Account: sess.Account, Provider: sess.Provider, NEPH: neph, Action: action})
	return nil
}

// AuditTrail returns every audit entry, oldest first, once every entry
// recorded before is written.
func (s *Service) AuditTrail() ([]AuditEntry, error) {
	if s.audit == nil {
		return nil, nil
	}
	s.audit.Flush()
	var out []AuditEntry
	for e, err := range s.audit.Entries(audit.Filter{}) {
		if err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}
