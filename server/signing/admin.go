package signing

import (
	"encoding/json"
	"errors"
	"net/http"

	"mespoints/server/kv"
)

// AdminHandler serves the keys on a running server's admin socket
// (package admin), for `mespoints keys`:
//
//	GET  /keys              → 200 [{"kid", "created", "current"}]
//	POST /keys/rotate       → 200 {"kid"}: the new key, which signs from now on
//	POST /keys/retire?kid=K → 200 {"kid"}; 404 unknown_key; 409 current_key
func AdminHandler(k *Keys) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		list, err := k.List(r.Context())
		if err != nil {
			adminError(w, err)
			return
		}
		writeAdmin(w, http.StatusOK, list)
	})
	mux.HandleFunc("POST /keys/rotate", func(w http.ResponseWriter, r *http.Request) {
		kid, err := k.Rotate(r.Context())
		if err != nil {
			adminError(w, err)
			return
		}
		writeAdmin(w, http.StatusOK, map[string]string{"kid": kid})
	})
	mux.HandleFunc("POST /keys/retire", func(w http.ResponseWriter, r *http.Request) {
		kid := r.URL.Query().Get("kid")
		if err := k.Retire(r.Context(), kid); err != nil {
			adminError(w, err)
			return
		}
		writeAdmin(w, http.StatusOK, map[string]string{"kid": kid})
	})
	return mux
}

// adminAnswer is an error on the admin socket.
type adminAnswer struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func adminError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrUnknownKey):
		writeAdmin(w, http.StatusNotFound, adminAnswer{"unknown_key", err.Error()})
	case errors.Is(err, ErrCurrentKey):
		writeAdmin(w, http.StatusConflict, adminAnswer{"current_key", err.Error()})
	case errors.Is(err, kv.ErrUnavailable):
		writeAdmin(w, http.StatusServiceUnavailable, adminAnswer{"unavailable", err.Error()})
	default:
		writeAdmin(w, http.StatusInternalServerError, adminAnswer{"internal", err.Error()})
	}
}

func writeAdmin(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
