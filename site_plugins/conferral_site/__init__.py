"""Conferral's site: a generator of files from conferral_core's public API, and a thin MkDocs adapter.

`generate(out_dir, options)` writes one language's whole docs tree (pages, open data, strings,
scripts, the calculator, site.json); `finish(site_dir)` writes the service worker and the host's
headers over the rendered site; `plugin.ConferralPlugin` hands the tree to MkDocs.
"""

from .finish import finish
from .generate import Calculator, Theme, Tree, generate
from .pages import GeneratedFile, SiteOptions, build_site

__all__ = ["Calculator", "GeneratedFile", "SiteOptions", "Theme", "Tree", "build_site", "finish", "generate"]
