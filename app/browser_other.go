//go:build !(js && wasm)

package app

import (
	"errors"
	"time"

	"mespoints/api"
)

// On the server, pages are prerendered without a person: nothing is
// fetched or kept. These stand-ins keep the shared code compiling.

var (
	errNetwork = errors.New("network unreachable")
	errTimeout = errors.New("no answer in time")
)

type apiResponse struct {
	Status int
	Body   []byte
}

func fetchAPI(method, path string, body []byte) (apiResponse, error) {
	return apiResponse{}, errNetwork
}

const attestationKey = "mespoints.attestation"

func postSignOut() error            { return errNetwork }
func probeService() error           { return errNetwork }
func loadDevice() []byte            { return nil }
func saveDevice(b []byte)           {}
func readLocal(key string) string   { return "" }
func writeLocal(key, value string)  {}
func wipeDevice()                   {}
func navigatorOnline() bool         { return true }
func goTo(path string)              {}
func onOnline(f func())             {}
func focusElement(id string)        {}
func controlledAtLoad() bool        { return false }
func submitForm(id string)          {}
func loadKept(key string) []byte    { return nil }
func saveKept(key string, b []byte) {}
func copyText(s string)             {}

func markLive() {}

func setSignOutCookie(pending bool, life time.Duration) {}

// On the server no page data is ever read: pages are drawn for a person
// by PersonalPage only.
func pageData(path string, take bool) (api.PageData, bool) { return api.PageData{}, false }
