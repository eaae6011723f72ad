package api

import (
	"encoding/json"
	"net/http"
	"strings"
)

// writeJSON writes v as JSON with status 200 and an ETag computed from
// tagOf (the body itself when nil), answering 304 Not Modified when the
// request's If-None-Match names it (see encodeAnswer).
func writeJSON(w http.ResponseWriter, r *http.Request, v any, tagOf []byte, weak bool) {
	a, err := encodeAnswer(v, tagOf, weak)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	a.write(w, r)
}

// writePlain writes v as JSON with status 200 and no ETag.
func writePlain(w http.ResponseWriter, v any) { writeStatus(w, http.StatusOK, v) }

// writeStatus writes v as JSON with status code and no ETag.
func writeStatus(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(body)
}

// matches tells whether an If-None-Match header names tag, comparing
// weakly as RFC 9110 asks for If-None-Match.
func matches(header, tag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}
