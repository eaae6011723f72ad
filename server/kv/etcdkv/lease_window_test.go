package etcdkv

import (
	"testing"
	"time"
)

// Entries expiring soon share a lease per minute, so that etcd deletes
// them at most two minutes late; entries kept for years (accounts: three
// years after their last sign-in) share a lease per window of about a
// thousandth of the time left, so that a day of sign-ins needs one or two
// leases, not 1,440 (etcd keeps every lease in memory).
func TestLeaseWindowsGrowWithTheTimeLeft(t *testing.T) {
	l := newLeases(nil, DefaultLeaseWindow, DefaultLeaseSlack)
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	ends := func(ttl time.Duration, every time.Duration, n int) map[int64]bool {
		out := map[int64]bool{}
		for i := range n {
			at := now.Add(time.Duration(i) * every)
			out[l.windowEnd(at.Add(ttl), at)] = true
		}
		return out
	}
	if got := len(ends(30*time.Minute, time.Minute, 60)); got != 60 {
		t.Errorf("sessions written each minute of an hour use %d leases, want 60 (one a minute)", got)
	}
	const years3 = 3 * 365 * 24 * time.Hour
	if got := len(ends(years3, time.Minute, 24*60)); got > 2 {
		t.Errorf("accounts written each minute of a day use %d leases, want at most 2", got)
	}
	for _, ttl := range []time.Duration{time.Second, 30 * time.Minute, 24 * time.Hour, years3} {
		end := time.Unix(0, l.windowEnd(now.Add(ttl), now))
		if late := end.Sub(now.Add(ttl)); late < 0 || late > 2*ttl/farWindows+DefaultLeaseWindow {
			t.Errorf("ttl %v: the lease ends %v after the entry's expiry, want between 0 and %v", ttl, late, 2*ttl/farWindows+DefaultLeaseWindow)
		}
	}
}
