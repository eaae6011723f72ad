package app

import (
	"encoding/json"

	"mespoints/api"
)

// errorOf reads the error body of an answer of the API: the zero Error
// when the answer is a success, or not an error of the API (a proxy's
// page, say).
func errorOf(res apiResponse) api.Error {
	var e api.Error
	if res.Status >= 200 && res.Status < 300 || json.Unmarshal(res.Body, &e) != nil {
		return api.Error{}
	}
	return e
}
