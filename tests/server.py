"""A static file server for tests: the built site on a free local port, with the MIME types
Pyodide needs (application/wasm) and optional extra headers (for CSP tests)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


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
            headers.update(self.headers_for(path if not path.endswith("/") else path + "index.html"))
        for name, value in headers.items():
            if name.lower() != "content-type":  # already sent, from extensions_map (same values)
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class StaticServer:
    def __init__(self, root: Path, headers: dict[str, str] | None = None, headers_for=None):
        attrs = {"extra_headers": dict(headers or {}), "headers_for": staticmethod(headers_for) if headers_for else None}
        handler = type("SiteHandler", (Handler,), attrs)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "StaticServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
