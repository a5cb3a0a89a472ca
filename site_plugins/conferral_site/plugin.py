"""The MkDocs adapter: the generator's tree handed to MkDocs, which only renders it.

On `on_config` it runs `generate()` (generate.py) into `tree_dir/<lang>/` and makes that MkDocs'
docs_dir; generated pages (front matter `generated: true`) are rendered by markup.py instead of
Python-Markdown (same HTML, proven by tests/test_site_markup.py, and fast); after the build,
`finish()` writes the service worker and the headers. One mkdocs.yml builds every language:
`CONFERRAL_LANG=es mkdocs build` sets Material's `theme.language`, and this adapter takes the
language's site folder (<site_dir>/es/), address, description and menu labels from the core's
catalog. Material-only workarounds are in material.py.
"""

from __future__ import annotations

import datetime as dt
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

from conferral_core import api
from conferral_core.loader import DataError
from conferral_core.messages import LANGUAGES, catalog

from . import markup, material
from .finish import finish
from .generate import Calculator, Tree, generate
from .headers import meta_csp
from .pages import (PLACEHOLDER_SITE_URL, SiteDataError, SiteOptions, alternates, language_root, public_address,
                    relative)

log = get_plugin_logger(__name__)


class ConferralConfig(Config):
    enabled = c.Type(bool, default=True)
    """Generate Conferral's pages. Turn off to build only the hand-written pages."""

    year = c.Optional(c.Type(int))
    """The year holiday pages are centred on. Default: the year of the build (set it for a
    build that gives the same pages whatever the date)."""

    years_around = c.Type(int, default=2)
    """How many years of holiday pages before and after `year`."""

    examples = c.Type(bool, default=True)
    """Publish the core's worked examples (its API kind "examples", from the core's own data): the
    /examples/ page, and one on each judge page that has one. Off: neither."""

    api_dir = c.Type(str, default="api")
    """Where the open-data JSON goes in the site (/api/judges.json, /api/judges/<id>.json). The
    calculator, the service worker and the headers all read it from site.json."""

    checker = c.Type(bool, default=True)
    """Ship the in-browser checker (Pyodide, the core's wheel, the checker scripts)."""

    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The installed npm package `pyodide` (pinned in package.json), relative to mkdocs.yml."""

    docx_dir = c.Type(str, default="node_modules/docx")
    """The installed npm package `docx` (pinned in package.json), relative to mkdocs.yml: the letter
    builder's Word-file writer, shipped under its version and loaded only when a reader asks for one."""

    wheels_dir = c.Type(str, default="build/wheels")
    """The wheels the calculator needs (conferral_core, pypdf, and tzdata, of which only the
    courts' time zones are shipped), relative to mkdocs.yml; `make wheels` builds and downloads them."""

    precompiled_dir = c.Type(str, default="build/pyodide")
    """Bytecode for the browser's Python made by the pinned Pyodide (scripts/precompile.mjs, run by
    `make wheels`), relative to mkdocs.yml."""

    compressed_dir = c.Type(str, default="build/compressed")
    """A cache of the precompressed copies (`X.br`, `X.gz`) written beside the files readers
    download first, relative to mkdocs.yml. Brotli at its best setting takes about a minute for
    Pyodide's WebAssembly, so copies are kept here, by digest, for later builds."""

    tree_dir = c.Type(str, default="build/docs")
    """Where the generated docs tree is written, one folder per language, relative to mkdocs.yml.
    Emptied by every build; it is what MkDocs renders (and what another tool could)."""


