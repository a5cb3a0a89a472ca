// Conferral's calculator: our Python core (conferral_core) running in Pyodide, in a Web Worker,
// so the page's main thread never runs Python. Every asset comes from this site (no CDN).
//
// Protocol. Page -> worker: {start: true}, to start the engine before any request; then
// {id, request}, where request is an api.handle() request.
// Worker -> page: {id, response} (the API's JSON answer, errors included), or {id, failure}
// when the calculator itself could not run; {type: "progress", stage, loaded?, total?} (bytes
// downloaded so far, as the host sent them, of the first answer's total) / {type: "ready"} while
// it starts; and {type: "running", id} when it begins a request (the page's watchdog ends a
// request that runs too long by stopping this worker and starting a new one).
//
// Starting Python takes seconds. Later visits restore a memory snapshot of a started engine
// (Pyodide's snapshot option, pinned with Pyodide's version) kept in the browser's Cache
// Storage without its empty pages, instead of starting Python again. It is made after the first
// answer, by a second worker of this script that the page starts with {make: "snapshot", lang}
// and ends when it reports {type: "kept"}: an engine that never saw a request, so the snapshot
// holds no reader's dates, and the first answer does not wait for the warm-up a snapshot wants.
// Its name changes with Pyodide and the wheels (the manifest's "snapshot"); if it cannot be
// stored or restored, the engine starts the ordinary way.

// The site plugin writes in this build's Pyodide folder and manifest (see runtime.py): every
// file is named by its version or content, so nothing old is ever mixed with this build.

