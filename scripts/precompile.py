"""Bytecode for the browser's Python, made inside the pinned Pyodide by scripts/precompile.mjs.

Not run by CPython: bytecode is tied to the exact Python that reads it (Pyodide's), so this file
is executed by that Python under Node. It writes two zips into the emulated file system:

- the standard library with every module the engine's start imports compiled (.pyc only,
  unchecked: no source is shipped for them) and every other module left as source;
- for the core: `__pycache__` bytecode for its modules, checked against their source by hash (a
  zip that does not match the wheel beside it is ignored by Python: it compiles the source), and
  its data files parsed ahead, keyed by a digest of their text (loader.PARSED_AHEAD).
"""

import importlib
import importlib._bootstrap_external as bytecode
import importlib.util
import pickle
import pkgutil
import sys
import zipfile

STDLIB = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
NOT_IN_BROWSER = ("conferral_core.cli", "conferral_core.__main__")  # the command line


def load_what_the_engine_loads() -> None:
    """Every module of the core except its command line, pypdf (letters), and what answering a
    deadline loads lazily; Pyodide's own start has already imported its modules."""
    import conferral_core
    import pypdf  # noqa: F401
    from conferral_core import api

    for module in pkgutil.walk_packages(conferral_core.__path__, "conferral_core."):
        if module.name not in NOT_IN_BROWSER:
            importlib.import_module(module.name)
    for lang in api.LANGUAGES:
        for request in api.WARM_UP:
            api.handle({**request, "lang": lang})


def _entry(name: str) -> zipfile.ZipInfo:
    fixed = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))  # no build time inside: same inputs, same bytes
    fixed.compress_type = zipfile.ZIP_DEFLATED
    return fixed


def _pyc(source: bytes, filename: str, checked: bool) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytecode._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=checked)


def precompile_stdlib(out: str) -> list[str]:
    imported = {module.__file__[len(STDLIB) + 1:] for module in list(sys.modules.values())
                if (getattr(module, "__file__", None) or "").startswith(STDLIB + "/")}
    compiled = []
    with zipfile.ZipFile(STDLIB) as source, zipfile.ZipFile(out, "w") as zipped:
        for entry in source.infolist():
            name, data = entry.filename, source.read(entry)
            if name in imported:
                data = _pyc(data, f"{STDLIB}/{name}", checked=False)
                name += "c"
                compiled.append(name)
            zipped.writestr(_entry(name), data, compresslevel=9)
    return sorted(compiled)


def prepare_core(wheel: str, out: str) -> list[str]:
    """The core's bytecode, and its data files parsed ahead (loader.PARSED_AHEAD: {digest of the
    text: parse}, made by the loader's own parser)."""
    from conferral_core import loader

    prepared = []
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as zipped:
        for name in sorted(n for n in source.namelist() if n.endswith(".py")):
            if name.removesuffix(".py").replace("/", ".") in NOT_IN_BROWSER:
                continue
            cached = importlib.util.cache_from_source(name)  # conferral_core/__pycache__/x.cpython-3NN.pyc
            zipped.writestr(_entry(cached), _pyc(source.read(name), name, checked=True), compresslevel=9)
            prepared.append(cached)
        parsed = {}
        for name in sorted(n for n in source.namelist() if n.startswith("conferral_core/data/") and n.endswith(".toml")):
            text = source.read(name).decode("utf-8")
            parsed[loader.text_digest(text)] = loader.parse(text, name)
        ahead = f"conferral_core/data/{loader.PARSED_AHEAD}"
        zipped.writestr(_entry(ahead), pickle.dumps(parsed, protocol=5), compresslevel=9)
        prepared.append(ahead)
    return prepared


def main(core_wheel: str, stdlib_out: str, core_out: str) -> dict:
    load_what_the_engine_loads()
    return {"python": sys.version.split()[0], "stdlib_compiled": precompile_stdlib(stdlib_out),
            "core_prepared": prepare_core(core_wheel, core_out)}
