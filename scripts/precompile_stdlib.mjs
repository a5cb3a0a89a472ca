// Pyodide's standard library with the modules every start imports precompiled to bytecode.
//
// The npm package's python_stdlib.zip holds source only (.py), so each visit's Python compiles
// the ~160 modules Pyodide and our engine import on every start (asyncio, typing, inspect,
// dataclasses, tomllib, zoneinfo, ...): measured under Node, 1.9 s of start become 0.7 s
// with them precompiled. Bytecode is tied to the exact Python that reads it, so it is made
// here by the pinned Pyodide itself (never by the build machine's CPython). The modules
// nothing imports at start stay source, which keeps the download ~0.8 MB over the original
// instead of ~2 MB for a fully compiled zip.
//
// Usage: node scripts/precompile_stdlib.mjs WHEELS_DIR OUT_DIR
// Writes OUT_DIR/python_stdlib.zip and OUT_DIR/python_stdlib.json (what it came from and what
// was compiled; the site plugin refuses a zip made from another Pyodide).

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [wheelsDir, outDir] = process.argv.slice(2);
if (!wheelsDir || !outDir) {
  console.error("usage: node scripts/precompile_stdlib.mjs WHEELS_DIR OUT_DIR");
  process.exit(2);
}
const pyodideDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "pyodide");
const { loadPyodide, version } = await import(path.join(pyodideDir, "pyodide.mjs"));

function wheel(prefix) {
  const found = fs.readdirSync(wheelsDir).filter((name) => name.startsWith(prefix) && name.endsWith(".whl"));
  if (found.length !== 1) throw new Error(`expected one ${prefix}*.whl in ${wheelsDir}, found ${found.length}`);
  return new Uint8Array(fs.readFileSync(path.join(wheelsDir, found[0])));
}

const stock = fs.readFileSync(path.join(pyodideDir, "python_stdlib.zip"));
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
for (const prefix of ["conferral_core-", "pypdf-", "tzdata-"]) pyodide.unpackArchive(wheel(prefix), "wheel");

// What the browser's engine imports: Pyodide's own start (already done), every module of the
// core except its command line, pypdf (letters), and what answering a deadline loads lazily.
const compiled = pyodide.runPython(`
import importlib, importlib.util, importlib._bootstrap_external as bytecode, pkgutil, sys, zipfile
import conferral_core, pypdf
from conferral_core import api

for module in pkgutil.walk_packages(conferral_core.__path__, "conferral_core."):
    if module.name not in ("conferral_core.cli", "conferral_core.__main__"):
        importlib.import_module(module.name)
for lang in api.LANGUAGES:
    api.handle({"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
                "events": {"request": "2026-11-30", "conference": "2026-12-08T10:00"}, "lang": lang})

stdlib = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
imported = {module.__file__[len(stdlib) + 1:] for module in list(sys.modules.values())
            if (getattr(module, "__file__", None) or "").startswith(stdlib + "/")}
compiled = []
with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile("/tmp/python_stdlib.zip", "w") as out:
    for entry in source.infolist():
        name, data = entry.filename, source.read(entry)
        if name in imported:
            code = compile(data, f"{stdlib}/{name}", "exec", dont_inherit=True)
            # Unchecked hash: zipimport reads it without its source (not shipped) and without a
            # timestamp, so the same inputs always give the same bytes.
            data = bytecode._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            name += "c"
            compiled.append(name)
        fixed = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        fixed.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(fixed, data, compresslevel=9)
sorted(compiled)
`).toJs();

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "python_stdlib.zip"), pyodide.FS.readFile("/tmp/python_stdlib.zip"));
const about = {
  pyodide: version,
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  source_sha256: createHash("sha256").update(stock).digest("hex"),
  compiled,
};
fs.writeFileSync(path.join(outDir, "python_stdlib.json"), JSON.stringify(about, null, 1) + "\n");
console.log(`precompiled ${compiled.length} standard-library modules with Pyodide ${version} (Python ${about.python})`);
