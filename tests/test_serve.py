"""The local server (`make serve`, the tests, the benchmarks) behaves like a host following our
recommended headers: text compressed, revalidations answered "not modified", bytes counted."""

import gzip
import urllib.error
import urllib.request

from conferral_site.headers import from_site, headers_file, rules
from conferral_site.serve import StaticServer
from conferral_site.sitejson import describe

SITE = describe("en", "", "api", None)


def fetch(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:  # 304 arrives as an "error"
        return err.code, dict(err.headers), err.read()


def test_pages_are_compressed_revalidated_and_counted(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>" + "<p>same words</p>" * 200)
    (tmp_path / "_headers").write_text(headers_file(rules(["index.html"], SITE)))
    with StaticServer(tmp_path, headers_for=from_site(tmp_path)) as server:
        status, headers, body = fetch(server.url, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"
        assert gzip.decompress(body).startswith(b"<!doctype html>")
        assert server.bytes_sent == len(body) < 1000  # compressed, as sent
        status, _, body = fetch(server.url, **{"Accept-Encoding": "gzip", "If-Modified-Since": headers["Last-Modified"]})
        assert status == 304 and body == b""
        assert server.bytes_sent == int(headers["Content-Length"])  # nothing more sent
