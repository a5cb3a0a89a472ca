// Conferral's calculator: our Python core (conferral_core) running in Pyodide, in a Web Worker,
// so the page's main thread never runs Python. Every asset comes from this site (no CDN).
//
// Protocol. Page -> worker: {id, request}, where request is an api.handle() request.
// Worker -> page: {id, response} (the API's JSON answer, errors included), or {id, failure}
// when the calculator itself could not run; {type: "progress", stage} / {type: "ready"} while
// it starts; and {type: "running", id} when it begins a request (the page's watchdog ends a
// request that runs too long by stopping this worker and starting a new one).

import { loadPyodide } from "./pyodide/pyodide.mjs";

const base = new URL("./", import.meta.url);
let booting = null;
let pypdf = null;
let manifest = null;
let pyodide = null;
let handle = null;

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url.pathname} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function unpackWheel(name) {
  pyodide.unpackArchive(await fetchBytes(new URL(`wheels/${name}`, base)), "wheel");
}

async function boot() {
  self.postMessage({ type: "progress", stage: "runtime" });
  const manifestResponse = fetch(new URL("wheels/wheels.json", base));
  pyodide = await loadPyodide({ indexURL: new URL("pyodide/", base).href });
  manifest = await (await manifestResponse).json();
  self.postMessage({ type: "progress", stage: "rules" });
  await Promise.all([unpackWheel(manifest.core), unpackWheel(manifest.tzdata)]);
  handle = pyodide.runPython(
    "import json\n" +
    "from conferral_core import api\n" +
    "def _handle(text):\n" +
    "    return json.dumps(api.handle(json.loads(text)), ensure_ascii=False)\n" +
    "_handle\n",
  );
  self.postMessage({ type: "ready" });
}

self.onmessage = async (event) => {
  const { id, request } = event.data || {};
  try {
    await (booting ??= boot());
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
};
