package points

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil calendar day in France, with no time of day and no time
// zone. It counts days since 1970-01-01, so that comparing and subtracting
// dates is integer arithmetic. Month and year delays go through AddMonths,
// the one place where the end-of-month rule of the specification lives.
type Date int32

// NewDate returns the day y-m-d. Out-of-range values are normalised the way
// time.Date normalises them; use ParseDate to reject impossible dates.
func NewDate(y int, m time.Month, d int) Date {
	if m < 1 || m > 12 || d < 1 || d > 28 {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return Date(t.Unix() / 86400)
	}
	return Date(daysFromCivil(y, int(m), d))
}

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d of the
// proleptic Gregorian calendar, for a valid date (H. Hinnant's algorithm:
// the same calendar as package time, in integer arithmetic).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = floorDiv(y, 400)
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 {
		era = floorDiv(z, 146097)
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// DateOf returns the calendar day of t, read in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads a date written YYYY-MM-DD and rejects impossible days
// such as 2023-02-29.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%s is not a date", quoteIfEmpty(s))
	}
	for i, c := range []byte(s) {
		// Digits only: strconv.Atoi would take "+1" for a month.
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return 0, fmt.Errorf("%s is not a date", s)
		}
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, fmt.Errorf("%s is not a date", quoteIfEmpty(s))
	}
	return NewDate(y, time.Month(m), d), nil
}

func quoteIfEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Time returns midnight UTC of the day, for formatting.
func (d Date) Time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) {
	y, m, dd := civilFromDays(int(d))
	return y, time.Month(m), dd
}

// String writes d as YYYY-MM-DD, the format of the API and the command line.
func (d Date) String() string {
	return string(d.appendISO(make([]byte, 0, 10)))
}

// appendISO appends d as YYYY-MM-DD to b.
func (d Date) appendISO(b []byte) []byte {
	y, m, dd := civilFromDays(int(d))
	if y < 0 || y > 9999 {
		return d.Time().AppendFormat(b, "2006-01-02")
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// French writes d as a French reader expects it: 23/08/2024.
func (d Date) French() string {
	return d.Time().Format("02/01/2006")
}

// AddDays returns the day n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day of the month n months later; where that day
// does not exist it is the last day of that month (31/08/2023 + 6 months =
// 29/02/2024). This is the reading of delays in docs/points-rules.md, "Dates and delays".
func (d Date) AddMonths(n int) Date {
	y, m, day := d.YMD()
	total := int(m) - 1 + n
	ny := y + floorDiv(total, 12)
	nm := time.Month(total - floorDiv(total, 12)*12 + 1)
	if day > 28 {
		day = min(day, daysIn(ny, nm))
	}
	return Date(daysFromCivil(ny, int(nm), day))
}

// AddYears returns the same day n years later, with the end-of-month rule
// (29/02/2024 + 2 years = 28/02/2026).
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// MarshalText writes the date as YYYY-MM-DD, which encoding/json quotes:
// a text, not a JSON value, so that the encoder need not check it (the
// import of a registry extract writes millions).
func (d Date) MarshalText() ([]byte, error) {
	return d.appendISO(make([]byte, 0, 10)), nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" string and rejects impossible dates.
func (d *Date) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("%s is not a date", b)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DateTime is a local date and time to the minute, as offences are recorded
// ("2024-02-03T10:00"). It counts minutes since 1970-01-01T00:00. Two
// offences with the same DateTime were found at the same interception.
type DateTime int64

// NewDateTime returns the minute hh:mm of day d.
func NewDateTime(d Date, hh, mm int) DateTime {
	return DateTime(int64(d)*1440 + int64(hh)*60 + int64(mm))
}

// ParseDateTime reads YYYY-MM-DDTHH:MM.
func ParseDateTime(s string) (DateTime, error) {
	if len(s) != 16 || s[10] != 'T' || s[13] != ':' {
		return 0, fmt.Errorf("%s is not a date and time (YYYY-MM-DDTHH:MM)", quoteIfEmpty(s))
	}
	d, err := ParseDate(s[:10])
	if err != nil {
		return 0, fmt.Errorf("%s is not a date and time (YYYY-MM-DDTHH:MM)", s)
	}
	hh, err1 := strconv.Atoi(s[11:13])
	mm, err2 := strconv.Atoi(s[14:16])
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("%s is not a date and time (YYYY-MM-DDTHH:MM)", s)
	}
	return NewDateTime(d, hh, mm), nil
}

// Date returns the calendar day of the instant.
func (t DateTime) Date() Date { return Date(floorDiv64(int64(t), 1440)) }

func floorDiv64(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// String writes the instant as YYYY-MM-DDTHH:MM.
func (t DateTime) String() string {
	return string(t.appendISO(make([]byte, 0, 16)))
}

// appendISO appends the instant as YYYY-MM-DDTHH:MM to b.
func (t DateTime) appendISO(b []byte) []byte {
	m := int(int64(t) - int64(t.Date())*1440)
	return append(t.Date().appendISO(b), 'T', byte('0'+m/600), byte('0'+m/60%10), ':', byte('0'+m%60/10), byte('0'+m%10))
}

// MarshalText writes the instant as YYYY-MM-DDTHH:MM, which encoding/json
// quotes (see Date.MarshalText).
func (t DateTime) MarshalText() ([]byte, error) {
	return t.appendISO(make([]byte, 0, 16)), nil
}

// UnmarshalJSON reads "YYYY-MM-DDTHH:MM".
func (t *DateTime) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("%s is not a date and time (YYYY-MM-DDTHH:MM)", b)
	}
	v, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}
