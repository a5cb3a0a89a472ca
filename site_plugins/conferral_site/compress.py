"""Precompressed copies of the files a reader downloads before the first answer.

A host that serves precompressed files (nginx `brotli_static`/`gzip_static`, Caddy
`precompressed br gzip`, our own serve.py) sends `X.br` or `X.gz` for `X`, compressed once at
the highest setting: Pyodide's WebAssembly is 2.74 MB in brotli at quality 11 against 3.10 MB at
the quality 9 hosts use on the fly, and 3.53 MB in gzip. Hosts that compress on the fly ignore the
copies. Compressing at quality 11 is slow (about 50 s for the WebAssembly), so every result is
kept in a cache folder under the digest of what was compressed, and later builds reuse it.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from pathlib import Path

import brotli

# What is worth compressing (text, WebAssembly, our stored zips); images and deflated wheels are not.
COMPRESSIBLE = (".wasm", ".mjs", ".js", ".css", ".json", ".zip", ".html", ".svg", ".txt", ".xml", ".ics")
SMALLEST = 1024  # below this, compression saves less than a request's headers
# Kept only when it saves at least this share of the file (a deflated wheel does not shrink).
WORTH = 0.9
ENCODINGS = {"br": ".br", "gzip": ".gz"}  # preferred first, as hosts prefer brotli
# The settings, named in each cached copy's file name: new settings never reuse old copies.
SETTINGS = {"br": "q11", "gzip": "9"}


def _compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def compressed(data: bytes, encoding: str, cache: Path) -> bytes:
    """`data` in this encoding ("br" or "gzip"), from the cache when it was made before."""
    kept = cache / f"{hashlib.sha256(data).hexdigest()}.{SETTINGS[encoding]}{ENCODINGS[encoding]}"
    if kept.is_file():
        return kept.read_bytes()
    made = _compress(data, encoding)
    cache.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(kept.suffix + ".partial")  # never a half-written copy under the real name
    partial.write_bytes(made)
    partial.replace(kept)
    return made


def sizes(path: Path, data: bytes, cache: Path) -> dict[str, int]:
    """The bytes a host serving our copies sends for this file, by Content-Encoding (the file
    itself, "identity", where no copy is made)."""
    return {"identity": len(data), **{encoding: len(made) if made is not None else len(data)
                                      for encoding, made in _copies(path, data, cache).items()}}


def _copies(path: Path, data: bytes, cache: Path) -> dict[str, bytes | None]:
    """Each encoding's copy of the file, or None where none is worth making."""
    if path.suffix not in COMPRESSIBLE or len(data) < SMALLEST:
        return dict.fromkeys(ENCODINGS)
    made = {encoding: compressed(data, encoding, cache) for encoding in ENCODINGS}
    return {encoding: body if len(body) <= WORTH * len(data) else None for encoding, body in made.items()}


def is_copy(path: str, files: set[str]) -> bool:
    """Whether this file of the site is a precompressed copy of another one there."""
    return any(path.endswith(suffix) and path[: -len(suffix)] in files for suffix in ENCODINGS.values())


def precompress(site_dir: Path, paths: Iterable[str], cache: Path) -> list[str]:
    """Write `X.br` and `X.gz` beside each of these files of the site where compressing pays.
    Returns the paths written."""
    written = []
    for path in paths:
        source = site_dir / path
        for encoding, made in _copies(source, source.read_bytes(), cache).items():
            if made is not None:
                source.with_name(source.name + ENCODINGS[encoding]).write_bytes(made)
                written.append(path + ENCODINGS[encoding])
    return written
