"""The thin MkDocs layer: options in, generated pages handed to MkDocs, assets shipped.

All page content comes from `pages.build_site`; this module only adapts it to MkDocs'
events, so the generation can be tested without a build and could move to another tool.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any


from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from conferral_core import api, translations
from conferral_core.loader import DataError
from conferral_core.messages import LANGUAGES

from .headers import headers_file, meta_csp, site_files
from .headers import rules as header_rules
from .pages import SiteDataError, SiteOptions, alternates, build_site, judge_list_html, language_root, relative
from .runtime import calculator_files, worker_script

log = get_plugin_logger(__name__)

JUDGE_LIST_MARKER = "<!-- conferral:judge-list -->"
# Shipped as they are; the calculator's worker.mjs is written with the files it loads (runtime.py).
ASSETS = ("conferral.css", "checker.mjs", "embed.css", "embed.js")


# Material's partials whose inline <script>s become files (strict CSP: script-src 'self').
MATERIAL_SCRIPTS = ("base", "palette", "content")
TEMPLATE_VALUE = re.compile(r'"\{\{[^}]*\}\}"')


# Small patches to Material's own templates, applied at build time (so a Material upgrade
# carries through; a patch that no longer applies stops the build with a clear message):
# - the search box is a dialog without a name (axe/Lighthouse: aria-dialog-name);
# - Material's bundle is loaded with `defer`, like the scripts it needs before it (same order,
#   after the page is parsed), so no script blocks the first paint.
TEMPLATE_PATCHES = {
    "partials/search.html": (re.compile(r'role="dialog">'),
                             'role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">'),
    "base.html": (re.compile(r"(<script src=\"\{\{ 'assets/javascripts/bundle\.[0-9a-f]+\.min\.js' \| url \}\}\")></script>"),
                  r"\1 defer></script>"),
}


def patched_partials() -> str:
    """A template folder holding Material partials with small accessibility patches, made from
    the installed Material's own templates (so an upgrade of Material carries through)."""
    import material

    folder = Path(tempfile.gettempdir()) / "conferral-material-templates"
    source = Path(material.__file__).parent / "templates"
    for name, (pattern, replacement) in TEMPLATE_PATCHES.items():
        text = (source / name).read_text(encoding="utf-8")
        patched, count = pattern.subn(replacement, text)
        if count != 1:
            raise PluginError(f"conferral: Material's {name} changed; update TEMPLATE_PATCHES in the plugin.")
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != patched:
            target.write_text(patched, encoding="utf-8")
    return str(folder)


def material_scripts() -> dict[str, str]:
    """The inline scripts of Material's partials, as files: name -> JavaScript. A template value
    inside one (the storage scope) is read from the tag's data-value attribute instead."""
    import material

    out = {}
    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    for name in MATERIAL_SCRIPTS:
        text = (partials / f"{name}.html").read_text(encoding="utf-8")
        for i, body in enumerate(re.findall(r"<script>(.*?)</script>", text, re.S), 1):
            out[f"{name}-{i}.js"] = TEMPLATE_VALUE.sub("document.currentScript.dataset.value", body) + "\n"
    return out


