// Conferral's calculator: our Python core (conferral_core) running in Pyodide, in a Web Worker,
// so the page's main thread never runs Python. Every asset comes from this site (no CDN).
//
// Protocol. Page -> worker: {id, request}, where request is an api.handle() request.
// Worker -> page: {id, response} (the API's JSON answer, errors included), or {id, failure}
// when the calculator itself could not run; {type: "progress", stage} / {type: "ready"} while
// it starts; and {type: "running", id} when it begins a request (the page's watchdog ends a
// request that runs too long by stopping this worker and starting a new one).
//
// Starting Python takes seconds. After the first start, the worker keeps a memory snapshot of
// the started engine (Pyodide's snapshot option, pinned with Pyodide's version) in the
// browser's Cache Storage, compressed, and later visits restore it instead of starting Python
// again. The snapshot is taken before any request is answered, so it holds no reader's dates;
// its name changes with Pyodide and the wheels (the manifest's "snapshot"); if it cannot be
// stored or restored, the engine starts the ordinary way.

// The site plugin writes in this build's Pyodide folder and manifest (see runtime.py): every
// file is named by its version or content, so nothing old is ever mixed with this build.
import { loadPyodide } from "./__CONFERRAL_PYODIDE__pyodide.mjs";

const manifest = __CONFERRAL_MANIFEST__;
const base = new URL("./", import.meta.url);
const SNAPSHOTS = "conferral-engine-snapshots";
// Modules and data every answer needs, loaded before the snapshot is taken (the core's api.WARM_UP, fixed requests in
// the page's language, not a reader's): restored, they answer at once.
const WARM_UP = (lang) => `
from conferral_core import api
_lang = ${JSON.stringify(lang)} if ${JSON.stringify(lang)} in api.LANGUAGES else "en"
for _request in api.WARM_UP:
    api.handle({**_request, "lang": _lang})
`;
const HANDLE = `
import json
from conferral_core import api
def _handle(text):
    return json.dumps(api.handle(json.loads(text)), ensure_ascii=False)
_handle
`;
let booting = null;
let pypdf = null;
let pyodide = null;
let handle = null;
let pendingSnapshot = null;

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url.pathname} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function unpackWheel(path) {
  pyodide.unpackArchive(await fetchBytes(new URL(path, base)), "wheel");
}

function snapshotKey() {
  return new URL(`snapshot/${manifest.snapshot}.bin.gz`, base).href;
}

// The kept snapshot for this build, if any.
async function savedSnapshot() {
  try {
    const kept = await (await caches.open(SNAPSHOTS)).match(snapshotKey());
    if (!kept) return null;
    const body = kept.body.pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(body).arrayBuffer());
  } catch {
    return null; // no Cache Storage here (a sandboxed widget, private browsing): start normally
  }
}

// The courts' time zones, as files where Python's zoneinfo looks first (its TZPATH).
function writeZones(zones) {
  for (const [zone, bytes] of zones) {
    const path = `/usr/share/zoneinfo/${zone}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, bytes);
  }
}

async function storeSnapshot(bytes) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    const body = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
    await cache.put(snapshotKey(), new Response(body, { headers: { "Content-Type": "application/gzip" } }));
    for (const request of await cache.keys()) {
      if (request.url !== snapshotKey()) await cache.delete(request); // an older build's engine
    }
  } catch {
    // Not kept: the next visit starts Python the ordinary way.
  }
}

async function canStore() {
  try {
    await caches.keys();
    return typeof CompressionStream === "function";
  } catch {
    return false;
  }
}

// Starts Pyodide from the snapshot if there is a usable one, else afresh (making a snapshot
// possible where it can be kept). Returns what happened. The standard library is the
// precompiled one the site ships (scripts/precompile.mjs), not the npm package's source.
async function start(snapshot) {
  const indexURL = new URL(manifest.pyodide, base).href;
  const stdLibURL = new URL(manifest.stdlib, base).href;
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ indexURL, stdLibURL, _loadSnapshot: snapshot });
      return { restored: true, keep: false };
    } catch {
      await caches.delete(SNAPSHOTS).catch(() => {}); // unusable: forget it and start afresh
    }
  }
  const keep = await canStore();
  pyodide = await loadPyodide({ indexURL, stdLibURL, _makeSnapshot: keep });
  return { restored: false, keep };
}

async function boot(lang) {
  self.postMessage({ type: "progress", stage: "runtime" });
  const snapshot = savedSnapshot();
  const core = fetchBytes(new URL(manifest.core, base));
  const prepared = fetchBytes(new URL(manifest.core_prepared, base));
  const zones = Promise.all(Object.entries(manifest.zones).map(
    async ([zone, path]) => [zone, await fetchBytes(new URL(path, base))]));
  for (const download of [core, prepared, zones]) download.catch(() => {}); // failures surface where awaited
  const { restored, keep } = await start(await snapshot);
  self.postMessage({ type: "progress", stage: "rules" });
  // A snapshot holds Python's memory, not its files: the files are written either way.
  pyodide.unpackArchive(await core, "wheel");
  // The core's __pycache__ beside its source (checked against it by hash: never stale), and its
  // data parsed ahead (keyed by the text: never stale either).
  pyodide.unpackArchive(await prepared, "zip");
  writeZones(await zones);
  if (!restored) {
    pyodide.runPython(WARM_UP(lang));
    if (keep) pendingSnapshot = pyodide.makeMemorySnapshot();
  }
  handle = pyodide.runPython(HANDLE);
  // The files this worker fetched (the engine): the page hands them to the service worker, which
  // cannot see them pass on a first visit, before it controls the page.
  const files = performance.getEntriesByType("resource").map((entry) => entry.name);
  self.postMessage({ type: "ready", restored, files });
}

self.onmessage = async (event) => {
  const { id, request } = event.data || {};
  try {
    const lang = request && typeof request.lang === "string" && /^[a-z]{2}$/.test(request.lang) ? request.lang : "en";
    await (booting ??= boot(lang));
    if (request && request.kind === "letter") {
      await (pypdf ??= unpackWheel(manifest.pypdf)); // the PDF reader loads only when a letter is checked
    }
    self.postMessage({ type: "running", id }); // the page's watchdog times the request from here
    const started = performance.now();
    const text = handle(JSON.stringify(request));
    self.postMessage({ id, response: JSON.parse(text), ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, failure: String((error && error.message) || error) });
  }
  if (pendingSnapshot) {
    // Kept after the first answer is out, so that keeping it never delays an answer.
    const bytes = pendingSnapshot;
    pendingSnapshot = null;
    setTimeout(() => storeSnapshot(bytes), 0);
  }
};
