package config

import (
	"io"
	"strings"
	"testing"
	"time"
)

// The audit keeps a year by default; -audit-retention (or its
// environment variable) takes days or a duration, at least a day.
func TestAuditRetention(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want time.Duration
		err  string
	}{
		{nil, nil, 365 * 24 * time.Hour, ""},
		{[]string{"-audit-retention", "90d"}, nil, 90 * 24 * time.Hour, ""},
		{nil, map[string]string{"MESPOINTS_AUDIT_RETENTION": "720h"}, 30 * 24 * time.Hour, ""},
		{[]string{"-audit-retention", "2y"}, nil, 0, "-audit-retention"},
		{[]string{"-audit-retention", "1h"}, nil, 0, "at least a day"},
	} {
		c, err := Parse(tc.args, env(tc.env), io.Discard)
		switch {
		case tc.err == "" && (err != nil || c.AuditRetention != tc.want):
			t.Errorf("%v %v: %v, %v; want %v", tc.args, tc.env, c.AuditRetention, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%v: %v, want an error about %q", tc.args, err, tc.err)
		}
	}
	c, err := Parse([]string{"-node", "noeud-2"}, env(nil), io.Discard)
	if err != nil || c.Node != "noeud-2" {
		t.Errorf("-node: %q, %v", c.Node, err)
	}
}
