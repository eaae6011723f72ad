//go:build js && wasm

package app

import (
	"syscall/js"
	"time"
)

// firstPaintWait bounds the wait for a frame: a hidden tab draws none.
const firstPaintWait = 100 * time.Millisecond

// AwaitFirstPaint returns once the browser has drawn a frame of the page
// the server prerendered, or after firstPaintWait. go-app replaces the
// prerendered page with its own when it starts; when app.wasm is already
// there (from the service worker's cache), it could do so before the
// prerendered page was ever drawn, and the page's largest paint would then
// wait for the WebAssembly. Waiting two animation frames lets the browser
// draw it first. It also cuts the start of the WebAssembly in two tasks
// of the main thread (the runtime's start, then go-app's drawing of the
// page), so that the page answers input in between.
//
// app.js removes go-app's loader as soon as main waits here, before the
// app has drawn anything: the app says it is live with the attribute
// data-app-live of <html> (see markLive), which the browser tests wait
// for.
func AwaitFirstPaint() {
	done := make(chan struct{}, 1)
	signal := func() {
		select {
		case done <- struct{}{}:
		default:
		}
	}
	var second, first js.Func
	second = js.FuncOf(func(js.Value, []js.Value) any {
		signal()
		return nil
	})
	first = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Call("requestAnimationFrame", second)
		return nil
	})
	js.Global().Call("requestAnimationFrame", first)
	select {
	case <-done:
	case <-time.After(firstPaintWait):
	}
	// The callbacks may still run once; they only signal a full channel.
	go func() {
		time.Sleep(time.Second)
		first.Release()
		second.Release()
	}()
}
