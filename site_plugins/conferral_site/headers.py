"""The HTTP headers the site needs from its host, in one place: the strict Content-Security-
Policy every page runs under, the MIME types Pyodide needs, what the embeddable widget needs
(framing by other sites; CORS for its assets, since a sandboxed frame has no origin) and caching.

The build writes them as `_headers` (the format of Netlify and Cloudflare Pages). The two hosts
merge rules differently when a path matches several of them:
- Cloudflare Pages: "An incoming request which matches multiple rules' URL patterns will inherit
  all rules' headers"; a header set by two matching rules is sent once, its values joined with a
  comma (two Content-Security-Policy values joined that way are two policies, both enforced).
- Netlify: the matching rules are applied in order, and for the same header name the later rule's
  value replaces the earlier one (netlify/cli, `headersForPath`: `Object.assign({}, ...matching)`).
So the rules here never overlap for any header name: a header either has one site-wide rule, or is
set by rules that partition the built site's files (a folder whose files all need the same value
gets one `/folder/*` rule; otherwise its files and sub-folders get their own). Then every path gets
exactly one value on both hosts; `resolve()` models both and the tests check every built file.
A path no rule knows (a 404) gets the site-wide headers, and its page still carries the policy in a
<meta http-equiv> tag.

Cloudflare Pages reads at most 100 rules from `_headers` (`MAX_RULES`): the build fails before that."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# No inline script or style, nothing from another origin. 'wasm-unsafe-eval' lets the
# calculator compile WebAssembly (Pyodide) and nothing else; Material needs no loosening
# because the plugin serves Material's few inline scripts as files.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'")
# A widget in a sandboxed frame has no origin, and browsers start a worker only from a same-origin
# script, so the widget starts the calculator from a blob: loader: the one loosening of the CSP, on
# the widget's pages only.
EMBED_CSP = CSP.replace("worker-src 'self'", "worker-src 'self' blob:")


def page_csp(embed: bool = False) -> str:
    """The policy a page is served with: reference pages may be framed by this site only; widgets by any."""
    return f"{EMBED_CSP}; frame-ancestors *" if embed else f"{CSP}; frame-ancestors 'self'"


def meta_csp(embed: bool = False) -> str:
    """The same policy for a <meta http-equiv> tag, which cannot carry frame-ancestors."""
    return EMBED_CSP if embed else CSP


COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

# Caching. Pages and files with fixed names are checked with the host on every use (cheap: "not
# modified"), so a reader never gets old rules beside a new page. Files whose names change with
# their content (site.json's "immutable": the calculator's engine, wheels, zones and worker
# script, see runtime.py; the theme's hashed bundle and styles) are kept for good.
REVALIDATE = "no-cache"
KEEP = "public, max-age=31536000, immutable"

# Assets a widget fetches from inside a sandboxed (opaque-origin) frame need CORS (site.json's "cors").
CORS = {"Access-Control-Allow-Origin": "*"}
TYPES = {"/*.wasm": {"Content-Type": "application/wasm"}, "/*.mjs": {"Content-Type": "text/javascript"}}
MAX_RULES = 100  # Cloudflare Pages: "A _headers file can have a maximum of 100 header rules."

Rule = tuple[str, dict[str, str]]


def varying(path: str, immutable: Iterable[str]) -> dict[str, str]:
    """The headers that differ between files, for one file's path within a language's site."""
    embed = path.split("/", 1)[0] == "embed"
    keep = any(path.startswith(prefix) for prefix in immutable)
    return {"Content-Security-Policy": page_csp(embed), "Cache-Control": KEEP if keep else REVALIDATE}


def partition(files: Iterable[str], immutable: Iterable[str] = ()) -> list[tuple[str, dict[str, str]]]:
    """Path patterns that cover each file exactly once, each with the varying headers of its files:
    a folder whose files all agree is one `folder/*`; otherwise its files and sub-folders are
    listed, recursively. Patterns are relative to the language's root ("" for a root file)."""
    tree: dict = {}
    for path in files:
        node = tree
        *folders, name = path.split("/")
        for folder in folders:
            node = node.setdefault(folder + "/", {})
        node[name] = varying(path, immutable)

    def values(node: dict) -> list[dict[str, str]]:
        out = []
        for child in node.values():
            out += values(child) if isinstance(child, dict) and "Cache-Control" not in child else [child]
        return out

    def walk(node: dict, prefix: str) -> list[tuple[str, dict[str, str]]]:
        out = []
        for name in sorted(node):
            child = node[name]
            if name.endswith("/"):
                found = values(child)
                if all(v == found[0] for v in found):
                    out.append((f"{prefix}{name}*", found[0]))
                else:
                    out += walk(child, prefix + name)
            else:
                out.append((prefix + name, child))
                if name == "index.html":  # the folder's own address serves its index page
                    out.append((prefix, child))
        return out

    return walk(tree, "")


