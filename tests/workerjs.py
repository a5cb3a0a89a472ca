"""Runs functions of the worker (worker.mjs) in Node, from the worker's own text, so that a test
reads the code that ships rather than a copy of it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

WORKER = Path(__file__).resolve().parent.parent / "site_plugins" / "conferral_site" / "assets" / "worker.mjs"


def worker_code(*names: str) -> str:
    """The named top-level functions and constants of worker.mjs, as they are written there."""
    source = WORKER.read_text()
    parts = []
    for name in names:
        found = (re.search(rf"^function {name}\(.*?^\}}\n", source, re.S | re.M)
                 or re.search(rf"^const {name} = .*?;.*?\n", source, re.M))
        assert found, f"{name} is not in worker.mjs"
        parts.append(found.group(0))
    return "\n".join(parts)


def run_in_node(script: str, stdin: bytes = b"") -> bytes:
    """`script`'s standard output, run by Node with `stdin` (Node has Blob and the typed arrays the worker uses)."""
    return subprocess.run(["node", "-e", script], input=stdin, capture_output=True, check=True).stdout
