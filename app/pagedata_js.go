//go:build js && wasm

package app

import (
	"encoding/json"
	"syscall/js"
	"time"

	"mespoints/api"
)

// firstPage is the data the server wrote into the page the app started
// on, and that page's path: the first dossier page mounted on that path
// starts from it, once.
var firstPage struct {
	path string
	data *api.PageData
}

// ReadPageData reads the data the server wrote into the page (see
// api.PageData), if it wrote any, and removes it from the page. The app
// calls it before go-app starts.
func ReadPageData() {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", api.PageDataID)
	if !el.Truthy() {
		return
	}
	text := el.Get("textContent").String()
	el.Call("remove")
	var d api.PageData
	if json.Unmarshal([]byte(text), &d) != nil || !d.Me.Linked {
		return
	}
	if signOutPending(time.Now()) {
		// The person signed out on this device: nothing of theirs is
		// kept, even if the server was not told (see setSignOutPending).
		return
	}
	// As for an answer of the service: fetched when received.
	d.Dossier.FetchedAt = time.Now()
	firstPage.path = js.Global().Get("location").Get("pathname").String()
	firstPage.data = &d
}

// pageData returns the data the server drew path with, if it drew the
// page the app started on and that page is path; take forgets it.
func pageData(path string, take bool) (api.PageData, bool) {
	if firstPage.data == nil || firstPage.path != path {
		return api.PageData{}, false
	}
	d := *firstPage.data
	if take {
		firstPage.data = nil
	}
	return d, true
}
