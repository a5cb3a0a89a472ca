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


def test_a_missing_path_gets_the_sites_own_404_page_of_its_language(tmp_path):
    (tmp_path / "404.html").write_text("<!doctype html><title>Page not found</title>")
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "404.html").write_text("<!doctype html><title>No se encontró la página</title>")
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>")
    (tmp_path / "_headers").write_text(headers_file(rules(["index.html", "404.html", "es/404.html"], SITE)))
    with StaticServer(tmp_path, headers_for=from_site(tmp_path)) as server:
        for path, title in (("nowhere/", "Page not found"), ("judges/nobody/", "Page not found"),
                            ("es/jueces/nadie/", "No se encontró la página"), ("es/x.json", "No se encontró la página"),
                            ("../../etc/passwd", "Page not found")):
            status, headers, body = fetch(server.url + path)
            assert status == 404, path
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert f"<title>{title}</title>".encode() in body, path
            assert "Content-Security-Policy" not in headers or "default-src 'self'" in headers["Content-Security-Policy"]
        request = urllib.request.Request(server.url + "es/nada/", method="HEAD")
        try:
            urllib.request.urlopen(request)
        except urllib.error.HTTPError as err:
            assert err.code == 404 and err.read() == b""
    # With no 404.html at all, Python's own error page, still a 404.
    (tmp_path / "404.html").unlink()
    with StaticServer(tmp_path) as server:
        status, _, body = fetch(server.url + "nowhere/")
        assert status == 404 and b"Error response" in body


def test_the_built_sites_404_pages_are_served_for_missing_paths(site):
    with StaticServer(site, headers_for=from_site(site)) as server:
        status, _, body = fetch(server.url + "judges/no-such-judge/")
        assert status == 404 and "<h1>Page not found</h1>" in body.decode("utf-8")
        status, _, body = fetch(server.url + "es/judges/no-such-judge/")
        assert status == 404 and "<h1>No se encontró la página</h1>" in body.decode("utf-8")


def test_precompressed_copies_are_sent_for_their_original_brotli_first(tmp_path):
    import brotli

    from conferral_site import compress

    wasm = bytes(range(256)) * 64 + b"\0" * 40_000  # compresses, and is more than a kilobyte
    (tmp_path / "engine.wasm").write_bytes(wasm)
    (tmp_path / "tiny.json").write_text("{}")
    written = compress.precompress(tmp_path, ["engine.wasm", "tiny.json"], tmp_path / "cache")
    assert written == ["engine.wasm.br", "engine.wasm.gz"]  # nothing for a file too small to pay
    with StaticServer(tmp_path) as server:
        status, headers, body = fetch(server.url + "engine.wasm", **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and headers["Content-Encoding"] == "br" and headers["Vary"] == "Accept-Encoding"
        assert headers["Content-Type"] == "application/wasm" and brotli.decompress(body) == wasm
        assert len(body) == int(headers["Content-Length"]) == (tmp_path / "engine.wasm.br").stat().st_size
        _, headers, body = fetch(server.url + "engine.wasm", **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == wasm
        assert body == (tmp_path / "engine.wasm.gz").read_bytes()
        _, headers, body = fetch(server.url + "engine.wasm")
        assert "Content-Encoding" not in headers and body == wasm
    # Made once: a second build takes the copies from the cache, byte for byte.
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(cached) == 2 and all(".q11." in n or ".9." in n for n in cached)
    (tmp_path / "engine.wasm.br").unlink()
    assert compress.precompress(tmp_path, ["engine.wasm"], tmp_path / "cache") == ["engine.wasm.br", "engine.wasm.gz"]
    assert brotli.decompress((tmp_path / "engine.wasm.br").read_bytes()) == wasm


def test_the_engine_declares_what_each_first_download_weighs_as_hosts_send_it(site):
    import json

    engine = json.loads((site / "assets" / "conferral" / "site.json").read_text())["engine"]
    assets = site / "assets" / "conferral"
    assert f"{engine['pyodide']}pyodide.asm.wasm" in engine["download"] and engine["core"] in engine["download"]
    for path, size in engine["download"].items():
        assert size["identity"] == (assets / path).stat().st_size
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            copy = assets / (path + suffix)
            assert size[encoding] == (copy.stat().st_size if copy.exists() else size["identity"]), (path, encoding)
    # Issue 14's budget: what the first answer downloads, in brotli, under 4.5 MB.
    assert sum(size["br"] for size in engine["download"].values()) < 4.5e6


def test_a_client_leaving_mid_download_is_not_an_error(tmp_path, capsys):
    import socket

    (tmp_path / "big.wasm").write_bytes(b"\1" * 5_000_000)
    with StaticServer(tmp_path) as server:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"GET /big.wasm HTTP/1.0\r\n\r\n")
            client.recv(1000)  # the headers, then gone with the body unread
        status, _, body = fetch(server.url + "big.wasm")  # and the server still serves
    assert status == 200 and len(body) == 5_000_000
    assert "Traceback" not in capsys.readouterr().err
