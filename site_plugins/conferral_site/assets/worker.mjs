// Conferral's calculator: our Python core (conferral_core) running in Pyodide, in a Web Worker,
// so the page's main thread never runs Python. Every asset comes from this site (no CDN).
//
// Protocol. Page -> worker: {id, request}, where request is an api.handle() request.
// Worker -> page: {id, response} (the API's JSON answer, errors included), or {id, failure}
// when the calculator itself could not run; {type: "progress", stage, loaded?, total?} (bytes
// downloaded so far, as the host sent them, of the first answer's total) / {type: "ready"} while
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
// The first answer's files and their sizes as the host may send them ({path: {identity, gzip,
// br}}, from the build). A file counts by the share of it read so far, in the encoding the host
// chose (its Content-Encoding), so the total is what crosses the network, not what it unpacks to.
const FIRST = manifest.download;
const ASM = `${manifest.pyodide}pyodide.asm.mjs`;
const downloaded = new Map(); // path -> [bytes read, bytes it unpacks to, encoding]
let guess = "br"; // for files not started yet: what the host sent the first compressed one in
let progressShown = 0;
let downloading = true; // on a first start, until the engine has started

function sent(path) {
  const size = FIRST[path];
  const [read, whole, how] = downloaded.get(path) || [0, size.identity, guess];
  return whole ? (read / whole) * size[how] : 0;
}

function reportDownload(force = false) {
  const now = performance.now();
  if (!downloading || (!force && now - progressShown < 250)) return;
  progressShown = now;
  const total = Object.keys(FIRST).reduce((sum, path) => sum + FIRST[path][(downloaded.get(path) || [0, 0, guess])[2]], 0);
  const loaded = Object.keys(FIRST).reduce((sum, path) => sum + sent(path), 0);
  self.postMessage({ type: "progress", stage: "download", loaded: Math.round(loaded), total });
}

// Counts the bytes of the first answer's files as they arrive (Pyodide fetches its own through
// this too); everything else passes untouched.
const plainFetch = self.fetch.bind(self);
function pathOf(url) {
  const full = new URL(url, base);
  return full.origin === base.origin && full.href.startsWith(base.href) ? full.href.slice(base.href.length) : null;
}
self.fetch = async (resource, options) => {
  const response = await plainFetch(resource, options);
  const path = pathOf(typeof resource === "string" || resource instanceof URL ? resource : resource.url);
  // Not on a start from a kept snapshot: nothing crosses the network then, and a response remade
  // here is one the browser cannot keep compiled WebAssembly for (its code cache).
  if (!downloading || !path || !(path in FIRST) || !response.ok || !response.body) return response;
  const named = response.headers.get("Content-Encoding");
  const how = named === "br" || named === "gzip" ? named : "identity";
  if (how !== "identity" && ![...downloaded.values()].some((entry) => entry[2] !== "identity")) guess = how;
  if (path.endsWith(".wasm")) downloaded.set(ASM, [1, 1, guess]); // Pyodide imported it before
  const entry = [0, FIRST[path].identity, how];
  downloaded.set(path, entry);
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      entry[0] += chunk.byteLength;
      reportDownload();
      controller.enqueue(chunk);
    },
    flush() {
      arrived.add(path);
      if (PYTHON_NEEDS.every((file) => arrived.has(file))) pythonArrived();
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
};
// Python starts from these two; the core is fetched once they are in, while Python starts,
// rather than beside them: on a thin link the three share it, and the core is needed last.
const PYTHON_NEEDS = [`${manifest.pyodide}pyodide.asm.wasm`, manifest.stdlib];
const arrived = new Set();
let pythonArrived;
const pythonIsIn = new Promise((resolve) => { pythonArrived = resolve; });

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

// What a letter check adds: pypdf, and the standard library's modules only it imports (bytecode,
// found by Python beside the core's package).
async function loadLetterReader() {
  const [wheel, modules] = await Promise.all([manifest.pypdf, manifest.stdlib_letters].map(
    (path) => fetchBytes(new URL(path, base))));
  pyodide.unpackArchive(wheel, "wheel");
  pyodide.unpackArchive(modules, "zip");
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
      pyodide = await loadPyodide({ indexURL, stdLibURL, lockFileContents: manifest.lock, _loadSnapshot: snapshot });
      return { restored: true, keep: false };
    } catch {
      await caches.delete(SNAPSHOTS).catch(() => {}); // unusable: forget it and start afresh
    }
  }
  const keep = await canStore();
  pyodide = await loadPyodide({ indexURL, stdLibURL, lockFileContents: manifest.lock, _makeSnapshot: keep });
  return { restored: false, keep };
}

async function boot(lang) {
  self.postMessage({ type: "progress", stage: "runtime" });
  const snapshot = savedSnapshot();
  const kept = await snapshot;
  downloading = !kept;
  const started = start(kept);
  // From a kept snapshot nothing waits (every file is in the browser's cache); and should Pyodide
  // ever fetch its files otherwise, the core comes once it has started.
  const coreMayCome = kept ? Promise.resolve() : Promise.race([pythonIsIn, started.catch(() => {})]);
  const core = coreMayCome.then(() => fetchBytes(new URL(manifest.core, base)));
  const zones = Promise.all(Object.entries(manifest.zones).map(
    async ([zone, path]) => [zone, await fetchBytes(new URL(path, base))]));
  for (const download of [core, zones]) download.catch(() => {}); // failures surface where awaited
  const { restored, keep } = await started;
  const [coreBytes, zoneFiles] = await Promise.all([core, zones]);
  reportDownload(true);
  downloading = false;
  self.postMessage({ type: "progress", stage: "rules" });
  // A snapshot holds Python's memory, not its files: the files are written either way. The core:
  // its package, its __pycache__ beside its source (checked against it by hash: never stale),
  // and its data parsed ahead (keyed by the text: never stale either).
  pyodide.unpackArchive(coreBytes, "zip");
  writeZones(zoneFiles);
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
      await (pypdf ??= loadLetterReader()); // the PDF reader loads only when a letter is checked
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
