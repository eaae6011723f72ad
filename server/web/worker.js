// Service worker of Mes points. go-app fills in the version and the list of
// files to precache. Strategy:
// - the app's files (wasm, scripts, styles, icons, the shell "/") are
//   precached at install and then served from the cache;
// - a navigation goes to the network first, and falls back on the cached
//   page or on the cached shell "/" when the network fails or is too slow,
//   so that any deep link opens offline (the router renders the route);
//   a navigation's response is never stored: a dossier page (/solde…) may
//   be drawn with the person's data (Cache-Control: no-store), and offline
//   the shell shows the copy the app keeps, which sign-out wipes;
// - /api/, /auth/ and /healthz are never cached here: personal data is
//   kept by the app itself, and wiped at sign-out; nor are the documents'
//   downloads and public pages (/documents/*.pdf, *.ics, /verifier,
//   /partage, /.well-known/), which the server alone answers.
const cacheName = "mespoints-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const shellURL = "/";
const navigationTimeoutMs = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    await cache.addAll(resourcesToCache);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/auth/") || url.pathname === "/healthz") {
    return;
  }
  if (/^\/(verifier|VERIFIER|partage)(\/|$)|^\/\.well-known\/|\.(pdf|ics)$/.test(url.pathname)) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

async function navigate(request) {
  try {
    return await fetchWithTimeout(request, navigationTimeoutMs);
  } catch (err) {
    const cache = await caches.open(cacheName);
    const page = await cache.match(request, { ignoreSearch: true });
    if (page) {
      return page;
    }
    const shell = await cache.match(shellURL);
    if (shell) {
      return shell;
    }
    throw err;
  }
}

function fetchWithTimeout(request, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network timeout")), ms);
    fetch(request).then((response) => {
      clearTimeout(timer);
      resolve(response);
    }, (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function cacheFirst(request) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  return fetch(request);
}
