"""What the in-browser calculator ships, checked before anything is copied.

The pinned Pyodide's files (from the npm package), its standard library and our core's bytecode
precompiled by scripts/precompile.mjs, the wheels, the courts' time-zone files, and the manifest
the worker reads first (wheels/wheels.json). A missing or stale input stops the build and says
what to run.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from conferral_core import api

# The files of the pinned npm package `pyodide` the site needs (no CDN, nothing else), shipped as
# they are. Its standard library is shipped precompiled instead (see `precompiled`).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
STOCK_STDLIB = "python_stdlib.zip"
# Wheels the calculator needs, by role: our core and the PDF reader (loaded only when a letter
# is checked) are unpacked in the browser; of the time-zone database, only the courts' zones
# are shipped (the engine uses no other), as files Python's zoneinfo reads from its TZPATH.
WHEEL_ROLES = {"core": "conferral_core-", "tzdata": "tzdata-", "pypdf": "pypdf-"}
MAKE_WHEELS = "Run `make wheels`, or set checker: false."


@dataclass
class CalculatorFiles:
    copies: dict[str, Path]  # path under assets/conferral/ -> file to copy
    contents: dict[str, bytes]  # path under assets/conferral/ -> generated content


def calculator_files(pyodide: Path, wheels: Path, precompiled: Path, core_source: Path) -> CalculatorFiles:
    missing = [name for name in PYODIDE_FILES + (STOCK_STDLIB,) if not (pyodide / name).is_file()]
    if missing:
        raise PluginError(f"conferral: Pyodide is missing from {pyodide} ({', '.join(missing)}). "
                          "Run `npm ci` (or `make wheels`), or set checker: false.")
    found = _wheels(wheels, core_source)
    about = precompiled_inputs(precompiled, pyodide / STOCK_STDLIB, found["core"])
    stdlib = precompiled / "python_stdlib.zip"
    # Named by content: pyodide/* is cached as immutable, and the set of modules compiled follows
    # the core's imports.
    stdlib_name = f"python_stdlib.{_sha256(stdlib)[:12]}.zip"
    copies = {f"pyodide/{name}": pyodide / name for name in PYODIDE_FILES}
    copies[f"pyodide/{stdlib_name}"] = stdlib
    copies.update({f"wheels/{path.name}": path for role, path in found.items() if role != "tzdata"})
    copies["wheels/core-bytecode.zip"] = precompiled / "core-bytecode.zip"
    zones = _zone_files(found["tzdata"])
    manifest = {"core": found["core"].name, "core_bytecode": "core-bytecode.zip", "pypdf": found["pypdf"].name,
                "stdlib": stdlib_name, "zones": sorted(zones), "python": about["python"],
                "snapshot": _snapshot_name(copies)}
    contents = {f"zones/{zone}": data for zone, data in zones.items()}
    contents["wheels/wheels.json"] = json.dumps(manifest, sort_keys=True).encode()
    return CalculatorFiles(copies, contents)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wheels(folder: Path, core_source: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for role, prefix in WHEEL_ROLES.items():
        matches = sorted(folder.glob(f"{prefix}*.whl")) if folder.is_dir() else []
        if len(matches) != 1:
            raise PluginError(f"conferral: expected one {prefix}*.whl in {folder}, found {len(matches)}. {MAKE_WHEELS}")
        found[role] = matches[0]
    newest_source = max(p.stat().st_mtime for p in core_source.rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)
    if found["core"].stat().st_mtime < newest_source:
        raise PluginError(f"conferral: {found['core'].name} is older than the core's source, so the browser "
                          "would compute with old rules. Run `make wheels` and build again.")
    return found


def precompiled_inputs(folder: Path, stock_stdlib: Path, core_wheel: Path) -> dict:
    """What scripts/precompile.mjs made in `folder`, checked to come from this Pyodide (bytecode
    from another Python would not load) and from this core wheel (stale bytecode is only ignored
    by Python, but it would be shipped for nothing)."""
    remedy = "Run `make wheels` (it runs scripts/precompile.mjs), or set checker: false."
    about_file = folder / "precompiled.json"
    if not all((folder / name).is_file() for name in ("precompiled.json", "python_stdlib.zip", "core-bytecode.zip")):
        raise PluginError(f"conferral: the precompiled standard library and core are missing from {folder}. {remedy}")
    try:
        about = json.loads(about_file.read_text(encoding="utf-8"))
        made_from = (about["stdlib_source_sha256"], about["core_wheel_sha256"], about["python"])
    except (ValueError, KeyError, TypeError):
        raise PluginError(f"conferral: {about_file} is not what scripts/precompile.mjs writes. {remedy}") from None
    if made_from[0] != _sha256(stock_stdlib):
        raise PluginError(f"conferral: the bytecode in {folder} was made by another Pyodide than {stock_stdlib.parent}. "
                          f"{remedy}")
    if made_from[1] != _sha256(core_wheel):
        raise PluginError(f"conferral: the bytecode in {folder} was made from another {core_wheel.name}. {remedy}")
    return about


def _zone_files(tzdata: Path) -> dict[str, bytes]:
    """Every court's time zone, from the pinned tzdata wheel (about 3 KB each instead of a 350 KB
    wheel of 600 files to unpack before the first answer)."""
    zones = sorted({court["time_zone"] for court in api.handle({"kind": "courts"})["courts"]})
    out = {}
    with zipfile.ZipFile(tzdata) as wheel:
        for zone in zones:
            try:
                out[zone] = wheel.read(f"tzdata/zoneinfo/{zone}")
            except KeyError:
                raise PluginError(f"conferral: {tzdata.name} has no time zone {zone!r}; "
                                  "check the court's time_zone or update the tzdata pin.") from None
    return out


def _snapshot_name(copies: dict[str, Path]) -> str:
    """The worker keeps a memory snapshot of the started engine between visits; this names
    exactly what is in it (Pyodide, the bytecode, the wheels), so any change makes a new one."""
    digest = hashlib.sha256()
    for name in sorted(copies):
        digest.update(name.encode() + b"\0" + copies[name].read_bytes())
    return digest.hexdigest()[:20]
