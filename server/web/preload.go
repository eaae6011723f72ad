package web

// wasmPreload starts the download of app.wasm with the page, in parallel
// with the stylesheet and the scripts, instead of once app.js has run and
// called fetch. go-app's fetch is a same-origin request in "cors" mode with
// credentials "same-origin", which is what as="fetch" with crossorigin
// (anonymous) asks for: the browser hands the preloaded response to that
// fetch instead of downloading the file twice.
const wasmPreload = `<link rel="preload" href="/web/app.wasm" as="fetch" crossorigin="anonymous">`