def rules(files: Iterable[str], site: dict[str, Any]) -> list[Rule]:
    """Every rule of `_headers`, for the files of the root site and its site.json (the other
    languages' sites, at /<lang>/, are built by the same generator and get the same rules under
    their folder)."""
    others = set(site["languages"]) - {site["lang"]}
    own = [f for f in files if f.split("/", 1)[0] not in others and f != "_headers"]
    parts = partition(own, site["immutable"])
    out: list[Rule] = [("/*", dict(COMMON)), *TYPES.items()]
    for root in ["", *(f"{lang}/" for lang in sorted(others))]:
        out += [(f"/{root}{folder}*", dict(CORS)) for folder in site["cors"]]
        out += [(f"/{root}{pattern}", headers) for pattern, headers in parts]
    out = _merged(out)
    if len(out) > MAX_RULES:
        raise ValueError(f"_headers would have {len(out)} rules; Cloudflare Pages reads at most {MAX_RULES}. "
                         "Group files whose headers agree into one folder.")
    return out


def _merged(site_rules: list[Rule]) -> list[Rule]:
    """Rules with the same pattern as one rule (they set different headers, so nothing is lost)."""
    out: dict[str, dict[str, str]] = {}
    for pattern, headers in site_rules:
        held = out.setdefault(pattern, {})
        if set(held) & set(headers):
            raise AssertionError(f"two rules set the same header for {pattern}")
        held.update(headers)
    return list(out.items())


def headers_file(site_rules: list[Rule]) -> str:
    lines = ["# Recommended headers (Netlify / Cloudflare Pages format). See README, \"Deploying\".",
             "# No two rules set the same header for one path, so both hosts send exactly one value."]
    for path, headers in site_rules:
        lines.append(path)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


# ---- reading `_headers` as each host does (for the local server and the tests) -----------------

def parse(text: str) -> list[Rule]:
    out: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            out.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            out[-1][1][name.strip()] = value.strip()
    return out


def matches(pattern: str, path: str) -> bool:
    """A `_headers` URL pattern, where `*` (a splat) matches any characters, slashes included."""
    return fnmatch.fnmatchcase(path, pattern.replace("[", "[[]"))


def resolve(site_rules: list[Rule], path: str, host: str = "cloudflare") -> dict[str, str]:
    """The headers `host` sends for `path` under `site_rules`, by that host's documented merge."""
    out: dict[str, str] = {}
    for pattern, headers in site_rules:
        if not matches(pattern, path):
            continue
        for name, value in headers.items():
            if host == "cloudflare" and name in out:
                out[name] = f"{out[name]}, {value}"  # inherited from every matching rule, joined
            else:
                out[name] = value  # netlify: the later rule's value replaces the earlier
    return out


def from_site(site: Path, host: str = "cloudflare"):
    """A path -> headers function for a built site, reading its `_headers` as `host` would."""
    site_rules = parse((site / "_headers").read_text(encoding="utf-8"))
    return lambda path: resolve(site_rules, path, host)
