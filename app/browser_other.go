//go:build !(js && wasm)

package app

import "errors"

// On the server, pages are prerendered without a person: nothing is
// fetched or kept. These stand-ins keep the shared code compiling.

var errNetwork = errors.New("network unreachable")

type apiResponse struct {
	Status int
	Body   []byte
}

func fetchAPI(method, path string, body []byte) (apiResponse, error) {
	return apiResponse{}, errNetwork
}

const attestationKey = "mespoints.attestation"

func loadDevice() []byte            { return nil }
func saveDevice(b []byte)           {}
func loadKept(key string) []byte    { return nil }
func saveKept(key string, b []byte) {}
func copyText(s string)             {}
func wipeDevice()                   {}
func navigatorOnline() bool         { return true }
func goTo(path string)              {}
