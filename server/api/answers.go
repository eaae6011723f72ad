package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"

	"mespoints/points"
	"mespoints/server/internal/cache"
)

// answer is an answer of the API encoded once: its JSON body and its ETag.
type answer struct {
	body []byte
	etag string
}

// encodeAnswer encodes v with its ETag, computed from tagOf (the body
// itself when nil). A weak tag (W/) says that bodies with the same tag
// mean the same, though not byte for byte (the dossier's fetched_at).
func encodeAnswer(v any, tagOf []byte, weak bool) (answer, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return answer{}, err
	}
	if tagOf == nil {
		tagOf = body
	}
	sum := sha256.Sum256(tagOf)
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	if weak {
		tag = "W/" + tag
	}
	return answer{body: body, etag: tag}, nil
}

// write sends the answer with status 200, or 304 Not Modified when the
// request's If-None-Match names its ETag.
func (a answer) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Etag"] = []string{a.etag}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if inm := r.Header.Get("If-None-Match"); inm != "" && matches(inm, a.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h["Content-Type"] = jsonContentType[:1:1]
	w.WriteHeader(http.StatusOK)
	w.Write(a.body)
}

// jsonContentType is the Content-Type of every JSON answer, shared by all
// of them rather than made at each: net/http copies a response's headers
// before writing them, and a handler that adds to one appends to a slice
// of capacity 1, which makes a new one.
var jsonContentType = []string{"application/json; charset=utf-8"}

// The answers of GET /api/v1/points, /history and /calendar depend on the
// dossier and the day only: the records change at imports, the day at
// midnight in Paris. They are computed once per dossier, route, day and
// generation of the records, and kept, encoded with their ETag, in a
// bounded cache; the audit entry and the session check still happen at
// every request.

// answerKey names everything a cached answer was computed from.
type answerKey struct {
	// route is the route's pattern ("/api/v1/points").
	route string
	// neph is the dossier's number.
	neph string
	// day is today in Paris.
	day points.Date
	// generation is the records' generation (store.Generation) read
	// before the record.
	generation uint64
}

// DefaultAnswerCache is the most the cache of computed answers holds, in
// bytes of encoded JSON (Options.AnswerCacheBytes).
const DefaultAnswerCache = 32 << 20

// answerOverhead is what an entry of the cache costs beside its body: the
// key, the ETag, the maps' own.
const answerOverhead = 200

// newAnswers returns the cache of computed answers, holding at most max
// bytes (0: DefaultAnswerCache).
func newAnswers(max int) *cache.Map[answerKey, answer] {
	if max <= 0 {
		max = DefaultAnswerCache
	}
	return cache.New[answerKey, answer](max, func(a answer) int { return len(a.body) + len(a.etag) + answerOverhead })
}
