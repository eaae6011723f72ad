//go:build js && wasm

package app

import (
	"errors"
	"strconv"
	"syscall/js"
	"time"

	"mespoints/api"
)

// errNetwork is returned by fetchAPI when the request did not reach the
// server: no network, or the server is down.
var errNetwork = errors.New("network unreachable")

// errTimeout is returned by fetchAPI when the server did not answer
// within fetchTimeout.
var errTimeout = errors.New("no answer in time")

// apiResponse is what the server answered.
type apiResponse struct {
	Status int
	Body   []byte
}

// fetchAPI calls the server's API with window.fetch and waits for the
// whole answer, fetchTimeout at most. It must run outside the UI goroutine
// (in ctx.Async).
func fetchAPI(method, path string, body []byte) (apiResponse, error) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store", "headers": headers}
	if body != nil {
		headers["Content-Type"] = "application/json"
		opts["body"] = string(body)
	}
	return fetchJS(path, opts, fetchTimeout)
}

// fetchJS runs window.fetch(path, opts), reads the whole answer as text,
// and gives up after limit (the request is then aborted).
func fetchJS(path string, opts map[string]any, limit time.Duration) (apiResponse, error) {
	type result struct {
		res apiResponse
		err error
	}
	done := make(chan result, 3)
	abort := js.Global().Get("AbortController").New()
	opts["signal"] = abort.Get("signal")
	var onResponse, onText, onError, onTimeout js.Func
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
	onTimeout = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{err: errTimeout}
		abort.Call("abort")
		return nil
	})
	timer := js.Global().Call("setTimeout", onTimeout, limit.Milliseconds())
	js.Global().Call("fetch", path, js.ValueOf(opts)).Call("then", onResponse, onError)
	r := <-done
	js.Global().Call("clearTimeout", timer)
	// The callbacks still to come (the abort's rejection) must find their
	// functions: release them a little later.
	go func() {
		time.Sleep(time.Second)
		onResponse.Release()
		onText.Release()
		onError.Release()
		onTimeout.Release()
	}()
	return r.res, r.err
}

// postSignOut sends the server-side sign-out (POST /auth/logout) with the
// session cookie, and tells whether the server answered.
func postSignOut() error {
	_, err := fetchJS(pathLogout, map[string]any{"method": "POST", "credentials": "same-origin", "cache": "no-store", "redirect": "manual"}, fetchTimeout)
	return err
}

// probeService tells whether the server answers at all (GET /healthz, 5
// seconds at most).
func probeService() error {
	res, err := fetchJS("/healthz", map[string]any{"method": "GET", "cache": "no-store"}, 5*time.Second)
	if err != nil {
		return err
	}
	if res.Status != 200 {
		return errNetwork
	}
	return nil
}

// deviceKey is the one key under which the app keeps the person's data on
// the device (localStorage). Nothing personal is in the key itself.
const deviceKey = "mespoints.donnees"

// localStorage is the browser's localStorage, or undefined.
func localStorage() js.Value { return js.Global().Get("localStorage") }

// loadDevice returns what the app kept on the device, or nil.
func loadDevice() []byte {
	v := readLocal(deviceKey)
	if v == "" {
		return nil
	}
	return []byte(v)
}

// saveDevice keeps b on the device.
func saveDevice(b []byte) { writeLocal(deviceKey, string(b)) }

// readLocal reads key from localStorage, "" when absent.
func readLocal(key string) string {
	ls := localStorage()
	if !ls.Truthy() {
		return ""
	}
	v := ls.Call("getItem", key)
	if v.IsNull() || v.IsUndefined() {
		return ""
	}
	return v.String()
}

// writeLocal writes key in localStorage; an empty value removes it.
func writeLocal(key, value string) {
	ls := localStorage()
	if !ls.Truthy() {
		return
	}
	if value == "" {
		ls.Call("removeItem", key)
		return
	}
	ls.Call("setItem", key, value)
}

// setSignOutCookie sets the cookie api.SignOutPendingCookie for the whole
// site for at most life, or removes it. It is Secure over https.
func setSignOutCookie(pending bool, life time.Duration) {
	v := api.SignOutPendingCookie + "=1; Path=/; SameSite=Strict; Max-Age=" + strconv.Itoa(int(life.Seconds()))
	if !pending {
		v = api.SignOutPendingCookie + "=; Path=/; SameSite=Strict; Max-Age=0"
	}
	if js.Global().Get("location").Get("protocol").String() == "https:" {
		v += "; Secure"
	}
	js.Global().Get("document").Set("cookie", v)
}

// attestationKey is where the last attestation downloaded is kept.
const attestationKey = "mespoints.attestation"

// loadKept returns what the app kept on the device under key, or nil.
func loadKept(key string) []byte {
	if v := readLocal(key); v != "" {
		return []byte(v)
	}
	return nil
}

// saveKept keeps b on the device under key.
func saveKept(key string, b []byte) { writeLocal(key, string(b)) }

// copyText puts s on the clipboard.
func copyText(s string) {
	if c := js.Global().Get("navigator").Get("clipboard"); c.Truthy() {
		c.Call("writeText", s)
	}
}

// wipeDevice removes everything personal the app kept on the device: the
// dossier, the attestation and the exam pages in localStorage, and the
// whole sessionStorage. (The service worker's cache holds the app's own
// files only, never an answer of the API.)
func wipeDevice() {
	writeLocal(deviceKey, "")
	writeLocal(attestationKey, "")
	writeLocal(examsKey, "")
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

// onOnline calls f (on a goroutine of its own) each time the browser
// gets its network back.
func onOnline(f func()) {
	js.Global().Call("addEventListener", "online", js.FuncOf(func(this js.Value, args []js.Value) any {
		go f()
		return nil
	}))
}

// focusElement moves the focus to the element id, if it is on the page.
func focusElement(id string) {
	el := js.Global().Get("document").Call("getElementById", id)
	if el.Truthy() {
		el.Call("focus")
	}
}

// controlledAtLoad tells whether a service worker answered the request of
// this page: an older version of the app was running. On a first visit
// no service worker did (the navigation's workerStart is 0), even if the
// one installed then takes control of the page.
func controlledAtLoad() bool {
	perf := js.Global().Get("performance")
	if !perf.Truthy() || !perf.Get("getEntriesByType").Truthy() {
		return false
	}
	nav := perf.Call("getEntriesByType", "navigation")
	if nav.Length() == 0 {
		return false
	}
	return nav.Index(0).Get("workerStart").Float() > 0
}

// submitForm submits the form id as the browser would without the app (no
// submit event), if it is on the page.
func submitForm(id string) {
	f := js.Global().Get("document").Call("getElementById", id)
	if f.Truthy() {
		f.Call("submit")
	}
}

// markLive sets the attribute data-app-live of <html>: the app has drawn
// its first page and answers. Tests and benchmarks wait for it (go-app's
// loader disappears earlier, see AwaitFirstPaint).
func markLive() {
	js.Global().Get("document").Get("documentElement").Call("setAttribute", "data-app-live", "")
}
