"""The HTTP headers the site needs from its host, in one place: the strict Content-Security-
Policy every page runs under, the MIME types Pyodide needs, and what the embeddable widget
needs (framing by other sites; CORS for its assets, since a sandboxed frame has no origin).

The plugin writes them as `_headers` (the format of Netlify and Cloudflare Pages); the README
shows the same for other hosts; the tests' server sends them."""

from __future__ import annotations

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
    """Headers for a page: reference pages may not be framed by other sites; widgets may."""
    ancestors = "*" if embed else "'self'"
    return {"Content-Security-Policy": f"{CSP}; frame-ancestors {ancestors}", **COMMON}


# Assets a widget fetches from inside a sandboxed (opaque-origin) frame need CORS.
CORS = {"Access-Control-Allow-Origin": "*"}


def headers_file() -> str:
    rules: list[tuple[str, dict[str, str]]] = [
        ("/*", page_headers()),
        ("/embed/*", {**page_headers(embed=True), **CORS}),
        ("/assets/*", CORS),
        ("/api/*", CORS),
        ("/*.wasm", {"Content-Type": "application/wasm"}),
        ("/*.mjs", {"Content-Type": "text/javascript"}),
        ("/assets/conferral/pyodide/*", {"Cache-Control": "public, max-age=31536000, immutable"}),
    ]
    lines = ["# Recommended headers (Netlify / Cloudflare Pages format). See README, \"Deploying\"."]
    for path, headers in rules:
        lines.append(path)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"
