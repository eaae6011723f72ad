package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// writeJSON writes v as JSON with status 200 and an ETag computed from
// tagOf (the body itself when nil), answering 304 Not Modified when the
// request's If-None-Match names it. A weak tag (W/) says that bodies with
// the same tag mean the same, though not byte for byte (the dossier's
// fetched_at).
func writeJSON(w http.ResponseWriter, r *http.Request, v any, tagOf []byte, weak bool) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	if tagOf == nil {
		tagOf = body
	}
	sum := sha256.Sum256(tagOf)
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	if weak {
		tag = "W/" + tag
	}
	h := w.Header()
	h.Set("ETag", tag)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if matches(r.Header.Get("If-None-Match"), tag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
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
