"""The HTTP headers the site needs from its host, in one place: the strict Content-Security-
Policy every page runs under, the MIME types Pyodide needs, and what the embeddable widget
needs (framing by other sites; CORS for its assets, since a sandboxed frame has no origin).

The plugin writes them as `_headers` (the format of Netlify and Cloudflare Pages); the README
shows the same for other hosts; the tests' server sends them."""

from __future__ import annotations

import fnmatch

from conferral_core.messages import LANGUAGES

# No inline script or style, nothing from another origin. 'wasm-unsafe-eval' lets the
# calculator compile WebAssembly (Pyodide) and nothing else; Material needs no loosening
# because the plugin serves Material's few inline scripts as files.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'")

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def page_headers(embed: bool = False) -> dict[str, str]:
    """Headers for a page: reference pages may not be framed by other sites; widgets may.

    A widget in a sandboxed frame has no origin, and browsers start a worker only from a
    same-origin script, so the widget starts the calculator from a blob: loader: the one
    loosening of the CSP, on the embed pages only (worker-src blob:)."""
    if embed:
        csp = CSP.replace("worker-src 'self'", "worker-src 'self' blob:")
        return {"Content-Security-Policy": f"{csp}; frame-ancestors *", **COMMON}
    return {"Content-Security-Policy": f"{CSP}; frame-ancestors 'self'", **COMMON}


# Caching. Pages and files with fixed names are checked with the host on every use (cheap: "not
# modified"), so a reader never gets old rules beside a new page. Files whose names change with
# their content (the calculator's engine, wheels and zones: see runtime.py; Material's hashed
# bundle and styles) are kept for good.
REVALIDATE = {"Cache-Control": "no-cache"}
KEEP = {"Cache-Control": "public, max-age=31536000, immutable"}
VERSIONED = ("assets/conferral/pyodide/*", "assets/conferral/wheels/*", "assets/conferral/zones/*",
             "assets/javascripts/bundle.*", "assets/javascripts/workers/*", "assets/stylesheets/*")

# Assets a widget fetches from inside a sandboxed (opaque-origin) frame need CORS.
CORS = {"Access-Control-Allow-Origin": "*"}


def rules() -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers), in order; a later rule's header replaces an earlier one's. Each
    language's site (English at /, the others at /<lang>/) gets the same rules."""
    out: list[tuple[str, dict[str, str]]] = [("/*", {**page_headers(), **REVALIDATE})]
    for root in ["/"] + [f"/{lang}/" for lang in LANGUAGES if lang != "en"]:
        out += [
            (f"{root}embed/*", {**page_headers(embed=True), **CORS}),
            (f"{root}assets/*", CORS),
            (f"{root}api/*", CORS),
        ]
        out += [(f"{root}{path}", KEEP) for path in VERSIONED]
        out.append((f"{root}assets/conferral/wheels/wheels.json", REVALIDATE))
    out += [("/*.wasm", {"Content-Type": "application/wasm"}), ("/*.mjs", {"Content-Type": "text/javascript"})]
    return out


def headers_for(path: str) -> dict[str, str]:
    """The headers a host following `rules()` sends for one URL path (used by the tests' server)."""
    out: dict[str, str] = {}
    for pattern, headers in rules():
        if fnmatch.fnmatchcase(path, pattern):
            out.update(headers)
    return out


def headers_file() -> str:
    lines = ["# Recommended headers (Netlify / Cloudflare Pages format). See README, \"Deploying\"."]
    for path, headers in rules():
        lines.append(path)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"
