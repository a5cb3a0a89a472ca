"""The kept engine (worker.mjs, packSnapshot / unpackSnapshot): Python's memory is kept without
its all-zero 4 KB pages and comes back byte for byte; anything else read back (damaged, cut short,
an older gzip-compressed snapshot) throws, so the worker starts Python afresh instead.

The functions are run in Node from the worker's own text."""

import base64
import json

import pytest

from workerjs import run_in_node, worker_code

CODE = worker_code("SNAPSHOT_MAGIC", "PAGE", "packSnapshot", "unpackSnapshot")
PACK = """const memory = new Uint8Array(require("fs").readFileSync(0)).subarray(%d);
%s
packSnapshot(memory).arrayBuffer().then((packed) => {
  const back = unpackSnapshot(packed);
  console.log(JSON.stringify({ packed: Buffer.from(packed).toString("base64"),
    same: back.length === memory.length && back.every((byte, i) => byte === memory[i]) }));
});"""
UNPACK = """const kept = new Uint8Array(require("fs").readFileSync(0));
%s
try { console.log(JSON.stringify({ length: unpackSnapshot(kept.slice().buffer).length })); }
catch (error) { console.log(JSON.stringify({ threw: error.message })); }"""
PAGE = 4096


def pack(memory: bytes, offset: int = 0) -> bytes:
    out = json.loads(run_in_node(PACK % (offset, CODE), memory))
    assert out["same"], "the memory did not come back byte for byte"
    return base64.b64decode(out["packed"])


def memory_with(pages: dict[int, bytes], length: int) -> bytes:
    memory = bytearray(length)
    for page, data in pages.items():
        memory[page * PAGE:page * PAGE + len(data)] = data
    return bytes(memory)


def test_zero_pages_are_left_out_and_everything_else_comes_back():
    # Page 1 holds one byte at its very end (the last word of the page), page 3 a run, the last
    # page is short and not a whole number of words.
    memory = memory_with({1: bytes(PAGE - 1) + b"\x07", 3: b"2031-07-19" * 50, 5: b"\x01\x02\x03"}, 5 * PAGE + 7)
    packed = pack(memory)
    assert packed[:4] == b"CFS1" and int.from_bytes(packed[4:8], "little") == len(memory)
    assert list(packed[8:14]) == [0, 1, 0, 1, 0, 1]
    assert len(packed) == 8 + 6 + PAGE + PAGE + 7


def test_a_memory_not_on_a_word_boundary_is_read_byte_by_byte():
    memory = memory_with({0: b"\x00\x00\x09", 2: b"x"}, 3 * PAGE + 1)
    packed = pack(b"?" + memory, offset=1)
    assert list(packed[8:12]) == [1, 0, 1, 0]


def test_an_all_zero_memory_keeps_only_its_header():
    assert len(pack(bytes(4 * PAGE))) == 8 + 4


GOOD = memory_with({0: b"a", 2: b"b" * PAGE}, 3 * PAGE)


@pytest.mark.parametrize("kept", [
    b"",
    bytes([31, 139, 8, 0, 1, 2, 3]),  # the gzip header of an older kept engine (and of the e2e test's damage)
    b"CFS2" + bytes(8),
    "cut",  # the last page cut short
    "longer",  # a byte more than the pages announce
    "flag",  # a page flag other than 0 or 1
    "huge",  # a length the file cannot hold the flags for
], ids=["empty", "gzip", "magic", "cut", "longer", "flag", "huge"])
def test_anything_else_throws(kept):
    good = pack(GOOD)
    kept = {"cut": good[:-1], "longer": good + b"\0", "flag": good[:9] + b"\x02" + good[10:],
            "huge": b"CFS1" + (2**32 - 1).to_bytes(4, "little") + good[8:]}.get(kept, kept)
    assert json.loads(run_in_node(UNPACK % CODE, kept)) == {"threw": "the kept engine is damaged"}
    assert json.loads(run_in_node(UNPACK % CODE, good)) == {"length": 3 * PAGE}