class ConferralConfig(Config):
    enabled = c.Type(bool, default=True)
    """Generate Conferral's pages. Turn off to build only the hand-written pages."""

    year = c.Optional(c.Type(int))
    """The year holiday pages are centred on. Default: the year of the build (set it for a
    build that gives the same pages whatever the date)."""

    years_around = c.Type(int, default=2)
    """How many years of holiday pages before and after `year`."""

    examples_dir = c.Optional(c.Type(str))
    """Folder of worked examples (scenario TOML files), relative to mkdocs.yml. Unset: no
    /examples/ page, and judge pages show no worked example."""

    api_dir = c.Type(str, default="api")
    """Where the open-data JSON goes in the site (/api/judges.json, /api/judges/<id>.json)."""

    lang = c.Type(str, default="en")
    """The language of the generated pages: "en" (the site at the root) or another language of
    the core's catalogs, whose site is built separately into <site>/<lang>/ (see mkdocs.es.yml).
    Set Material's `theme.language` to the same language."""

    checker = c.Type(bool, default=True)
    """Ship the in-browser checker (Pyodide, the core's wheel, the checker scripts)."""

    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The installed npm package `pyodide` (pinned in package.json), relative to mkdocs.yml."""

    wheels_dir = c.Type(str, default="build/wheels")
    """The wheels the calculator needs (conferral_core, pypdf, and tzdata, of which only the
    courts' time zones are shipped), relative to mkdocs.yml; `make wheels` builds and downloads them."""

    precompiled_dir = c.Type(str, default="build/pyodide")
    """Bytecode for the browser's Python made by the pinned Pyodide (scripts/precompile.mjs, run by
    `make wheels`): Pyodide's standard library with what every start imports precompiled, shipped
    instead of the npm package's source-only zip (which each visit would compile again), and the
    core's bytecode and data parsed ahead; relative to mkdocs.yml."""


class ConferralPlugin(BasePlugin[ConferralConfig]):
    def __init__(self) -> None:
        self._language_label = "Language"
        self._pages: dict[str, Any] = {}
        self._full_content: dict[str, str] = {}
        self._generated: list[Any] = []
        self._worker = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if self.config.years_around < 0 or self.config.years_around > 10:
            raise PluginError("conferral: years_around must be between 0 and 10.")
        lang = self.config.lang
        if lang not in LANGUAGES:
            raise PluginError(f"conferral: lang {lang!r} has no message catalog; use one of {', '.join(LANGUAGES)}.")
        from conferral_core.messages import catalog

        self._language_label = catalog(lang).text("page", "language")
        # Every page, the 404 page included (a path no _headers rule knows), carries its policy.
        config.extra["conferral_csp"] = meta_csp()
        if config.theme["language"] != lang:
            raise PluginError(f"conferral: lang is {lang!r} but theme.language is {config.theme['language']!r}; "
                              "set both to the same language so Material's own words match the pages.")
        texts, quotes, _ = translations.missing(lang)
        if texts or quotes:
            first = (texts + quotes)[0]
            raise PluginError(f"conferral: {len(texts) + len(quotes)} texts of the data have no {lang!r} translation, "
                              f"e.g. {first[:80]!r}. Run scripts/missing_translations.py {lang}.")
        # Absolute addresses of every language's site, for the sitemap's hreflang alternates.
        if config.site_url:
            root = config.site_url[: len(config.site_url) - len(language_root(lang))]
            config.extra["conferral_sites"] = {code: root + language_root(code) for code in LANGUAGES}
        for ext in ("attr_list", "md_in_html", "admonition", "tables", "toc"):
            if ext not in config.markdown_extensions:
                raise PluginError(f"conferral: add '{ext}' to markdown_extensions in mkdocs.yml; "
                                  "the generated pages use it.")
        # Our template overrides (Material's inline scripts as files) go before the theme's own,
        # and before them the partials we patch from Material's own at build time.
        overrides = str(resources.files("conferral_site").joinpath("overrides"))
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(0, overrides)
        patched = patched_partials()
        if patched not in config.theme.dirs:
            config.theme.dirs.insert(0, patched)
        css = "assets/conferral/conferral.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        if self.config.checker:
            script = "assets/conferral/checker.mjs"
            if all(str(s) != script for s in config.extra_javascript):
                value = ExtraScriptValue(script)
                value.type = "module"
                value.async_ = True  # a deep link starts the engine before the page has finished loading
                config.extra_javascript.append(value)
        return config

    def _options(self, config: MkDocsConfig) -> SiteOptions:
        examples = None
        if self.config.examples_dir:
            examples = Path(config.config_file_path).parent / self.config.examples_dir
        year = self.config.year or dt.date.today().year
        return SiteOptions(year=year, years_around=self.config.years_around, examples_dir=examples,
                           api_dir=self.config.api_dir, lang=self.config.lang)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        try:
            generated = build_site(self._options(config))
        except (SiteDataError, DataError) as err:
            raise PluginError(f"conferral: {err}. Fix the data file named above and build again.") from None
        self._pages = {item.src_uri: item for item in generated if item.html is not None}
        for item in generated:
            if files.get_file_from_path(item.src_uri) is not None:
                raise PluginError(f"conferral: docs/{item.src_uri} would hide a generated page; rename or remove it.")
            inclusion = InclusionLevel.INCLUDED if item.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, item.src_uri, content=item.content, inclusion=inclusion))
        for asset in ASSETS:
            content = resources.files("conferral_site").joinpath("assets", asset).read_bytes()
            files.append(File.generated(config, f"assets/conferral/{asset}", content=content))
        self._generated = generated
        for name, script in material_scripts().items():
            files.append(File.generated(config, f"assets/conferral/material/{name}", content=script))
        if self.config.checker:
            base = Path(config.config_file_path).parent
            shipped = calculator_files(base / self.config.pyodide_dir, base / self.config.wheels_dir,
                                       base / self.config.precompiled_dir, Path(core_package_dir()))
            for name, path in shipped.copies.items():
                files.append(File.generated(config, f"assets/conferral/{name}", abs_src_path=str(path)))
            for name, content in shipped.contents.items():
                files.append(File.generated(config, f"assets/conferral/{name}", content=content))
            template = resources.files("conferral_site").joinpath("assets", "worker.mjs").read_text(encoding="utf-8")
            self._worker = worker_script(template, shipped.manifest)
            files.append(File.generated(config, "assets/conferral/worker.mjs", content=self._worker))
        log.info("generated %d pages and files", len(generated))
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self._pages.get(page.file.src_uri) if self.config.enabled else None
        if generated is None:
            return None
        page.toc = get_toc(generated.toc)  # the headings the template wrote
        return generated.html

    # The search plugin indexes page.content in on_page_context. Hand it only the indexable part
    # of a generated page (run before it), then put the whole page back (run after it).
    @event_priority(100)
    def _search_sees_summary(self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig,
                             nav: Any) -> dict[str, Any] | None:
        generated = self._pages.get(page.file.src_uri) if self.config.enabled else None
        if generated is not None and generated.search_html is not generated.html:
            self._full_content[page.file.src_uri] = page.content
            page.content = generated.search_html
        return None

    @event_priority(-100)
    def _page_gets_everything(self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig,
                              nav: Any) -> dict[str, Any] | None:
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        if self.config.enabled and page.url != "404.html":
            # The language switch (overrides/main.html): the same page in the other languages.
            context["conferral_language_label"] = self._language_label
            context["conferral_alternates"] = [{**alt, "href": relative(page.file.src_uri, alt["path"])}
                                               for alt in alternates(self.config.lang, page.url)]
        return context

    on_page_context = CombinedEvent(_search_sees_summary, _page_gets_everything)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled and JUDGE_LIST_MARKER in markdown:
            return markdown.replace(JUDGE_LIST_MARKER, judge_list_html(page.file.src_uri, self.config.lang))
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            # Written last: the service worker lists files the build has just written.
            site = Path(config.site_dir)
            (site / "sw.js").write_text(service_worker(self._generated, shell_files(site, self.config.lang), self._worker),
                                        encoding="utf-8")
            if self.config.lang == "en":  # hosts read _headers at the root only; it covers every language
                try:
                    text = headers_file(header_rules(site_files(site)))
                except ValueError as err:
                    raise PluginError(f"conferral: {err}") from None
                (site / "_headers").write_text(text, encoding="utf-8")
        # Data is cached per process; a rebuild under `mkdocs serve` must see edited files.
        api.reset()


