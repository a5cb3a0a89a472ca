// Bytecode for the browser's Python, made by the pinned Pyodide itself under Node.
//
// The npm package's python_stdlib.zip holds source only (.py), so each visit's Python compiled
// the ~180 modules Pyodide and our engine import on every start (asyncio, typing, inspect,
// dataclasses, tomllib, zoneinfo, ...): measured under Node, a 1.9 s start became 0.7 s with
// them precompiled. The core's own modules get bytecode too, and its data files are parsed
// ahead (see src/conferral_core/loader.py). Bytecode is tied to the exact
// Python that reads it, so it is made here, by Pyodide's Python (scripts/precompile.py), never
// by the build machine's CPython. Only the modules the engine imports are shipped: Python's start's
// in one zip, the rest of the first answer's in another, a letter check's in a third
// (scripts/precompile.py says how they are found).
//
// Usage: node scripts/precompile.mjs WHEELS_DIR OUT_DIR
// Writes into OUT_DIR: python_stdlib.zip, stdlib-engine.zip, stdlib-letters.zip, core.zip, and
// precompiled.json (what they were made from; the site plugin refuses them for another Pyodide or
// another core wheel).

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [wheelsDir, outDir] = process.argv.slice(2);
if (!wheelsDir || !outDir) {
  console.error("usage: node scripts/precompile.mjs WHEELS_DIR OUT_DIR");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide");
const { loadPyodide, version } = await import(path.join(pyodideDir, "pyodide.mjs"));
// What this writes (the site plugin checks that all of them are there).
const OUTPUTS = { stdlib: "python_stdlib.zip", stdlib_engine: "stdlib-engine.zip", stdlib_letters: "stdlib-letters.zip",
  core: "core.zip" };
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function wheel(prefix) {
  const found = fs.readdirSync(wheelsDir).filter((name) => name.startsWith(prefix) && name.endsWith(".whl"));
  if (found.length !== 1) throw new Error(`expected one ${prefix}*.whl in ${wheelsDir}, found ${found.length}`);
  return { name: found[0], bytes: new Uint8Array(fs.readFileSync(path.join(wheelsDir, found[0]))) };
}

// Without column positions in tracebacks (Python's -X no_debug_ranges): a quarter of the bytecode.
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, env: { HOME: "/home/pyodide", PYTHONNODEBUGRANGES: "1" } });
// What Python's start imported, before anything else runs here (unpacking a wheel imports more).
const started = pyodide.runPython("import sys; sorted(sys.modules)").toJs();
const core = wheel("conferral_core-");
for (const { bytes } of [core, wheel("pypdf-"), wheel("tzdata-")]) pyodide.unpackArchive(bytes, "wheel");
pyodide.FS.writeFile("/tmp/core.whl", core.bytes);
pyodide.runPython(fs.readFileSync(path.join(here, "precompile.py"), "utf8"));
const outs = Object.fromEntries(Object.entries(OUTPUTS).map(([role, name]) => [role, `/tmp/${name}`]));
const made = pyodide.globals.get("main")("/tmp/core.whl", pyodide.toPy(outs), pyodide.toPy(started))
  .toJs({ dict_converter: Object.fromEntries });

fs.mkdirSync(outDir, { recursive: true });
for (const name of Object.values(OUTPUTS)) {
  fs.writeFileSync(path.join(outDir, name), pyodide.FS.readFile(`/tmp/${name}`));
}
const about = {
  pyodide: version,
  python: made.python,
  stdlib_source_sha256: sha256(fs.readFileSync(path.join(pyodideDir, "python_stdlib.zip"))),
  stdlib_compiled: made.stdlib_compiled,
  stdlib_engine: made.stdlib_engine,
  stdlib_letters: made.stdlib_letters,
  core_wheel: core.name,
  core_wheel_sha256: sha256(core.bytes),
  core_prepared: made.core_prepared,
};
fs.writeFileSync(path.join(outDir, "precompiled.json"), JSON.stringify(about, null, 1) + "\n");
console.log(`precompiled ${about.stdlib_compiled.length} standard-library modules for Python's start, ` +
  `${about.stdlib_engine.length} more for a first answer, ${about.stdlib_letters.length} more for letters, and prepared ` +
  `${about.core_prepared.length} core files with Pyodide ${version} (Python ${about.python})`);
