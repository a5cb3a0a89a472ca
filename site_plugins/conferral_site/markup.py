"""The Markdown the generator writes, and how it renders.

Generated pages are Markdown of a small, fixed form: headings written `## Text {#id}` on their own
lines between blank lines, and between them blocks of raw HTML, which Markdown passes through
unchanged. Any Markdown tool renders them; this module renders them without a
Markdown parser, which keeps a build of thousands of judge pages fast. tests/test_site_markup.py
proves that Python-Markdown (MkDocs' renderer) gives the same HTML for every generated page.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

HEADING = re.compile(r"#{1,6} (?P<text>[^\n]+?) \{#(?P<id>[A-Za-z0-9_.:-]+)\}")
# Characters Markdown would read as markup inside a heading's text.
MARKDOWN_SPECIALS = re.compile(r"[*_`\[\]{}\\]")


class MarkupError(ValueError):
    """A heading that Markdown would not read as it is written."""


def heading(level: int, anchor: str, text: str) -> Markup:
    """A heading as a Markdown line (with blank lines around it, as Markdown needs)."""
    name = str(escape(text))
    if MARKDOWN_SPECIALS.search(name) or not HEADING.fullmatch(f"# {name} {{#{anchor}}}"):
        raise MarkupError(f"heading {text!r} (#{anchor}) has characters Markdown would read as markup")
    return Markup(f"\n\n{'#' * level} {name} {{#{anchor}}}\n\n")


def render(body: str, permalink_title: str) -> tuple[str, list[dict[str, Any]]]:
    """HTML and table-of-contents tokens (nested like Python-Markdown's toc extension's) for a
    generated page's body. A heading is a line of the form above after a blank line; every other
    line is HTML and passes through (a "#" inside a quoted document's paragraph is text)."""
    out: list[str] = []
    flat: list[tuple[int, str, str]] = []
    title = str(escape(permalink_title))
    after_blank = True
    for line in body.split("\n"):
        match = HEADING.fullmatch(line) if after_blank and line.startswith("#") else None
        if match is not None:
            level, anchor, text = len(line) - len(line.lstrip("#")), match["id"], match["text"]
            flat.append((level, anchor, text))
            line = (f'<h{level} id="{anchor}">{text}<a class="headerlink" href="#{anchor}" '
                    f'title="{title}">&para;</a></h{level}>')
        after_blank = not line
        out.append(line)
    return "\n".join(out), toc_tokens(flat)


def toc_tokens(flat: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Each heading holds the deeper ones after it."""
    root: dict[str, Any] = {"level": 0, "children": []}
    stack = [root]
    for level, anchor, name in flat:
        token = {"level": level, "id": anchor, "name": name, "children": []}
        while stack[-1]["level"] >= level:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return list(root["children"])