SHELL_PATTERNS = ("assets/javascripts/*.js", "assets/javascripts/workers/*.js", "assets/stylesheets/*.css",
                  "assets/conferral/*.css", "assets/conferral/*.mjs", "assets/conferral/*.json",
                  "assets/conferral/material/*.js", "assets/images/*", "search/search_index.json",
                  "api/judges.json", "api/courts.json")
LUNR = "assets/javascripts/lunr/min"


def shell_files(site: Path, lang: str = "en") -> list[str]:
    """The small shared files the service worker keeps at install (not pages, not Pyodide), and
    of Material's search languages only the one this site's search uses (English needs none;
    the others are some 30 files a reader would never use)."""
    found = {p.relative_to(site).as_posix() for pattern in SHELL_PATTERNS for p in site.glob(pattern) if p.is_file()}
    if lang != "en":
        found |= {f"{LUNR}/{name}" for name in ("lunr.stemmer.support.min.js", f"lunr.{lang}.min.js")
                  if (site / LUNR / name).is_file()}
    return sorted(found)


def service_worker(generated: list[Any], shell: list[str] | None = None, worker: str = "") -> str:
    """sw.js with a VERSION that changes whenever any generated page or asset changes (the
    calculator's worker names every engine file it loads), so a new build's cache replaces the
    old one, and the SHELL it keeps at install."""
    digest = hashlib.sha256(worker.encode())
    for item in sorted(generated, key=lambda g: g.src_uri):
        digest.update(item.src_uri.encode())
        body = item.html if item.html is not None else item.content
        digest.update(body.encode() if isinstance(body, str) else body)
    for asset in ASSETS:
        digest.update(resources.files("conferral_site").joinpath("assets", asset).read_bytes())
    template = resources.files("conferral_site").joinpath("assets", "sw.js").read_text(encoding="utf-8")
    shell = shell or []
    digest.update("\n".join(shell).encode())
    return (template.replace("__CONFERRAL_VERSION__", digest.hexdigest()[:16])
            .replace("__CONFERRAL_SHELL__", json.dumps(shell)))


def core_package_dir() -> str:
    import conferral_core

    return str(Path(conferral_core.__file__).parent)
