"""Bytecode for the browser's Python, made inside the pinned Pyodide by scripts/precompile.mjs.

Not run by CPython: bytecode is tied to the exact Python that reads it (Pyodide's), so this file
is executed by that Python under Node. It writes four zips into the emulated file system, each
stored rather than deflated (the host compresses each as one stream):

- the standard library Python's start needs and nothing else: every module imported while
  Pyodide starts (scripts/precompile.mjs lists them before anything else runs), compiled (.pyc
  only, unchecked: no source is shipped for them). The rest of Pyodide's standard library
  (about 340 modules: email, unittest, http, ...) is not shipped;
- the standard library the engine adds for the first answer (tomllib, zoneinfo, pickle, ...):
  every module imported while the engine answers a sample of every kind of request but a
  letter, in every language, that Python's start did not import. It comes with the core, while
  Python starts, not beside the WebAssembly, which is then alone on a thin link;
- what a letter check adds (pypdf imports xml, zipfile, uuid, ...), loaded with pypdf only when
  a letter is checked, with the text codecs a letter may name (KEEP);
- the core: its package from the wheel with bytecode in place of its modules' source (nothing in
  the browser reads the source: 58 KB of brotli fewer), its data files parsed ahead, keyed by a
  digest of their text (loader.PARSED_AHEAD), and the code `@dataclass` compiles for the first
  answer's classes, keyed by its source text (compiled_ahead.CODE_AHEAD).

The site's end-to-end parity test runs every kind of request against what is shipped, so a
module missing here fails CI, never a reader.
"""

import ast
import base64
import contextlib
import importlib
import importlib._bootstrap_external as bytecode
import importlib.util
import io
import marshal
import pickle
import pkgutil
import sys
import traceback
import zipfile

from conferral_core import compiled_ahead

STDLIB = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
NOT_IN_BROWSER = ("conferral_core.cli", "conferral_core.__main__")  # the command line
# Shipped even when the samples do not import them: Python imports `encodings.<name>` only when
# some text first asks for that codec, and pypdf picks a codec from what a PDF says. These are
# the codecs pypdf 7.1 names in its source (its CMaps, font encodings and text strings); the
# East Asian ones are thin wrappers over codecs built into Pyodide.
KEEP = tuple(f"encodings/{codec}.py" for codec in (
    "ascii", "charmap", "cp1250", "cp1252", "cp1254", "cp1257", "cp932", "cp950", "gb2312", "gbk",
    "iso8859_15", "latin_1", "mac_roman", "utf_16", "utf_16_be", "utf_16_le", "utf_8"))
