// Conferral's service worker: after a first visit, the pages and the calculator work offline.
// Same-origin GET requests only. Versioned assets (Pyodide, wheels, Material's hashed bundles)
// are served from the cache first; pages and data from the network first, the cache when
// offline. A new build has a new VERSION: its cache replaces the old one when it activates.
// Uploaded letters never pass through here: they are read in the page and never fetched.

const VERSION = "__CONFERRAL_VERSION__";
const CACHE = `conferral-${VERSION}`;
const IMMUTABLE = /\/assets\/(conferral\/(pyodide|wheels)\/|javascripts\/|stylesheets\/)/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("conferral-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A page that loaded before this worker took over sends the URLs it used, to keep them.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "conferral:keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === "string" && new URL(u).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => cache.add(u).catch(() => null)))));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});
