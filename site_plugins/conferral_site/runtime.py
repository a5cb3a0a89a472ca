"""What the in-browser calculator ships, checked before anything is copied.

The pinned Pyodide's files (from the npm package); made by scripts/precompile.mjs from them and
the core's wheel: the part of its standard library Python's start needs, the part the first
answer adds and the part a letter check adds, all precompiled, and our core (its package with
bytecode and data parsed ahead);
the pypdf wheel; the courts' time-zone files; and the manifest the worker carries (also
published as site.json's `engine`). A missing or stale input stops the build and says what to run.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from conferral_core import api

from . import compress
from .pages import SiteDataError

# The files of the pinned npm package `pyodide` the site needs (no CDN, nothing else), shipped as
# they are. Its standard library is shipped precompiled instead (see `precompiled`), and of its
# lock file (its packages, which the calculator never loads) only the `info` Pyodide checks,
# carried in the manifest: one request and 20 KB fewer before the first answer.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
LOCK_FILE = "pyodide-lock.json"
STOCK_STDLIB = "python_stdlib.zip"
# What scripts/precompile.mjs writes, by the manifest's role.
PRECOMPILED = {"stdlib": "python_stdlib.zip", "stdlib_engine": "stdlib-engine.zip", "stdlib_letters": "stdlib-letters.zip",
               "core": "core.zip"}
# Wheels the calculator needs, by role: our core and the PDF reader (loaded only when a letter
# is checked) are unpacked in the browser; of the time-zone database, only the courts' zones
# are shipped (the engine uses no other), as files Python's zoneinfo reads from its TZPATH.
WHEEL_ROLES = {"core": "conferral_core-", "tzdata": "tzdata-", "pypdf": "pypdf-"}
MAKE_WHEELS = "Run `make wheels`, or build without the calculator (checker: false)."


@dataclass
class CalculatorFiles:
    copies: dict[str, Path]  # path under assets/conferral/ -> file to copy
    contents: dict[str, bytes]  # path under assets/conferral/ -> generated content
    manifest: dict  # what the worker loads, by role (paths under assets/conferral/)


def calculator_files(pyodide: Path, wheels: Path, precompiled: Path, core_source: Path,
                     compressed: Path) -> CalculatorFiles:
    """Every file is shipped under a name that changes with its content (Pyodide's under its
    version, the others under a digest), so hosts may cache them for good and a returning
    reader never mixes an old engine or old rules with a new page."""
    missing = [name for name in PYODIDE_FILES + (LOCK_FILE, STOCK_STDLIB, "package.json")
               if not (pyodide / name).is_file()]
    if missing:
        raise SiteDataError(f"Pyodide is missing from {pyodide} ({', '.join(missing)}). "
                          "Run `npm ci` (or `make wheels`), or build without the calculator (checker: false).")
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    found = _wheels(wheels, core_source)
    about = precompiled_inputs(precompiled, pyodide / STOCK_STDLIB, found["core"])
    folder = f"pyodide/{version}/"
    copies = {folder + name: pyodide / name for name in PYODIDE_FILES}
    lock = json.loads((pyodide / LOCK_FILE).read_text(encoding="utf-8"))
    manifest = {"pyodide": folder, "python": about["python"], "lock": {"info": lock["info"], "packages": {}}}
    for role, name in PRECOMPILED.items():
        path = precompiled / name
        manifest[role] = f"{folder if role.startswith('stdlib') else 'wheels/'}{_sha256(path)[:12]}/{name}"
        copies[manifest[role]] = path
    manifest["pypdf"] = f"wheels/{_sha256(found['pypdf'])[:12]}/{found['pypdf'].name}"
    copies[manifest["pypdf"]] = found["pypdf"]
    zones = _zone_files(found["tzdata"])
    zone_folder = f"zones/{found['tzdata'].name.split('-')[1]}/"  # tzdata-2026.6-...whl -> zones/2026.6/
    manifest["zones"] = {zone: zone_folder + zone for zone in zones}
    contents = {zone_folder + zone: data for zone, data in zones.items()}
    manifest["snapshot"] = _snapshot_name(copies, contents)
    # The first answer's downloads and what each weighs as a host sends it (the worker's progress
    # counts them); a letter check's pypdf and modules come later, only when asked for.
    first = [folder + "pyodide.asm.mjs", folder + "pyodide.asm.wasm", manifest["stdlib"], manifest["stdlib_engine"],
             manifest["core"], *manifest["zones"].values()]
    manifest["download"] = {path: compress.sizes(Path(path), copies[path].read_bytes() if path in copies
                                                 else contents[path], compressed) for path in first}
    return CalculatorFiles(copies, contents, manifest)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wheels(folder: Path, core_source: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for role, prefix in WHEEL_ROLES.items():
        matches = sorted(folder.glob(f"{prefix}*.whl")) if folder.is_dir() else []
        if len(matches) != 1:
            raise SiteDataError(f"expected one {prefix}*.whl in {folder}, found {len(matches)}. {MAKE_WHEELS}")
        found[role] = matches[0]
    newest_source = max(p.stat().st_mtime for p in core_source.rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)
    if found["core"].stat().st_mtime < newest_source:
        raise SiteDataError(f"{found['core'].name} is older than the core's source, so the browser "
                          "would compute with old rules. Run `make wheels` and build again.")
    return found


def precompiled_inputs(folder: Path, stock_stdlib: Path, core_wheel: Path) -> dict:
    """What scripts/precompile.mjs made in `folder`, checked to come from this Pyodide (bytecode
    from another Python would not load) and from this core wheel (stale bytecode is only ignored
    by Python, but it would be shipped for nothing)."""
    remedy = "Run `make wheels` (it runs scripts/precompile.mjs), or build without the calculator (checker: false)."
    about_file = folder / "precompiled.json"
    if not all((folder / name).is_file() for name in ("precompiled.json", *PRECOMPILED.values())):
        raise SiteDataError(f"the precompiled standard library and core are missing from {folder}. {remedy}")
    try:
        about = json.loads(about_file.read_text(encoding="utf-8"))
        made_from = (about["stdlib_source_sha256"], about["core_wheel_sha256"], about["python"])
    except (ValueError, KeyError, TypeError):
        raise SiteDataError(f"{about_file} is not what scripts/precompile.mjs writes. {remedy}") from None
    if made_from[0] != _sha256(stock_stdlib):
        raise SiteDataError(f"the bytecode in {folder} was made by another Pyodide than {stock_stdlib.parent}. "
                          f"{remedy}")
    if made_from[1] != _sha256(core_wheel):
        raise SiteDataError(f"the bytecode in {folder} was made from another {core_wheel.name}. {remedy}")
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
                raise SiteDataError(f"{tzdata.name} has no time zone {zone!r}; "
                                  "check the court's time_zone or update the tzdata pin.") from None
    return out


def _snapshot_name(copies: dict[str, Path], contents: dict[str, bytes]) -> str:
    """The worker keeps a memory snapshot of the started engine between visits; this names
    exactly what is in it (Pyodide, the bytecode, the wheels, the time zones it has read), so
    any change makes a new one."""
    digest = hashlib.sha256()
    for name, data in sorted({**{n: p.read_bytes() for n, p in copies.items()}, **contents}.items()):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()[:20]


def worker_script(template: str, manifest: dict) -> str:
    """worker.mjs with this build's Pyodide folder and manifest (site.json's `engine`) written in."""
    return (template.replace("./__CONFERRAL_PYODIDE__", "./" + manifest["pyodide"])
            .replace("__CONFERRAL_MANIFEST__", json.dumps(manifest, sort_keys=True)))


def content_name(name: str, content: str | bytes) -> str:
    """`name` with a digest of `content` before its extension ("worker.mjs" -> "worker.<12 hex>.mjs"):
    a new content is a new name, so the host and the service worker may keep the file for good
    (a later visit then reads it without asking the network)."""
    stem, extension = name.rsplit(".", 1)
    data = content.encode() if isinstance(content, str) else content
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.{extension}"


def worker_name(script: str) -> str:
    """The worker's file name, from its content: it carries the manifest, so a new engine is a new name."""
    return content_name("worker.mjs", script)


