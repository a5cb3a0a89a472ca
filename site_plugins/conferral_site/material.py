"""Everything Conferral does for the Material for MkDocs theme (written for Material 9.7–9.8;
delete this module, and its calls in plugin.py, to render the tree with another theme).

- Template patches, applied at build time to the installed Material's own templates (so an
  upgrade carries through; a patch that no longer applies stops the build with a clear message):
  the search box is a dialog without a name (axe/Lighthouse: aria-dialog-name); Material's bundle
  is loaded with `defer`, like the scripts it needs before it, so no script blocks the first paint.
- Material's inline <script>s as files (strict CSP: script-src 'self'); overrides/ loads them.
- The search index sees only the top of a long generated page (up to pages.SEARCH_STOP).
- Which of Material's files are named by their content, and which every page needs (site.json).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

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
