"""Conferral's MkDocs plugin: pages generated from conferral_core's public API.

`pages.build_site(options)` does the work (data -> Markdown/HTML/JSON, testable without a
build); `plugin.ConferralPlugin` is the thin MkDocs layer that hands those pages to MkDocs.
"""

from .pages import GeneratedFile, SiteOptions, build_site

__all__ = ["GeneratedFile", "SiteOptions", "build_site"]
