"""The generator: one language's whole docs tree, written to a folder that any static-site
generator can render.

`generate(out_dir, options)` writes:
- the hand-written pages of that language (docs/, or docs/<lang>/), the judge list put in
  where a page asks for it with JUDGE_LIST_MARKER;
- every generated page (judges, courts, holidays, sources, examples, checker, embed) as Markdown
  of the fixed form in markup.py, with `generated: true` in its front matter;
- the open data (api/…), every language's checker strings, our scripts and styles;
- the calculator (pinned Pyodide, wheels, bytecode, time zones) when asked for, and with it the
  letter builder's Word-file writer (the pinned npm package docx);
- site.json (sitejson.py), which the scripts carry and finish() reads.
`finish(site_dir)` (finish.py) then writes the service worker and the host's headers over the
rendered site.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from conferral_core import translation_audit
from conferral_core.messages import LANGUAGES

from . import sitejson
from .pages import GeneratedFile, SiteDataError, SiteOptions, build_site, judge_list_html, language_root
from .runtime import calculator_files, content_name, docx_module, worker_name, worker_script

JUDGE_LIST_MARKER = "<!-- conferral:judge-list -->"
# Shipped as they are. Besides them: conferral.css and checker.mjs, each named by its content (a
# later visit reads them from the service worker's copy, with no round trip before the calculator
# starts); checker.mjs carries site.json (no extra request), and letter.mjs imports it by that name.
ASSETS = ("embed.css", "embed.js")
# A folder generate() made: the only kind it empties before writing again.
TREE_MARKER = ".conferral-tree"


@dataclass(frozen=True)
class Calculator:
    """Where the in-browser calculator's inputs are (see runtime.py)."""

    pyodide: Path  # the installed npm package `pyodide`
    wheels: Path  # the core's wheel and the pinned tzdata and pypdf wheels (`make wheels`)
    precompiled: Path  # scripts/precompile.mjs's output
    compressed: Path  # a cache of precompressed copies (compress.py), kept between builds
    docx: Path | None = None  # the installed npm package `docx` (the letter builder's .docx export)


@dataclass(frozen=True)
class Theme:
    """What the theme that renders the tree ships, for caching and for offline use."""

    immutable: tuple[str, ...] = ()  # path prefixes of its files named by their content
    shell: tuple[str, ...] = ()  # glob patterns of its files every page needs


@dataclass
class Tree:
    """What generate() wrote."""

    root: Path
    pages: list[str] = field(default_factory=list)  # generated pages (paths in the tree)
    hand_written: list[str] = field(default_factory=list)
    site: dict[str, Any] = field(default_factory=dict)  # site.json


