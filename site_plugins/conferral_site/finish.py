"""After the site is rendered: the service worker and the host's headers, written over it.

Both are made from the built files themselves (the service worker's version is a digest of
every file of the language's site; the headers partition them) and from site.json, so they
cannot disagree with what was built or with each other.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from . import compress, headers, sitejson
from .pages import page_dir

WRITTEN_HERE = ("sw.js", "_headers")


# The files precompressed (compress.py): what a reader downloads before any page's text is
# useful (the calculator, the theme's scripts and styles, the search index), by path prefix.
PRECOMPRESSED = ("assets/", "search/")


def finish(site_dir: Path, tree: Path | None = None, compressed: Path | None = None) -> dict[str, Any]:
    """Write sw.js (every language's site) and _headers (at the root site only: hosts read it
    there, and it covers every language), then, given a cache folder for them, the precompressed
    copies. Returns the site.json it read. Given the `tree` the site
    was rendered from, first check that every page of it was rendered: a renderer that skipped
    the generated pages (a plugin it ignores, a filter) stops here, never ships."""
    site_json = site_dir / sitejson.PATH
    if not site_json.is_file():
        raise ValueError(f"{site_dir} has no {sitejson.PATH}: render the tree generate() wrote, then finish it")
    site = json.loads(site_json.read_text(encoding="utf-8"))
    if tree is not None:
        missing = [page for page in sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.md"))
                   if not (site_dir / rendered_path(page)).is_file()]
        if missing:
            raise ValueError(f"{len(missing)} pages of {tree} were not rendered into {site_dir}, e.g. {missing[0]}")
    own = own_files(site_dir, site)
    worker = site["routes"]["service_worker"]
    (site_dir / worker).write_text(service_worker(site_dir, site, own), encoding="utf-8")
    if site["root"] == "":
        rules = headers.rules(sorted([*own, worker]), site)
        (site_dir / "_headers").write_text(headers.headers_file(rules), encoding="utf-8")
    if compressed is not None:
        # Last, and not in _headers: a host that serves the copies (nginx, Caddy) sends one in
        # place of its original, under the original's address and headers; the hosts that read
        # _headers compress on the fly and never serve them.
        compress.precompress(site_dir, [path for path in own if path.startswith(PRECOMPRESSED)], compressed)
    return site


def rendered_path(page: str) -> str:
    """Where a page of the tree is served from (directory URLs): judges/x.md -> judges/x/index.html."""
    return page_dir(page) + "index.html"


def own_files(site_dir: Path, site: dict[str, Any]) -> list[str]:
    """The files of this language's site (not another language's, inside it at /<lang>/)."""
    others = {lang for lang in site["languages"]} - {site["lang"]} if site["root"] == "" else set()
    return sorted(rel for p in site_dir.rglob("*") if p.is_file()
                  and (rel := p.relative_to(site_dir).as_posix()).split("/", 1)[0] not in others
                  and rel not in WRITTEN_HERE)


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """A glob as the shell's patterns mean it: `*` within one folder, never across a `/` (so
    `assets/conferral/*.mjs` is our scripts, not Pyodide's engine under pyodide/<version>/)."""
    return re.compile("[^/]*".join(re.escape(part) for part in pattern.split("*")))


def shell_files(files: list[str], site: dict[str, Any]) -> list[str]:
    patterns = [glob_pattern(p) for p in site["shell"]]
    return sorted(f for f in files if any(p.fullmatch(f) for p in patterns))


def service_worker(site_dir: Path, site: dict[str, Any], files: list[str]) -> str:
    """sw.js with a VERSION that changes whenever any file of the site changes, so a new build's
    cache replaces the old one, the SHELL it keeps at install, and the IMMUTABLE prefixes."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (site_dir / name).read_bytes())
    template = resources.files("conferral_site").joinpath("assets", "sw.js").read_text(encoding="utf-8")
    values = {"__CONFERRAL_VERSION__": json.dumps(digest.hexdigest()[:16]),
              "__CONFERRAL_SHELL__": json.dumps(shell_files(files, site)),
              "__CONFERRAL_IMMUTABLE__": json.dumps(site["immutable"])}
    for placeholder, value in values.items():
        if template.count(placeholder) != 1:
            raise ValueError(f"sw.js lost its {placeholder} placeholder")
        template = template.replace(placeholder, value)
    return template
