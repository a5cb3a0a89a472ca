"""A local static server for the built site, sending the headers a host should send
(`headers.from_site`: its `_headers`, read as a host reads it: strict CSP, CORS for the widget's assets) and the MIME types Pyodide
needs (application/wasm). Compressed as a host serving precompressed files does: `X.br` (brotli)
or `X.gz` where the build wrote one and the browser takes it, else gzip made on the fly. A path with no file gets the site's own 404 page with status 404: the
404.html nearest it up its folders (the Spanish one under /es/), as Cloudflare Pages serves it.
Used by `make serve`, the tests and the benchmarks.

    python -m conferral_site.serve [SITE_DIR] [--port 8000]
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import io
import os
import http.server
import threading
from pathlib import Path

from . import compress


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/octet-stream", ".zip": "application/zip"}
    extra_headers: dict[str, str] = {}
    headers_for = None  # optional: path -> headers (e.g. the site's recommended headers)

    def end_headers(self) -> None:
        headers = dict(self.extra_headers)
        if self.headers_for is not None:
            path = self.path.split("?", 1)[0]
            headers.update(self.headers_for(path))
        for name, value in headers.items():
            if name.lower() != "content-type":  # already sent, from extensions_map (same values)
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    # Compress as hosts and CDNs do, so local measurements (Lighthouse, bench/ttfr.py) are fair:
    # text, WebAssembly and our stored zips (Pyodide's 9.6 MB .wasm is 2.7 MB in the build's
    # brotli copy, 3.5 MB in gzip; see README).
    COMPRESSIBLE = compress.COMPRESSIBLE
    PRECOMPRESSED = tuple(compress.ENCODINGS.items())

    def send_head(self):  # type: ignore[override]
        url_path = self.path.split("?", 1)[0]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return super().send_head()  # the base class redirects "/dir" to "/dir/"
            path = os.path.join(path, "index.html")
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        if not os.path.isfile(path):
            return super().send_head()
        copy = next(((name, path + suffix) for name, suffix in self.PRECOMPRESSED
                     if name in accepted and os.path.isfile(path + suffix)), None)
        if copy is None and not ("gzip" in accepted and path.endswith(self.COMPRESSIBLE)):
            return super().send_head()  # the base class answers If-Modified-Since itself
        stat = os.stat(path)
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if self.headers.get("If-Modified-Since") == modified:  # a revalidation (Cache-Control: no-cache)
            self.send_response(304)
            self.end_headers()
            return None
        if copy is not None:
            encoding, body = copy[0], Path(copy[1]).read_bytes()
        else:
            encoding, body = "gzip", _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.not_found_page() if code == 404 and self.command in ("GET", "HEAD") else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.copyfile(io.BytesIO(body), self.wfile)

    def not_found_page(self) -> Path | None:
        """The site's 404.html nearest the requested path, up its folders (/es/… -> es/404.html)."""
        root = Path(self.directory).resolve()
        folder = Path(self.translate_path(self.path)).resolve()
        for candidate in (folder, *folder.parents):
            if candidate != root and root not in candidate.parents:
                return None
            if (candidate / "404.html").is_file():
                return candidate / "404.html"
        return None

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        data = source.read()
        count = getattr(self.server, "count_sent", None)
        if count is not None:
            count(len(data))  # before writing: once a client has the body, it is counted
        outputfile.write(data)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, compressed once per version of the file (as a host or CDN keeps its
    compressed copies), not on every request."""
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=6, mtime=0)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A browser that leaves a page mid-download closes its connection: normal, not worth a
        traceback in the test log. Anything else is printed as the base class prints it."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StaticServer:
    """The site served on a free local port, in a thread. `handler`: a subclass of Handler (the
    benchmarks' modelled network link is one)."""

    def __init__(self, root: Path, headers: dict[str, str] | None = None, headers_for=None,
                 handler: type[Handler] = Handler):
        attrs = {"extra_headers": dict(headers or {}), "headers_for": staticmethod(headers_for) if headers_for else None}
        handler = type("SiteHandler", (handler,), attrs)
        self.httpd = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.bytes_sent = 0  # response bodies as sent (compressed where compressed), for measurements
        self._lock = threading.Lock()
        self.httpd.count_sent = self._count  # type: ignore[attr-defined]

    def _count(self, size: int) -> None:
        with self._lock:
            self.bytes_sent += size

    def __enter__(self) -> "StaticServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> None:
    import argparse

    from .headers import from_site

    parser = argparse.ArgumentParser(description="Serve the built site locally with its recommended headers.")
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = type("SiteHandler", (Handler,), {"extra_headers": {},
                                                "headers_for": staticmethod(from_site(Path(args.site)))})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                            functools.partial(handler, directory=args.site))
    print(f"Serving {args.site} at http://127.0.0.1:{args.port}/ (Ctrl-C to stop)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
