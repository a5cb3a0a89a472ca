"""The worker writes our stored zips into Pyodide's file system itself (worker.mjs, storedEntries):
it reads back exactly what Python's zipfile wrote, and refuses, for Pyodide's own unpacker to
handle, anything else: a deflated entry, a name outside the folder, a truncated or foreign file.

The function is run in Node from the worker's own text, so the test reads the code that ships."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from workerjs import run_in_node, worker_code

RUN = """const bytes = new Uint8Array(require("fs").readFileSync(0));
%s
const entries = storedEntries(bytes);
console.log(JSON.stringify(entries && entries.map(([name, data]) => [name, Buffer.from(data).toString("latin1")])));"""


def stored_entries(data: bytes):
    return json.loads(run_in_node(RUN % worker_code("storedEntries"), data))


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=method)
    return buffer.getvalue()


FILES = {"conferral_core/__init__.py": b"", "conferral_core/data/x.toml": b"a = 1\n",
         "conferral_core/__pycache__/api.cpython-314.pyc": bytes(range(256)) * 3, "conferral_core/data/": b""}


def test_a_stored_zip_reads_back_exactly_what_zipfile_wrote():
    assert stored_entries(zipped(FILES)) == [[name, data.decode("latin1")] for name, data in FILES.items()]


def test_the_shipped_core_reads_back_whole():
    core_zip = Path(__file__).resolve().parent.parent / "build" / "pyodide" / "core.zip"
    assert core_zip.exists(), "make wheels writes build/pyodide/core.zip (make test does it first)"
    core = core_zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(core)) as z:
        expected = [[i.filename, z.read(i).decode("latin1")] for i in z.infolist()]
    assert len(expected) > 20 and stored_entries(core) == expected


@pytest.mark.parametrize("data", [
    zipped(FILES, zipfile.ZIP_DEFLATED),  # deflated: Pyodide's unpacker inflates it
    zipped({"../outside.py": b"x"}),
    zipped({"/etc/passwd": b"x"}),
    zipped({"a/../../b.py": b"x"}),
    zipped(FILES)[:-30],  # truncated
    zipped(FILES) + b"a comment the end record does not announce",
    b"",
    b"PK\x05\x06" + bytes(18),  # an end record alone, claiming nothing
], ids=["deflated", "parent", "absolute", "climbing", "truncated", "trailing", "empty", "bare-end"])
def test_anything_else_is_left_to_pyodide(data):
    got = stored_entries(data)
    assert got is None or got == [], got