# One request of every kind the API answers (api.KINDS): answering them imports what the browser
# will import. The build stops when a kind has none, so a new kind cannot ship untested here.
SAMPLES = {
    "period": [{"kind": "period", "court": "cand", "from": "2026-11-20", "days": 7, "service": "mail"},
               {"kind": "period", "court": "caed", "from": "2026-03-08T02:30", "hours": 3, "direction": "before"}],
    "calendar": [{"kind": "calendar", "court": "caed", "year": 2027}],
    "courts": [{"kind": "courts"}],
    "judges": [{"kind": "judges"}],
    # Refusals too: a misspelt id is answered with the nearest ones (difflib).
    "judge": [{"kind": "judge", "judge": "cand-spero"}, {"kind": "judge", "judge": "cand-sperro"}],
    "court": [{"kind": "court", "court": "caed"}],
    "deadlines": [{"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
                   "events": {"demand": "2027-01-04"}, "today": "2027-01-20"},
                  {"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-disput"}],
    "ics": [{"kind": "ics", "judge": "caed-claire", "procedure": "informal-conference",
             "events": {"request": "2026-11-30", "conference": "2026-12-08T10:00"},
             "stamp": "2026-12-01T17:30:00Z", "link": "https://conferral.example/checker/"}],
    "find-judge": [{"kind": "find-judge", "case_number": "3:15-cv-01953-JST (LB)"}],
    "conferral": [{"kind": "conferral", "judge": "caed-newman", "modes": ["letter", "email"], "response_hours": 18}],
    "letter": [{"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "text": "Dear Judge,\n"}],
    "source": [{"kind": "source", "doc": "claire-informal-conferences"}, {"kind": "source", "doc": "claire-informal"}],
    "sources": [{"kind": "sources"}],
    "examples": [{"kind": "examples"}],
    "document": [{"kind": "document", "judge": "cand-spero", "procedure": "discovery-dispute"},
                 {"kind": "document", "judge": "caed-claire", "procedure": "lr251", "date": "2026-12-01"},
                 {"kind": "document", "judge": "cand-spero", "procedure": "civil-lr-37"}],
}


def answer_samples(kinds: list[str]) -> None:
    """Answer SAMPLES of these kinds (api.WARM_UP first) in every language, and format a
    traceback as Pyodide does for the page: what that imports is what the browser imports."""
    from conferral_core import api

    missing = sorted(set(api.KINDS) - set(SAMPLES))
    if missing:
        raise SystemExit(f"scripts/precompile.py has no sample request of kind {', '.join(missing)}: add one to "
                         "SAMPLES, so the browser's standard library holds what answering it imports")
    requests = [*api.WARM_UP, *(r for kind in kinds for r in SAMPLES[kind])]
    if "letter" in kinds:
        requests += [{**SAMPLES["letter"][0], "text": None, "pdf": base64.b64encode(letter).decode()}
                     for letter in sample_letters()]
    for lang in api.LANGUAGES:
        for request in requests:
            answer = api.handle({key: value for key, value in {**request, "lang": lang}.items() if value is not None})
            if answer.get("error", {}).get("code") in ("internal", "data"):  # a refusal is an answer too
                raise SystemExit(f"sample request {request['kind']!r} failed: {answer['error']}")
    try:
        raise ValueError("a traceback, as Pyodide formats one for the page")
    except ValueError:
        traceback.format_exc()


def stdlib_imported(names: set[str] | None = None) -> set[str]:
    """The standard library's files (paths inside its zip) of every module imported so far (or of
    those of `names` imported), but for the modules frozen into Python itself (os, codecs, io,
    site, ...): their __file__ names the zip, yet Python runs its own built-in copy and never
    reads the zip's. Shipping those was 76 KB of brotli in the first download (the first
    answer's zip: 756 KB -> 680 KB)."""
    return {module.__file__[len(STDLIB) + 1:] for name, module in list(sys.modules.items())
            if (names is None or name in names)
            and (getattr(module, "__file__", None) or "").startswith(STDLIB + "/")
            and getattr(getattr(module, "__spec__", None), "origin", None) != "frozen"}


def load_what_the_engine_loads() -> tuple[set[str], set[str], dict]:
    """What the first answer needs (Pyodide's own start, already done, and every kind of request
    but a letter), then what a letter adds (pypdf, and the rest of the core). The second set is
    shipped apart and loaded with pypdf, only when a letter is checked. Third, the code
    `@dataclass` compiled for the first answer's classes, by source text (shipped with the core;
    a letter's classes are compiled when a letter is first checked, as pypdf loads)."""
    import conferral_core

    code_ahead = compiled_ahead.record()  # from the first class of the core's (the loader has none)
    from conferral_core import api

    answer_samples([kind for kind in api.KINDS if kind != "letter"])
    first = stdlib_imported()
    compiled_ahead.stop()
    import pypdf  # noqa: F401

    for module in pkgutil.walk_packages(conferral_core.__path__, "conferral_core."):
        if module.name not in NOT_IN_BROWSER:
            importlib.import_module(module.name)
    answer_samples(["letter"])
    return first, stdlib_imported() - first, code_ahead


def sample_letters() -> list[bytes]:
    """Letters as pypdf reads them: a typed page (a font, text drawn, deflated) and an encrypted one."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    made = []
    for password in (None, "secret"):
        writer = PdfWriter()
        page = writer.add_blank_page(612, 792)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Times-Roman")})
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
        content = DecodedStreamObject()
        content.set_data(b"BT /F1 12 Tf 72 720 Td (We met and conferred by phone.) Tj ET")
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        if password:
            writer.encrypt(user_password="", owner_password=password, algorithm="RC4-128")  # pypdf writes AES only with `cryptography`
        out = io.BytesIO()
        writer.write(out)
        made.append(out.getvalue())
    return made


def _entry(name: str) -> zipfile.ZipInfo:
    # Stored, not deflated: the host compresses each zip as one stream (brotli or gzip), which
    # shares what files have in common; deflating each file first left it 60% larger (measured
    # on the standard library: 1.96 MB deflated, 1.22 MB stored and brotli-compressed).
    # No build time inside: same inputs, same bytes.
    return zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))


def _pyc(source: bytes, filename: str, docstrings: bool = True) -> bytes:
    """Hash-based and unchecked (PEP 552): no source is shipped to check it against."""
    tree = ast.parse(source, filename)
    code = compile(tree if docstrings else _without_docstrings(tree), filename, "exec", dont_inherit=True)
    return bytecode._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)


# Pyodide's own modules read their docstrings at run time (it copies them onto JavaScript
# objects), so theirs are kept; the rest of the standard library's are not shipped.
NEEDS_DOCSTRINGS = ("_pyodide/", "pyodide/")


def _without_docstrings(tree: ast.Module) -> ast.Module:
    """The module without its docstrings, as `python -OO` compiles it but keeping asserts: a
    fifth of the standard library's bytecode, which no answer reads. (The column positions of
    tracebacks are left out too: scripts/precompile.mjs runs this Python with
    PYTHONNODEBUGRANGES. Together: the first answer's standard library 1.12 MB -> 0.67 MB brotli.)"""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return tree


def _top(name: str) -> str:
    return name.split("/", 1)[0].removesuffix(".py")


def precompile_stdlib(start: set[str], first: set[str], letters: set[str],
                      outs: dict[str, str]) -> dict[str, list[str]]:
    """Three zips of bytecode (`outs`: {part: path}): what Python's start imports, what the first
    answer adds, and what a letter adds. A package lives whole in the first of them that needs
    it (Python looks for a package's modules in its own folder only): the packages Python's start
    imports keep there what only the engine or a letter imports (importlib.resources, the KEEP
    codecs of encodings), and the engine's packages keep what only a letter imports."""
    start_packages = {_top(name) for name in start}
    first_packages = {_top(name) for name in first}
    shipped: dict[str, list[str]] = {part: [] for part in outs}
    with zipfile.ZipFile(STDLIB) as source, contextlib.ExitStack() as stack:
        zips = {part: stack.enter_context(zipfile.ZipFile(path, "w")) for part, path in outs.items()}
        for entry in source.infolist():
            name = entry.filename
            wanted = name in first | letters | set(KEEP)
            if not wanted or not name.endswith(".py"):
                continue  # not used by the engine, or a folder entry or a package's stray data file
            top = _top(name)
            part = "start" if top in start_packages else "engine" if top in first_packages else "letters"
            data = _pyc(source.read(entry), f"{STDLIB}/{name}",
                        docstrings=name.startswith(NEEDS_DOCSTRINGS))
            zips[part].writestr(_entry(name + "c"), data)
            shipped[part].append(name + "c")
    return {part: sorted(names) for part, names in shipped.items()}


def prepare_core(wheel: str, out: str) -> list[str]:
    """The core as the browser unpacks it, in one zip: the wheel's package (its data) with
    bytecode in place of its modules' source (Python imports a module from a lone .pyc; the
    command line's modules are left out), and its data files parsed ahead (loader.PARSED_AHEAD:
    {digest of the text: parse}, made by the loader's own parser). The wheel's metadata
    (dist-info) is left out: nothing reads it."""
    from conferral_core import loader

    prepared = []
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as zipped:
        package = sorted(n for n in source.namelist() if n.startswith("conferral_core/") and not n.endswith("/"))
        for name in package:
            if not name.endswith(".py"):
                zipped.writestr(_entry(name), source.read(name))
            elif name.removesuffix(".py").replace("/", ".") not in NOT_IN_BROWSER:
                zipped.writestr(_entry(name + "c"), _pyc(source.read(name), name))
                prepared.append(name + "c")
        parsed = {}
        for name in (n for n in package if n.startswith("conferral_core/data/") and n.endswith(".toml")):
            text = source.read(name).decode("utf-8")
            parsed[loader.text_digest(text)] = loader.parse(text, name)
        ahead = f"conferral_core/data/{loader.PARSED_AHEAD}"
        zipped.writestr(_entry(ahead), pickle.dumps(parsed, protocol=5))
        prepared.append(ahead)
    return prepared


def add_code_ahead(core_out: str, recorded: dict) -> str:
    """The code `@dataclass` compiled while the first answer's samples ran, into the core's zip."""
    name = f"conferral_core/{compiled_ahead.CODE_AHEAD}"
    with zipfile.ZipFile(core_out, "a") as zipped:
        zipped.writestr(_entry(name), marshal.dumps(recorded))
    return name


def main(core_wheel: str, outs: dict, started: list[str]) -> dict:
    """`outs`: where to write each zip ({"stdlib", "stdlib_engine", "stdlib_letters", "core"});
    `started`: the modules Pyodide's start had imported, listed before anything else ran."""
    outs = dict(outs)
    prepared = prepare_core(core_wheel, outs["core"])
    # The samples then run on the core as the browser unpacks it (its bytecode, its data parsed
    # ahead), so they import what the browser's engine imports.
    with zipfile.ZipFile(outs["core"]) as core:
        core.extractall(".")
    importlib.invalidate_caches()
    start = stdlib_imported(set(started))
    first, letters, code_ahead = load_what_the_engine_loads()
    prepared.append(add_code_ahead(outs["core"], code_ahead))
    stdlib = precompile_stdlib(start, first, letters, {"start": outs["stdlib"], "engine": outs["stdlib_engine"],
                                                       "letters": outs["stdlib_letters"]})
    return {"python": sys.version.split()[0], "stdlib_compiled": stdlib["start"], "stdlib_engine": stdlib["engine"],
            "stdlib_letters": stdlib["letters"], "core_prepared": prepared}