def generate(out_dir: Path, options: SiteOptions, hand_written: Path | None = None,
             calculator: Calculator | None = None, theme: Theme = Theme()) -> Tree:
    texts, quotes, _ = translation_audit.missing(options.lang)
    if texts or quotes:
        first = (texts + quotes)[0]
        raise SiteDataError(f"{len(texts) + len(quotes)} texts of the data have no {options.lang!r} translation, "
                            f"e.g. {first[:80]!r}; run scripts/missing_translations.py {options.lang}")
    tree = Tree(_fresh(out_dir))
    if hand_written is not None:
        tree.hand_written = _copy_hand_written(hand_written, tree.root, options.lang)
    engine = None
    docx = None
    worker = None
    calculator_contents: list[GeneratedFile] = []
    if calculator is not None:
        import conferral_core

        shipped = calculator_files(calculator.pyodide, calculator.wheels, calculator.precompiled,
                                   Path(conferral_core.__file__).parent, calculator.compressed)
        for name, path in shipped.copies.items():
            _write(tree.root / sitejson.ASSETS / name, path)
        calculator_contents = [GeneratedFile(sitejson.ASSETS + name, content) for name, content in shipped.contents.items()]
        engine = shipped.manifest
        worker = worker_script(str(_asset("worker.mjs")), engine)
        if calculator.docx is not None:
            docx, module = docx_module(calculator.docx)
            _write(tree.root / sitejson.ASSETS / docx, module)
    styles = _asset("conferral.css")
    checker = str(_asset("checker.mjs"))

    def describe(checker_name: str | None) -> dict[str, Any]:
        return sitejson.describe(options.lang, language_root(options.lang), options.api_dir, engine,
                                 theme.immutable, theme.shell, docx, worker and worker_name(worker),
                                 checker_name, content_name("conferral.css", styles))

    try:
        # The checker carries site.json, which names the checker: so its name is the digest of it
        # carrying its plain name instead, which differs from what is shipped by that name alone.
        draft = _fill(checker, "__CONFERRAL_SITE__", _site_text(describe(None)))
        site = describe(content_name("checker.mjs", draft))
    except ValueError as err:
        raise SiteDataError(str(err)) from None
    tree.site = site
    site_text = _site_text(site)
    checker_route = site["routes"]["checker"]
    files = build_site(options, checker_route) + calculator_contents
    files += [GeneratedFile(site["routes"]["styles"], styles),
              GeneratedFile(checker_route, _fill(checker, "__CONFERRAL_SITE__", site_text)),
              GeneratedFile(site["routes"]["builder"], _fill(str(_asset("letter.mjs")), "__CONFERRAL_CHECKER__",
                                                              posixpath.relpath(checker_route, sitejson.ASSETS)))]
    files += [GeneratedFile(sitejson.ASSETS + asset, _asset(asset)) for asset in ASSETS]
    if engine is not None:
        files.append(GeneratedFile(site["routes"]["worker"], worker))
    files.append(GeneratedFile(sitejson.PATH, site_text + "\n"))
    taken = set(tree.hand_written)
    for item in files:
        if item.src_uri in taken:
            raise SiteDataError(f"{item.src_uri} is both a hand-written page and a generated one; "
                                "rename or remove the hand-written file")
        _write(tree.root / item.src_uri, item.content)
        if item.src_uri.endswith(".md"):
            tree.pages.append(item.src_uri)
    return tree


def _fresh(out_dir: Path) -> Path:
    """An empty folder for the tree; never one that holds anything generate() did not write."""
    out_dir = out_dir.resolve()
    if out_dir.exists():
        if any(out_dir.iterdir()) and not (out_dir / TREE_MARKER).is_file():
            raise SiteDataError(f"{out_dir} holds files the generator did not write; "
                                "give it an empty or new folder for the generated tree")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    (out_dir / TREE_MARKER).write_text("Written by conferral_site.generate(); emptied by every build.\n",
                                       encoding="utf-8")
    return out_dir


def _copy_hand_written(source: Path, root: Path, lang: str) -> list[str]:
    """The language's hand-written pages and files; another language's folder is not copied."""
    if not source.is_dir():
        raise SiteDataError(f"the hand-written pages folder {source} does not exist")
    other_languages = {code for code in LANGUAGES if code != lang}
    copied = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.parts[0] in other_languages or any(p.startswith(".") for p in rel.parts):
            continue
        name = rel.as_posix()
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            if JUDGE_LIST_MARKER in text:
                text = text.replace(JUDGE_LIST_MARKER, judge_list_html(name, lang))
            _write(root / name, text)
        else:
            _write(root / name, path)
        copied.append(name)
    return copied


def _write(target: Path, content: str | bytes | Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        shutil.copyfile(content, target)
    elif isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def _asset(name: str) -> str | bytes:
    data = resources.files("conferral_site").joinpath("assets", name).read_bytes()
    return data.decode("utf-8") if name.endswith((".mjs", ".js")) else data


def _site_text(site: dict[str, Any]) -> str:
    return json.dumps(site, ensure_ascii=False, sort_keys=True)


def _fill(template: str, placeholder: str, value: str) -> str:
    if template.count(placeholder) != 1:
        raise SiteDataError(f"an asset lost its {placeholder} placeholder")
    return template.replace(placeholder, value)
