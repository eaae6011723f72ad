package booking

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"strings"

	"mespoints/points"
)

// The keys of the shared store (see the package's documentation).
const (
	keyCurrent       = "exams/catalogue"
	keyGenerations   = "exams/catalogues"
	prefixCatalogue  = "exams/cat/"
	prefixTaken      = "exams/taken/"
	prefixBookings   = "exams/bookings/"
	prefixCandidates = "exams/candidates/"
)

func departementsKey(gen string) string { return prefixCatalogue + gen + "/departements" }
func centresPrefix(gen, dep string) string {
	return prefixCatalogue + gen + "/c/" + dep + "/"
}
func centreKey(gen string, c Centre) string  { return centresPrefix(gen, c.Departement) + c.ID }
func sessionsPrefix(gen string) string       { return prefixCatalogue + gen + "/s/" }
func sessionKey(gen, id string) string       { return sessionsPrefix(gen) + id }
func takenKey(id string) string              { return prefixTaken + id }
func bookingKey(session, id string) string   { return prefixBookings + session + "/" + id }
func bookingsPrefix(session string) string   { return prefixBookings + session + "/" }
func candidateKeyOf(candidate string) string { return prefixCandidates + candidate }
func generationPrefix(gen string) string     { return prefixCatalogue + gen + "/" }

// CandidateOf returns a candidate's key: a hash of their NEPH, so that no
// NEPH is written in the shared store.
func CandidateOf(neph string) string {
	h := sha256.Sum256([]byte("mespoints exams\x00" + neph))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// SessionID returns the identifier of the session of centre c at.
func SessionID(c Centre, at points.DateTime) string {
	m := int64(at) - int64(at.Date())*1440
	return fmt.Sprintf("%s.%s.%s.%02d%02d", c.Departement, at.Date(), c.ID, m/60, m%60)
}

// parseSessionID checks a session identifier and returns its
// département and day.
func parseSessionID(id string) (dep string, day points.Date, ok bool) {
	parts := strings.Split(id, ".")
	if len(parts) != 4 || !isDepartement(parts[0]) || !isCentreID(parts[2]) || len(parts[3]) != 4 {
		return "", 0, false
	}
	day, err := points.ParseDate(parts[1])
	if err != nil {
		return "", 0, false
	}
	if _, err := points.ParseDateTime(parts[1] + "T" + parts[3][:2] + ":" + parts[3][2:]); err != nil {
		return "", 0, false
	}
	return parts[0], day, true
}

// isCentreID tells whether s can name a centre: 1 to 40 lower-case
// letters, digits and hyphens.
func isCentreID(s string) bool {
	if len(s) == 0 || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isBookingID tells whether s can name a booking.
func isBookingID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// newBookingID returns 16 random characters (80 bits).
func newBookingID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.EncodeToString(b))
}

// newGeneration returns a fresh catalogue generation name.
func newGeneration() string {
	b := make([]byte, 5)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.EncodeToString(b))
}
