// Conferral's service worker: after a first visit, the pages and the calculator work offline.
// Same-origin GET requests only: from the network when there is one, from the copy kept here
// when there is not. A new build has a new VERSION: its cache replaces the old one when it activates.
// Uploaded letters never pass through here: they are read in the page and never fetched.

const VERSION = __CONFERRAL_VERSION__;
// Small files every page needs (styles, scripts, the search index, the checker's data), kept
// when a page asks (see "conferral:keep") so that any page seen once works offline, search
// included. Never at install: on a first visit that would take the reader's thin link away
// from the calculator's own downloads. Paths from the root.
const SHELL = __CONFERRAL_SHELL__;
// One cache per site (the English site at /, each other language's at /<lang>/): a new
// build replaces only its own site's copy.
const ROOT = new URL("./", self.location.href).pathname;
const PREFIX = `conferral-${ROOT}-`;
const CACHE = `${PREFIX}${VERSION}`;
// Files named by their content (site.json's "immutable", the same list the host's caching
// rules use): stored once.
const IMMUTABLE = __CONFERRAL_IMMUTABLE__;
const immutable = (pathname) => IMMUTABLE.some((prefix) => pathname.startsWith(ROOT + prefix));

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A page sends the URLs it used (it may have loaded before this worker took over), to keep
// them, and with `shell: true` asks for the shell too: once its calculator has answered, or at
// once when it has none running.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "conferral:keep" || !Array.isArray(data.urls)) return;
  const root = new URL("./", self.location.href);
  const asked = [...data.urls.filter((u) => typeof u === "string"),
    ...(data.shell === true ? SHELL.map((path) => new URL(path, root).href) : [])];
  // Never under a query string (an old link's dates) or a fragment: the path alone.
  const urls = [...new Set(asked.map((u) => new URL(u))
    .filter((u) => u.origin === self.location.origin && !u.search).map((u) => u.origin + u.pathname))];
  // Only what is not kept yet (the engine, passing through here once the page is controlled, often is).
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map(async (url) => {
    if (!(await cache.match(url))) await cache.add(url).catch(() => null);
  }))));
});

// Network first for everything but a versioned asset kept here (named by its content, it never
// changes: the kept copy is answered at once, and Chromium keeps compiled WebAssembly for it as
// it does for the HTTP cache); the copy of anything else is for when the network is gone.
// Storing happens beside the answer, never before it, and a versioned asset already stored is
// not stored again.
async function fromNetworkOrKept(event, request, versioned) {
  const cache = await caches.open(CACHE);
  const stored = versioned ? await cache.match(request) : undefined;
  if (stored) return stored;
  try {
    const response = await fetch(request);
    // A page asked for with a query string (an old link carrying a reader's dates) is never kept.
    if (response.ok && !stored && !new URL(request.url).search) {
      const copy = response.clone();
      // Under the address without its fragment: a navigation's request carries the fragment,
      // which holds a reader's dates (Cache Storage matches without it, but would keep it).
      event.waitUntil(cache.put(request.url.split("#")[0], copy));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(fromNetworkOrKept(event, request, immutable(url.pathname)));
});
