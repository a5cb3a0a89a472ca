"""Everything Conferral does for the Material for MkDocs theme (written for Material 9.7–9.8;
delete this module, and its calls in plugin.py, to render the tree with another theme).

- Template patches, applied at build time to the installed Material's own templates (so an
  upgrade carries through; a patch that no longer applies stops the build with a clear message):
  the search box is a dialog without a name (axe/Lighthouse: aria-dialog-name); Material's bundle
  is loaded with `defer`, like the scripts it needs before it, so no script blocks the first paint.
- Material's inline <script>s as files (strict CSP: script-src 'self'); overrides/ loads them.
- The search index sees only the top of a long generated page (up to pages.SEARCH_STOP).
- Search and case numbers: the words of a case number in the index are its serial number and the
  judges' initials (SEARCH_SEPARATOR), and a query shaped like a case number gets a link to "Find
  my judge" above the results (assets/search.js, filled in by search_script()).
- Which of Material's files are named by their content, and which every page needs (site.json).
"""

from __future__ import annotations

import json
import posixpath
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from .generate import Theme
from .pages import SEARCH_STOP

TEMPLATE_PATCHES = {
    "partials/search.html": (re.compile(r'role="dialog">'),
                             'role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">'),
    "base.html": (re.compile(r"(<script src=\"\{\{ 'assets/javascripts/bundle\.[0-9a-f]+\.min\.js' \| url \}\}\")></script>"),
                  r"\1 defer></script>"),
}
# Material's partials whose inline <script>s become files.
SCRIPTS = ("base", "palette", "content")
TEMPLATE_VALUE = re.compile(r'"\{\{[^}]*\}\}"')
SCRIPT_FOLDER = "assets/conferral/material/"
LUNR = "assets/javascripts/lunr/min/"
# Our script in Material's search box (a classic script, deferred: Material's own scripts are too).
SEARCH_SCRIPT = SCRIPT_FOLDER + "search.js"

# Material's search splits the text it indexes into words at whitespace and hyphens (its default
# separator), so "2:17-cv-1666-KJN" became the words "2:17", "cv", "1666" and "kjn", and a search
# for a case number matched every case order on "cv" (or "cr", "md") and on the year of filing.
# These come first in the separator: the start of a case number up to its serial number (office,
# year, case type) separates words, so a case number is indexed as its serial number and the
# judges' initials ("1666", "kjn"), and a search for one finds the order with that number and the
# judges with those initials. The case-number forms are those of cases.py (the core's parser: a
# test checks every case number it reads in the site's data) and two older ones it leaves out.
# Written for a browser's RegExp (and Python's re, which the tests use): no flags, so cases are spelled out.
CASE_NUMBER_STARTS = (
    r"\b(?:\d{1,2}:)?\d{2,4}-+[A-Za-z]{2,4}-+(?=\d)",  # "2:17-cv-" of 2:17-cv-1666-KJN; "17-cv-" of 17-cv-07305-EJD
    r"\b[Cc][Ii][Vv]\.?\s*[A-Za-z]?-?\d{2}-(?=\d)",  # "CIV S-10-" of CIV S-10-0912 LKK GGH (E.D. Cal. before 2011)
    r"\b[Cc][VvRr]-\d{2}-(?=\d)",  # "CV-09-" of CV-09-02292 VRW
    r"\bC\s\d{2}-(?=\d)",  # "C 19-" of C 19-01484 WHA (N.D. Cal.'s older form)
)
# Material's own separator for English and Spanish (partials/languages/en.html; es.html has none).
MATERIAL_SEPARATOR = r"[\s\-]+"


class MaterialChanged(Exception):
    """The installed Material is not the one these workarounds were written for."""


def theme(lang: str) -> Theme:
    """Material's hashed bundle, workers and styles never change under their names; every page
    needs its scripts, styles, images and the search index (and, for a language other than
    English, that language's search stemmer only: the others are some 30 files never used)."""
    shell = ["assets/javascripts/*.js", "assets/javascripts/workers/*.js", "assets/stylesheets/*.css",
             "assets/images/*", "search/search_index.json", SCRIPT_FOLDER + "*.js"]
    if lang != "en":
        shell += [LUNR + "lunr.stemmer.support.min.js", f"{LUNR}lunr.{lang}.min.js"]
    return Theme(immutable=("assets/javascripts/bundle.", "assets/javascripts/workers/", "assets/stylesheets/"),
                 shell=tuple(shell))


def _templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def patched_partials() -> str:
    """A template folder holding Material's templates with the patches above."""
    folder = Path(tempfile.gettempdir()) / "conferral-material-templates"
    source = _templates()
    for name, (pattern, replacement) in TEMPLATE_PATCHES.items():
        text = (source / name).read_text(encoding="utf-8")
        patched, count = pattern.subn(replacement, text)
        if count != 1:
            raise MaterialChanged(f"Material's {name} changed; update TEMPLATE_PATCHES in conferral_site/material.py.")
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != patched:
            target.write_text(patched, encoding="utf-8")
    return str(folder)


def scripts() -> dict[str, str]:
    """The inline scripts of Material's partials, as files: path in the site -> JavaScript. A
    template value inside one (the storage scope) is read from the tag's data-value attribute."""
    out = {}
    partials = _templates() / "partials" / "javascripts"
    for name in SCRIPTS:
        text = (partials / f"{name}.html").read_text(encoding="utf-8")
        for i, body in enumerate(re.findall(r"<script>(.*?)</script>", text, re.S), 1):
            out[f"{SCRIPT_FOLDER}{name}-{i}.js"] = TEMPLATE_VALUE.sub("document.currentScript.dataset.value", body) + "\n"
    if not out:
        raise MaterialChanged("Material's partials have no inline script any more; update SCRIPTS in material.py.")
    return out


def search_part(html: str) -> str:
    """What Material's search plugin indexes of a page (it reads page.content in on_page_context)."""
    index = html.find(SEARCH_STOP)
    return html if index < 0 else html[:index]


def search_separator(words: str = MATERIAL_SEPARATOR) -> str:
    """The separator of Material's search: the starts of case numbers, then `words` (Material's)."""
    return "|".join((*CASE_NUMBER_STARTS, words))


def configure_search(plugins: Any) -> None:
    """Give Material's search plugin, if the site uses it, the separator above (before its own
    on_config, which keeps a separator it is given and copies its settings into its index)."""
    search = next((plugin for name, plugin in plugins.items() if name in ("search", "material/search")), None)
    if search is None:
        return
    current = search.config.get("separator") or MATERIAL_SEPARATOR
    if not current.startswith(CASE_NUMBER_STARTS[0]):
        search.config["separator"] = search_separator(current)


def search_script(site: dict[str, Any], label: str) -> dict[str, str]:
    """assets/search.js with its settings: the core's case-number shapes (site.json's vocabularies),
    the checker page relative to the script, and the link's label ("… {case}")."""
    if label.count("{case}") != 1:
        raise ValueError(f"the search link's label {label!r} must hold {{case}} once")
    checker = posixpath.relpath(site["routes"]["checker_page"], posixpath.dirname(SEARCH_SCRIPT)) + "/"
    settings = {"case_number": site["vocabularies"]["case_number"], "checker": checker, "label": label}
    template = resources.files("conferral_site").joinpath("assets", "search.js").read_text(encoding="utf-8")
    if template.count("__CONFERRAL_SEARCH__") != 1:
        raise MaterialChanged("assets/search.js lost its __CONFERRAL_SEARCH__ placeholder")
    return {SEARCH_SCRIPT: template.replace("__CONFERRAL_SEARCH__", json.dumps(settings, ensure_ascii=False))}
