
// -----------------------------------------------------------------------------
// Mes points: app.wasm compiled off the main thread
// -----------------------------------------------------------------------------
// Compiling app.wasm takes the main thread for tens of milliseconds on a
// laptop, hundreds on a phone, even when it is streamed: the page does not
// answer a tap meanwhile. A worker downloads app.wasm, compiles it as the
// bytes arrive and sends the module back; the page only instantiates it.
// The page makes that worker from the text of its script
// (mespointsWorkerSource, from wasm-compile.js, written before these
// functions), through a blob: URL: asking the server for the worker's
// script cost a round trip before app.wasm could be asked for. A script
// written at the top of every page (these functions and the worker's
// text, without their comments, see earlystart.go) starts that worker
// while the page is still being read, long before app.js runs; app.js
// starts it itself if the page did not. Where a browser has no such
// worker, or it fails, the page downloads and compiles app.wasm itself, as
// go-app does. This code is both in the page and at the end of app.js; its
// comments stay on lines of their own (the page's copy drops those lines).

// mespointsStartCompiling starts, once per page, the compilation of the
// WebAssembly at url, of the given version (its ETag), in a worker, and
// returns its promise of the module.
function mespointsStartCompiling(url, version) {
  if (!window.mespointsCompiling) {
    window.mespointsCompiling = mespointsCompileInWorker(url, version);
    // Whoever awaits it handles a failure; nobody may, for a bot.
    window.mespointsCompiling.catch(() => { });
  }
  return window.mespointsCompiling;
}

// mespointsCompileOffMainThread wraps go-app's instantiateStreaming: the
// module comes from the worker, and only a failure of the worker makes the
// page compile app.wasm itself through onMainThread.
function mespointsCompileOffMainThread(onMainThread) {
  return async (url, importObject) => {
    let module;
    try {
      module = await mespointsStartCompiling(url, goappGetenv("GOAPP_VERSION"));
    } catch (err) {
      console.warn("app.wasm is compiled by the page:", err.message);
      return onMainThread(fetch(url), importObject);
    }
    const instance = await WebAssembly.instantiate(module, importObject);
    return { module, instance };
  };
}

// mespointsCompileInWorker resolves with the module a worker compiled from
// url (of that version), or rejects if there is no such worker or it cannot start,
// download, compile or answer.
function mespointsCompileInWorker(url, version) {
  return new Promise((resolve, reject) => {
    if (typeof Worker === "undefined" || !WebAssembly.compileStreaming) {
      reject(new Error("this browser has no worker to compile it"));
      return;
    }
    const script = URL.createObjectURL(new Blob([mespointsWorkerSource], { type: "text/javascript" }));
    const worker = new Worker(script);
    const done = (settle, value) => {
      worker.terminate();
      URL.revokeObjectURL(script);
      settle(value);
    };
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.module instanceof WebAssembly.Module) {
        done(resolve, event.data.module);
      } else {
        done(reject, new Error((event.data && event.data.error) || "the worker sent no module"));
      }
    });
    worker.addEventListener("messageerror", () => done(reject, new Error("the module could not be received")));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      done(reject, new Error(event.message || "the worker did not start"));
    });
    worker.postMessage({ url: new URL(url, location.href).href, version });
  });
}

// mespointsWantsWasm says whether go-app will start the WebAssembly on this
// page: not for a robot, nor with ?wasm=false (goappCanLoadWebAssembly).
function mespointsWantsWasm() {
  return !/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
    new URLSearchParams(window.location.search).get("wasm") !== "false";
}
