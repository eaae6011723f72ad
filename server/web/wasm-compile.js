// Mes points: compiles app.wasm off the page's main thread (see
// appjs-compile.js), made by the page from this text: it is no file the
// server serves. The page sends the whole address of app.wasm (a blob:
// worker has no address to resolve a path against) and the version it
// expects; the worker downloads it, compiles it while the bytes
// arrive and sends back the compiled WebAssembly.Module, which the page
// only instantiates.
self.addEventListener("message", async (event) => {
  try {
    const { url, version } = event.data;
    const module = await WebAssembly.compileStreaming(await download(url, version));
    self.postMessage({ module });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
});

// download answers the response of app.wasm. Asked with force-cache, a
// copy in the HTTP cache is used without asking the server, even while it
// is still being downloaded; a copy an earlier version left there is told
// by its ETag (the version, and the encoding), and asked again of the
// server.
async function download(url, version) {
  let response = await fetch(url, { cache: "force-cache" });
  const etag = response.headers.get("ETag") || "";
  if (!response.ok || !version || !etag.includes(version)) {
    response = await fetch(url, { cache: "no-cache" });
  }
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response;
}
