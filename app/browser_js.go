//go:build js && wasm

package app

import (
	"errors"
	"syscall/js"
)

// errNetwork is returned by fetchAPI when the request did not reach the
// server: no network, or the server is down.
var errNetwork = errors.New("network unreachable")

// apiResponse is what the server answered.
type apiResponse struct {
	Status int
	Body   []byte
}

// fetchAPI calls the server's API with window.fetch and waits for the
// whole answer. It must run outside the UI goroutine (in ctx.Async).
func fetchAPI(method, path string, body []byte) (apiResponse, error) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store", "headers": headers}
	if body != nil {
		headers["Content-Type"] = "application/json"
		opts["body"] = string(body)
	}
	type result struct {
		res apiResponse
		err error
	}
	done := make(chan result, 1)
	var onResponse, onText, onError js.Func
	release := func() {
		onResponse.Release()
		onText.Release()
		onError.Release()
	}
	status := 0
	onText = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{res: apiResponse{Status: status, Body: []byte(args[0].String())}}
		return nil
	})
	onError = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{err: errNetwork}
		return nil
	})
	onResponse = js.FuncOf(func(this js.Value, args []js.Value) any {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onError)
		return nil
	})
	js.Global().Call("fetch", path, js.ValueOf(opts)).Call("then", onResponse, onError)
	r := <-done
	release()
	return r.res, r.err
}

// deviceKey is the one key under which the app keeps the person's data on
// the device (localStorage). Nothing personal is in the key itself.
const deviceKey = "mespoints.donnees"

// attestationKey is where the last attestation downloaded is kept.
const attestationKey = "mespoints.attestation"

// loadDevice returns what the app kept on the device, or nil.
func loadDevice() []byte { return loadKept(deviceKey) }

// saveDevice keeps b on the device.
func saveDevice(b []byte) { saveKept(deviceKey, b) }

// loadKept returns what the app kept on the device under key, or nil.
func loadKept(key string) []byte {
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return nil
	}
	v := ls.Call("getItem", key)
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	return []byte(v.String())
}

// saveKept keeps b on the device under key.
func saveKept(key string, b []byte) {
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return
	}
	ls.Call("setItem", key, string(b))
}

// copyText puts s on the clipboard.
func copyText(s string) {
	if c := js.Global().Get("navigator").Get("clipboard"); c.Truthy() {
		c.Call("writeText", s)
	}
}

// wipeDevice removes everything personal the app kept on the device.
func wipeDevice() {
	ls := js.Global().Get("localStorage")
	if ls.Truthy() {
		ls.Call("removeItem", deviceKey)
		ls.Call("removeItem", attestationKey)
	}
	ss := js.Global().Get("sessionStorage")
	if ss.Truthy() {
		ss.Call("clear")
	}
}

// navigatorOnline tells whether the browser believes it has a network.
func navigatorOnline() bool {
	n := js.Global().Get("navigator")
	return !n.Truthy() || n.Get("onLine").Bool()
}

// goTo leaves the app for a server route (sign-in, sign-out): a full page
// load, not the app's router.
func goTo(path string) {
	js.Global().Get("location").Call("assign", path)
}