# The letter builder's Word file is written in the browser by the npm package `docx` (pinned in
# package.json): its ES module build is one file with its own dependencies (fflate, nanoid) bundled
# in, so it loads as it is, from this site, under the strict CSP (no eval, no blob: worker).
DOCX_MODULE = "dist/index.mjs"
# Any static `import`/`export ... from` of another module: the shipped file must stand alone.
_MODULE_IMPORT = re.compile(r"^\s*(?:import\s[^;]*?\sfrom\s|import\s*[\"']|export\s[^;]*?\sfrom\s)", re.M)


def docx_module(package: Path) -> tuple[str, Path]:
    """Where the docx package's browser module is shipped (docx/<version>/docx.mjs, under
    assets/conferral/: named by its version, so hosts keep it for good) and the file to copy."""
    module = package / DOCX_MODULE
    if not module.is_file() or not (package / "package.json").is_file():
        raise SiteDataError(f"the docx package is missing from {package} ({DOCX_MODULE}). Run `npm ci` "
                            "(or `make wheels`), or build without the calculator (checker: false).")
    about = json.loads((package / "package.json").read_text(encoding="utf-8"))
    if about.get("name") != "docx":
        raise SiteDataError(f"{package} is not the npm package docx")
    if _MODULE_IMPORT.search(module.read_text(encoding="utf-8")):
        raise SiteDataError(f"{module} imports other modules; the site ships only a self-contained ES module "
                            "build of docx (check the pinned version in package.json)")
    return f"docx/{about['version']}/docx.mjs", module