class ConferralPlugin(BasePlugin[ConferralConfig]):
    def __init__(self) -> None:
        self._tree: Tree | None = None
        self._bodies: dict[str, str] = {}
        self._full_content: dict[str, str] = {}
        self._lang = "en"
        self._hand_written = Path("docs")

    # Material's search plugin reads its separator in its own on_config: give it ours first.
    @event_priority(50)
    def _search_words(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled:
            material.configure_search(config.plugins)
        return None

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not 0 <= self.config.years_around <= 10:
            raise PluginError("conferral: years_around must be between 0 and 10.")
        lang = self._lang = config.theme["language"]
        if lang not in LANGUAGES:
            raise PluginError(f"conferral: theme.language is {lang!r}, which has no message catalog; "
                              f"use one of {', '.join(LANGUAGES)} (set CONFERRAL_LANG).")
        for ext in ("attr_list", "md_in_html", "admonition", "tables", "toc"):
            if ext not in config.markdown_extensions:
                raise PluginError(f"conferral: add '{ext}' to markdown_extensions in mkdocs.yml; the pages use it.")
        cat = catalog(lang)
        base = Path(config.config_file_path).parent
        # Every language's site from this one file: each other language lives at /<lang>/.
        root = language_root(lang)
        hand_written = self._hand_written = Path(config.docs_dir) / root
        config.site_dir = str(Path(config.site_dir) / root)
        # The public address (CONFERRAL_SITE_URL in mkdocs.yml): canonical links, sitemaps with each
        # page's twin in every language, the embed snippets.
        if not config.site_url:
            raise PluginError("conferral: site_url is empty; set CONFERRAL_SITE_URL to the site's public address "
                              f"or leave it unset for the placeholder {PLACEHOLDER_SITE_URL}.")
        try:
            site_url = public_address(config.site_url)
        except SiteDataError as err:
            raise PluginError(f"conferral: {err}.") from None
        if site_url == PLACEHOLDER_SITE_URL:
            log.info("site_url is the placeholder %s: set CONFERRAL_SITE_URL to the public address before "
                     "publishing (canonical links and sitemaps name it)", site_url)
        config.extra["conferral_sites"] = {code: site_url + language_root(code) for code in LANGUAGES}
        config.site_url = site_url + root
        config.site_description = cat.text("site", "site.description")
        config.copyright = cat.text("site", "site.copyright")
        config.nav = self._nav(config.nav, cat)
        # The hand-written pages' heading links speak the page's language too (the 404 page: below).
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = cat.text("page", "permalink")
        options = SiteOptions(year=self.config.year or dt.date.today().year, years_around=self.config.years_around,
                              examples=self.config.examples,
                              api_dir=self.config.api_dir, lang=lang, site_url=site_url)
        calculator = (Calculator(base / self.config.pyodide_dir, base / self.config.wheels_dir,
                                 base / self.config.precompiled_dir, base / self.config.compressed_dir,
                                 base / self.config.docx_dir)
                      if self.config.checker else None)
        try:
            self._tree = generate(base / self.config.tree_dir / lang, options, hand_written, calculator,
                                  material.theme(lang))
            partials = material.patched_partials()
        except (SiteDataError, DataError, material.MaterialChanged) as err:
            raise PluginError(f"conferral: {str(err).rstrip('.')}. Fix what is named above and build again.") from None
        config.docs_dir = str(self._tree.root)
        log.info("generated %d pages into %s", len(self._tree.pages), self._tree.root)
        # Every page, the 404 page included (a path no _headers rule knows), carries its policy.
        config.extra["conferral_csp"] = meta_csp()
        # The 404 page's words (overrides/404.html).
        config.extra["conferral_404"] = {key: cat.text("page", f"404.{key}")
                                         for key in ("title", "lede", "search", "next", "judges", "checker", "home")}
        overrides = str(resources.files("conferral_site").joinpath("overrides"))
        for folder in (overrides, partials):  # the patched partials first, then our overrides
            if folder not in config.theme.dirs:
                config.theme.dirs.insert(0, folder)
        routes = self._tree.site["routes"]
        if routes["styles"] not in config.extra_css:
            config.extra_css.append(routes["styles"])
        if self.config.checker:
            # In every page's <head>, before Material's scripts (overrides/partials/javascripts/
            # base.html): a module script without `async` runs in document order with the deferred
            # scripts, so this one runs first, as soon as it, the page and the style sheets are in,
            # and a deep link's engine starts before Material's bundle runs (0.2 s sooner on a
            # modelled Fast 4G link; an async script ran after it). The page is rendered without
            # waiting for any of them.
            config.extra["conferral_checker"] = routes["checker"]
            # A case number typed into the search box: a link to "Find my judge" above the results.
            uses_search = any(name in ("search", "material/search") for name in config.plugins)
            if uses_search and all(str(s) != material.SEARCH_SCRIPT for s in config.extra_javascript):
                value = ExtraScriptValue(material.SEARCH_SCRIPT)
                value.defer = True
                config.extra_javascript.append(value)
        return config

    on_config = CombinedEvent(_search_words, _configure)

    @staticmethod
    def _nav(nav: Any, cat: Any) -> list[dict[str, str]]:
        """mkdocs.yml's nav lists pages; their labels come from the catalog's [nav] section."""
        out = []
        for entry in nav or []:
            path = entry if isinstance(entry, str) else next(iter(entry.values()))
            label = cat.lookup("nav", path, "")
            if not isinstance(path, str) or not label:
                raise PluginError(f"conferral: nav entry {entry!r}: list the page's path in mkdocs.yml and its "
                                  f"label under [nav] in the {cat.lang!r} message catalog.")
            out.append({label: path})
        return out

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self._tree is None:
            return None
        in_nav = {path for entry in config.nav or [] for path in entry.values()}
        generated = set(self._tree.pages)
        for file in files:
            if file.src_uri in generated and file.src_uri not in in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # record pages: their index pages link them
        scripts = material.scripts()
        if any(str(s) == material.SEARCH_SCRIPT for s in config.extra_javascript):
            label = catalog(self._lang).text("checker", "search.case", case="{case}")
            scripts.update(material.search_script(self._tree.site, label))
        for path, script in scripts.items():
            files.append(File.generated(config, path, content=script))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self._tree is not None and page.meta.get("generated") is True:
            self._bodies[page.file.src_uri] = markdown
            return ""  # rendered in on_page_content, without the Markdown parser
        return None

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        body = self._bodies.pop(page.file.src_uri, None)
        if body is None:
            return None
        try:
            out, toc = markup.render(body, catalog(self._lang).text("page", "permalink"))
        except markup.MarkupError as err:
            raise PluginError(f"conferral: {page.file.src_uri}: {err}") from None
        page.toc = get_toc(toc)
        return out

    # Material's search plugin indexes page.content in on_page_context: hand it only the top of
    # a long generated page (run before it), then put the whole page back (run after it).
    @event_priority(100)
    def _search_sees_summary(self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig,
                             nav: Any) -> dict[str, Any] | None:
        if self._tree is not None and page.content is not None:
            part = material.search_part(page.content)
            if part is not page.content:
                self._full_content[page.file.src_uri] = page.content
                page.content = part
        return None

    @event_priority(-100)
    def _page_gets_everything(self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig,
                              nav: Any) -> dict[str, Any] | None:
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        if self._tree is not None and page.url != "404.html":
            # The language switch (overrides/main.html): the same page in the other languages.
            context["conferral_language_label"] = catalog(self._lang).text("page", "language")
            context["conferral_alternates"] = [{**alt, "href": relative(page.file.src_uri, alt["path"])}
                                               for alt in alternates(self._lang, page.url)]
        return context

    on_page_context = CombinedEvent(_search_sees_summary, _page_gets_everything)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` watches docs_dir, which is the tree every build rewrites: watch what it is
        made from instead (the hand-written pages, the core's data, this package)."""
        if self._tree is not None:
            import conferral_core

            server.unwatch(str(self._tree.root))
            for source in (self._hand_written, Path(conferral_core.__file__).parent / "data", Path(__file__).parent):
                server.watch(str(source))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._tree is not None:
            try:
                # Written last: from the files just built.
                cache = Path(config.config_file_path).parent / self.config.compressed_dir
                finish(Path(config.site_dir), self._tree.root, cache)
            except ValueError as err:
                raise PluginError(f"conferral: {err}") from None
        # Data is cached per process; a rebuild under `mkdocs serve` must see edited files.
        api.reset()