const manifest = __CONFERRAL_MANIFEST__;
const base = new URL("./", import.meta.url);
const SNAPSHOTS = "conferral-engine-snapshots";
// What WARM_UP and HANDLE do first: hand `@dataclass` the code compiled ahead for the core's
// classes (compiled_ahead.py), when this build ships it.
const USE_CODE_AHEAD = `
from conferral_core import compiled_ahead
compiled_ahead.use_if_shipped()
`;
// Modules and data every answer needs, loaded before the snapshot is taken (the core's api.WARM_UP, fixed requests in
// the page's language, never a reader's): restored, they answer at once.
const WARM_UP = (lang) => `${USE_CODE_AHEAD}
from conferral_core import api
_lang = ${JSON.stringify(lang)} if ${JSON.stringify(lang)} in api.LANGUAGES else "en"
for _request in api.WARM_UP:
    api.handle({**_request, "lang": _lang})
`;
const HANDLE = `${USE_CODE_AHEAD}
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
// Files asked for before Pyodide asks for them (see `fetchEarly`): its own request gets the same response.
const early = new Map(); // href -> Promise<Response>
self.fetch = async (resource, options) => {
  const href = typeof resource === "string" || resource instanceof URL ? new URL(resource, base).href : null;
  // Pyodide asks with the defaults spelt out ({}, or credentials "same-origin"): the same request.
  const same = !options || Object.entries(options).every(([key, value]) => key === "credentials" && value === "same-origin");
  const asked = href && same && early.get(href);
  if (asked) early.delete(href);
  const response = await (asked || plainFetch(resource, options));
  const path = pathOf(href || resource.url);
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
// Python starts from these two; the engine (the core and the standard library's modules only it
// imports) is fetched once they are in, while Python starts, rather than beside them: on a thin
// link they would share it, and the engine is needed last.
const PYTHON_NEEDS = [`${manifest.pyodide}pyodide.asm.wasm`, manifest.stdlib];
const arrived = new Set();
let pythonArrived;
const pythonIsIn = new Promise((resolve) => { pythonArrived = resolve; });

// Python's own files, asked for at once rather than when Pyodide reaches them: on a later visit
// they come from the browser's caches while the kept snapshot is read; on a first visit, a
// little sooner. Pyodide's scripts are imported early for the same reason (a module is imported once).
function fetchEarly() {
  importPyodide().catch(() => {}); // a failure surfaces where Pyodide is started
  for (const path of PYTHON_NEEDS) {
    const href = new URL(path, base).href;
    if (early.has(href)) continue;
    const response = keptOrFetched(href);
    response.catch(() => {}); // a failure surfaces where Pyodide awaits it, not as unhandled before
    early.set(href, response);
  }
  import(new URL(ASM, base).href).catch(() => {}); // a failure surfaces where Pyodide imports it
}

// A file named by its version or content, from the service worker's copy when it has kept one
// (read here: the 9.6 MB WebAssembly came sooner than through the service worker), else fetched.
async function keptOrFetched(href) {
  try {
    const kept = await caches.match(href);
    if (kept) return kept;
  } catch {
    // no Cache Storage here (a sandboxed widget, private browsing): from the network
  }
  return plainFetch(href);
}

let booting = null;
let pypdf = null;
let pyodide = null;
let handle = null;

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
  unpackZip(modules);
}

function snapshotKey() {
  return new URL(`snapshot/${manifest.snapshot}.pages`, base).href;
}

// The kept snapshot for this build, if any (its response: the bytes are read by `readSnapshot`).
async function savedSnapshot() {
  try {
    return (await (await caches.open(SNAPSHOTS)).match(snapshotKey())) || null;
  } catch {
    return null; // no Cache Storage here (a sandboxed widget, private browsing): start normally
  }
}

async function readSnapshot(kept) {
  return unpackSnapshot(await kept.arrayBuffer());
}

// A snapshot is kept without its empty pages: about half of Python's memory is zeros. Stored
// so, not compressed (15 MB), it was read in a third of the time of the gzip of the whole (70-90
// ms against 205-235, alone in a worker), and decompressing held this worker's thread, which
// also starts Python. As kept: "CFS1", the memory's length (both little-endian 32-bit), a byte
// per 4 KB page (1: kept, 0: all zeros), then the kept pages in order (the last may be short).
const SNAPSHOT_MAGIC = 0x31534643; // "CFS1"
const PAGE = 4096;

function packSnapshot(memory) {
  const pages = Math.ceil(memory.length / PAGE);
  const used = new Uint8Array(pages);
  const parts = [new Uint32Array([SNAPSHOT_MAGIC, memory.length]), used];
  // Whole pages are checked a word at a time, when the memory starts on a word boundary.
  const words = memory.byteOffset % 4 ? null : new Uint32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE;
    const end = Math.min(start + PAGE, memory.length);
    let zero = true;
    if (words && end - start === PAGE) {
      for (let word = start >> 2; word < end >> 2; word++) if (words[word]) { zero = false; break; }
    } else {
      for (let at = start; at < end; at++) if (memory[at]) { zero = false; break; }
    }
    if (zero) continue;
    used[page] = 1;
    parts.push(memory.subarray(start, end));
  }
  return new Blob(parts);
}

// The memory back from what `packSnapshot` kept; anything else (damaged, or an older kind) throws.
function unpackSnapshot(buffer) {
  const fail = () => { throw new Error("the kept engine is damaged"); };
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || view.getUint32(0, true) !== SNAPSHOT_MAGIC) fail();
  const length = view.getUint32(4, true);
  const pages = Math.ceil(length / PAGE);
  if (8 + pages > buffer.byteLength) fail();
  const used = new Uint8Array(buffer, 8, pages);
  const memory = new Uint8Array(length);
  let at = 8 + pages;
  for (let page = 0; page < pages; page++) {
    if (used[page] === 0) continue;
    const size = Math.min(PAGE, length - page * PAGE);
    if (used[page] !== 1 || at + size > buffer.byteLength) fail();
    memory.set(new Uint8Array(buffer, at, size), page * PAGE);
    at += size;
  }
  if (at !== buffer.byteLength) fail();
  return memory;
}

// Our own zips (scripts/precompile.py) hold their files stored, not deflated, so they are
// written straight into Pyodide's file system from here, in a few milliseconds; Python's own
// unpacking took a quarter of a second for the core. Anything else (a deflated entry, a
// name outside the folder, a zip this does not read) goes to Pyodide's unpacker instead.
function storedEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - 22; // the end record, when the zip has no comment (ours never do)
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) return null;
  const entries = [];
  let at = view.getUint32(end + 16, true);
  for (let i = view.getUint16(end + 10, true); i > 0; i--) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return null;
    const [method, packed, size] = [view.getUint16(at + 10, true), view.getUint32(at + 20, true), view.getUint32(at + 24, true)];
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((offset) => view.getUint16(at + offset, true));
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (method !== 0 || packed !== size || local + 30 > end || view.getUint32(local, true) !== 0x04034b50) return null;
    if (name.startsWith("/") || name.split("/").includes("..")) return null;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > end) return null;
    entries.push([name, bytes.subarray(start, start + size)]);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The file system keeps `data` itself rather than a copy (`canOwn`: nothing else writes to it),
// and makes each folder once: for the core's files (366 when they held its source), a third of the time.
const folders = new Set();
function writeFile(path, data) {
  const folder = path.slice(0, path.lastIndexOf("/"));
  if (!folders.has(folder)) {
    pyodide.FS.mkdirTree(folder);
    folders.add(folder);
  }
  pyodide.FS.writeFile(path, data, { canOwn: true });
}

let sitePackages = null;
function unpackZip(bytes) {
  const entries = storedEntries(bytes);
  if (!entries) return pyodide.unpackArchive(bytes, "zip");
  sitePackages ??= pyodide.runPython("__import__('site').getsitepackages()[0]"); // where Pyodide unpacks
  for (const [name, data] of entries) {
    const path = `${sitePackages}/${name}`;
    if (name.endsWith("/")) pyodide.FS.mkdirTree(path);
    else writeFile(path, data);
  }
}

// The courts' time zones, as files where Python's zoneinfo looks first (its TZPATH).
function writeZones(zones) {
  for (const [zone, bytes] of zones) writeFile(`/usr/share/zoneinfo/${zone}`, bytes);
}

async function storeSnapshot(bytes) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    await cache.put(snapshotKey(), new Response(packSnapshot(bytes), { headers: { "Content-Type": "application/octet-stream" } }));
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
    return true;
  } catch {
    return false;
  }
}

// Pyodide's script, imported when this worker starts (fetchEarly) rather than by a static import,
// so that this worker asks for Python's files as soon as it runs, not one round trip later.
let pyodideScript = null;
function importPyodide() {
  pyodideScript ??= import("./__CONFERRAL_PYODIDE__pyodide.mjs");
  return pyodideScript;
}

// Pyodide, with the precompiled standard library the site ships (scripts/precompile.mjs), not
// the npm package's source.
async function loadPython(options) {
  const { loadPyodide } = await importPyodide();
  return loadPyodide({ indexURL: new URL(manifest.pyodide, base).href, stdLibURL: new URL(manifest.stdlib, base).href,
    lockFileContents: manifest.lock, ...options });
}

// Starts Pyodide from the snapshot if there is a usable one, else afresh. True when restored.
async function start(snapshot) {
  if (snapshot) {
    try {
      pyodide = await loadPython({ _loadSnapshot: snapshot });
      return true;
    } catch {
      await caches.delete(SNAPSHOTS).catch(() => {}); // unusable: forget it and start afresh
    }
  }
  pyodide = await loadPython({});
  return false;
}

// The engine's files, written into Python's file system (a snapshot holds Python's memory, not
// its files, so they are written either way): the core (its package as bytecode, made from the
// same wheel in the same build, and its data parsed ahead, keyed by the text: never stale), the
// standard library's modules the engine adds to Python's start, both found by Python in
// site-packages, and the time zones.
function install([coreBytes, modules, zoneFiles]) {
  unpackZip(coreBytes);
  unpackZip(modules);
  writeZones(zoneFiles);
}

// The core, the standard library's modules only it imports and the time zones, the first two
// once `engineMayCome` settles; [core bytes, modules' bytes, zone files].
function engineFiles(engineMayCome) {
  const [core, modules] = [manifest.core, manifest.stdlib_engine].map(
    (path) => engineMayCome.then(() => fetchBytes(new URL(path, base))));
  const zones = Promise.all(Object.entries(manifest.zones).map(
    async ([zone, path]) => [zone, await fetchBytes(new URL(path, base))]));
  const all = Promise.all([core, modules, zones]);
  all.catch(() => {}); // a failure surfaces where awaited
  return all;
}

// In the second worker, after the page's first answer: a fresh engine, warmed up with fixed
// requests and kept. Nothing crosses the network again (the first worker's files are in the
// browser's cache).
async function makeSnapshot(lang) {
  downloading = false;
  if (!(await canStore())) return false;
  fetchEarly();
  const files = engineFiles(Promise.resolve());
  pyodide = await loadPython({ _makeSnapshot: true });
  install(await files);
  pyodide.runPython(WARM_UP(lang));
  await storeSnapshot(pyodide.makeMemorySnapshot());
  return true;
}

async function boot() {
  self.postMessage({ type: "progress", stage: "runtime" });
  fetchEarly(); // before looking for the kept snapshot: a later visit reads both at once
  const kept = await savedSnapshot();
  downloading = !kept; // read by the byte counter when Pyodide takes the responses, after this
  const snapshot = kept && readSnapshot(kept); // read while Python's files come
  if (snapshot) snapshot.catch(() => {}); // unreadable: seen where Pyodide awaits it, and started afresh
  const started = start(snapshot);
  // From a kept snapshot nothing waits (every file is in the browser's cache); and should Pyodide
  // ever fetch its files otherwise, the engine comes once it has started.
  const downloads = engineFiles(kept ? Promise.resolve() : Promise.race([pythonIsIn, started.catch(() => {})]));
  const restored = await started;
  const engine = await downloads;
  reportDownload(true);
  downloading = false;
  self.postMessage({ type: "progress", stage: "rules" });
  install(engine);
  handle = pyodide.runPython(HANDLE);
  // The files this worker fetched (the engine): the page hands them to the service worker, which
  // cannot see them pass on a first visit, before it controls the page. `snapshot`: whether the
  // page should have one made after its first answer.
  const files = performance.getEntriesByType("resource").map((entry) => entry.name);
  self.postMessage({ type: "ready", restored, snapshot: !restored && await canStore(), files });
}

self.onmessage = async (event) => {
  const { id, request, make, start: starting } = event.data || {};
  if (starting) {
    await (booting ??= boot()).catch(() => {}); // a failure is reported to the first request
    return;
  }
  if (make === "snapshot") {
    const lang = /^[a-z]{2}$/.test(event.data.lang) ? event.data.lang : "en";
    const kept = !booting && await (booting = makeSnapshot(lang)).catch(() => false);
    self.postMessage({ type: "kept", kept });
    return;
  }
  try {
    await (booting ??= boot());
    if (request && request.kind === "letter") {
      await (pypdf ??= loadLetterReader()); // the PDF reader loads only when a letter is checked
    }
    if (!handle) throw new Error("this worker only makes the engine's snapshot");
    self.postMessage({ type: "running", id }); // the page's watchdog times the request from here
    const started = performance.now();
    const text = handle(JSON.stringify(request));
    self.postMessage({ id, response: JSON.parse(text), ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, failure: String((error && error.message) || error) });
  }
};
