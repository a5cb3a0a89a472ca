"""What the site prepares ahead is what the browser's Python uses.

Booted under Node with the built site's own standard library, core wheel and prepared core,
the pinned Pyodide starts, imports the engine and answers in both languages without compiling
any module of the standard library or of the core from source, without parsing any data
file, and without compiling the methods `@dataclass` writes for the core's classes. A stale or
missing piece would show here as work done again on every visit (or a start that fails)."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import builtins, sys
compiled = []
_compile = builtins.compile
def _recording(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return _compile(source, filename, *args, **kwargs)
builtins.compile = _recording
import tomllib
parsed_now = []
_loads = tomllib.loads
def _parsing(text, *args, **kwargs):
    parsed_now.append(text[:60])
    return _loads(text, *args, **kwargs)
tomllib.loads = _parsing
# As the browser's worker starts the engine: `@dataclass` gets the code compiled ahead, so it
# hands builtins.exec code objects; a source text it did not have would come as text.
from conferral_core import compiled_ahead
code_ahead = compiled_ahead.use_if_shipped()
executed_text = []
_exec = builtins.exec
def _executing(source, *args):
    if isinstance(source, str):
        executed_text.append(source[:60])
    return _exec(source, *args)
builtins.exec = _executing

from conferral_core import api
for lang in api.LANGUAGES:
    for request in ({"kind": "courts"}, {"kind": "judges"},
                    {"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
                     "events": {"request": "2026-11-30", "conference": "2026-12-08T10:00"}},
                    {"kind": "ics", "judge": "caed-claire", "procedure": "informal-conference",
                     "events": {"request": "2026-11-30", "conference": "2026-12-08T10:00"}},
                    {"kind": "find-judge", "case_number": "2:17-cv-1666-KJN"}):
        assert "error" not in api.handle({**request, "lang": lang}), request
builtins.compile = _compile
builtins.exec = _exec
tomllib.loads = _loads

stdlib = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
import site
site_packages = site.getsitepackages()[0] + "/"
# (Frozen modules such as os carry a path in the zip but are part of Python itself.)
files = [m.__file__ for m in list(sys.modules.values())
         if getattr(m, "__spec__", None) and m.__spec__.origin != "frozen" and getattr(m, "__file__", None)]
import json
json.dumps({
    "compiled_from_source": sorted(f for f in compiled if f.startswith(stdlib) or "conferral_core" in f),
    "data_parsed_now": parsed_now,
    "code_ahead": code_ahead,
    "dataclass_code_compiled_now": executed_text,
    "stdlib_loaded": sorted(f[len(stdlib):] for f in files if f.startswith(stdlib)),
    "site_packages_loaded": sorted(f[len(site_packages):] for f in files if f.startswith(site_packages)),
    "core_loaded": sorted(m.__file__ for name, m in sys.modules.items() if name.startswith("conferral_core")),
})
"""

HOST = """
import { loadPyodide } from %(pyodide)s;
import fs from "node:fs";
const bytes = (path) => new Uint8Array(fs.readFileSync(path));
const py = await loadPyodide({ indexURL: %(index)s, stdLibURL: %(stdlib)s, lockFileContents: %(lock)s });
// Where the browser's worker writes them: Python's site-packages.
const extractDir = py.runPython("__import__('site').getsitepackages()[0]");
for (const zip of [%(core)s, %(engine)s]) py.unpackArchive(bytes(zip), "zip", { extractDir });
py.FS.mkdirTree("/usr/share/zoneinfo/America");
for (const [zone, path] of Object.entries(%(zones)s)) py.FS.writeFile(`/usr/share/zoneinfo/${zone}`, bytes(path));
console.log(py.runPython(%(probe)s));
"""


def test_the_engine_starts_and_answers_without_compiling_or_parsing_again(site):
    assets = site / "assets" / "conferral"
    manifest = json.loads((assets / "site.json").read_text())["engine"]
    pyodide = ROOT / "node_modules" / "pyodide"
    host = HOST % {key: json.dumps(value) for key, value in {
        "pyodide": str(pyodide / "pyodide.mjs"), "index": f"{pyodide}/",
        "stdlib": str(assets / manifest["stdlib"]),
        "core": str(assets / manifest["core"]), "engine": str(assets / manifest["stdlib_engine"]), "lock": manifest["lock"],
        "zones": {zone: str(assets / path) for zone, path in manifest["zones"].items()}, "probe": PROBE}.items()}
    result = subprocess.run(["node", "--input-type=module", "-e", host], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["compiled_from_source"] == []
    assert seen["data_parsed_now"] == []  # every data file came parsed ahead
    # Every class's generated methods came compiled ahead (compiled_ahead.py).
    assert seen["code_ahead"] is True and seen["dataclass_code_compiled_now"] == []
    # Pyodide's own start and the engine's imports all came from bytecode: Python's start's from
    # the standard library's zip, the engine's from what the worker writes beside the core.
    assert "asyncio/base_events.pyc" in seen["stdlib_loaded"] and "tomllib/_parser.pyc" not in seen["stdlib_loaded"]
    assert {"tomllib/_parser.pyc", "zoneinfo/_common.pyc", "conferral_core/api.pyc"} <= set(seen["site_packages_loaded"])
    assert [f for f in seen["stdlib_loaded"] + seen["site_packages_loaded"] if not f.endswith(".pyc")] == []
    assert len(seen["core_loaded"]) >= 10 and all(f.endswith(".pyc") for f in seen["core_loaded"])
