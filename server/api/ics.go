package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"mespoints/server/booking"
)

// convocation answers GET /api/v1/exams/bookings/{id}/convocation.ics:
// the pending booking as an iCalendar event (RFC 5545), for the person's
// calendar.
func (h *Handler) convocation(w http.ResponseWriter, r *http.Request, ev examView) {
	b, err := h.booking.Pending(r.Context(), ev.rec.NEPH, r.PathValue("id"), ev.today)
	if errors.Is(err, booking.ErrNoBooking) {
		writeError(w, errBookingNotFound)
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	y, m, d := b.Session.At.Date().YMD()
	minutes := int(int64(b.Session.At) - int64(b.Session.At.Date())*1440)
	start := time.Date(y, m, d, minutes/60, minutes%60, 0, 0, h.paris).UTC()
	bring := h.bookingOf(b, ev, 0).Bring
	c := b.Session.Centre
	var out strings.Builder
	for _, l := range []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Mes points//Convocation a l'examen du permis de conduire//FR",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:" + b.ID + "@mespoints",
		"DTSTAMP:" + b.Booked.UTC().Format("20060102T150405Z"),
		"DTSTART:" + start.Format("20060102T150405Z"),
		"DTEND:" + start.Add(time.Hour).Format("20060102T150405Z"),
		"SUMMARY:" + icsText("Examen du permis de conduire (catégorie B)"),
		"LOCATION:" + icsText(c.Name+", "+c.Address),
		"DESCRIPTION:" + icsText("Épreuve pratique du permis de conduire, catégorie B, à "+c.Name+" ("+c.Address+").\nÀ apporter : "+strings.Join(bring, " ; ")+"."),
		"BEGIN:VALARM",
		"ACTION:DISPLAY",
		"DESCRIPTION:" + icsText("Examen du permis de conduire demain"),
		"TRIGGER:-P1D",
		"END:VALARM",
		"END:VEVENT",
		"END:VCALENDAR",
	} {
		out.WriteString(fold(l))
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="convocation-examen.ics"`)
	w.Write([]byte(out.String()))
}

// icsText escapes a TEXT value of iCalendar: backslash, semicolon, comma
// and new line.
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// fold cuts a content line into lines of at most 75 bytes, never inside
// a UTF-8 character, each ended by CRLF, the next ones starting with a
// space (RFC 5545, 3.1).
func fold(line string) string {
	var b strings.Builder
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && line[cut]&0xC0 == 0x80 {
			cut--
		}
		b.WriteString(line[:cut] + "\r\n ")
		line = line[cut:]
		limit = 74
	}
	b.WriteString(line + "\r\n")
	return b.String()
}
