"""Site build time as the number of judges grows. Prints figures; asserts nothing.

Usage: .venv/bin/python bench/build.py [N ...]    (default: 100 500 2000)

For each N it copies the site's sources into a temporary folder (never committed), adds N
synthetic judges (copies of Judge Claire's file under new ids), builds with
`mkdocs build --strict`, and prints the wall time and the milliseconds per judge page over a
build of the same copy with no synthetic judge. Goal (issue 4): 2000 judges in <= 15 s on
the 2-core machine, growing linearly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "src" / "conferral_core" / "data" / "judges" / "caed-claire.toml"


def make_copy(folder: Path, n: int) -> Path:
    copy = folder / f"n{n}"
    for part in ("docs", "src", "tests/scenarios"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    text = TEMPLATE.read_text(encoding="utf-8")
    judges = copy / "src" / "conferral_core" / "data" / "judges"
    for i in range(n):
        judge_id = f"caed-synthetic-{letters(i)}"  # judge ids are letters and hyphens only
        body = text.replace('id = "caed-claire"', f'id = "{judge_id}"')
        body = re.sub(r'^name = ".*"$', f'name = "Synthetic Judge {i}"', body, count=1, flags=re.M)
        (judges / f"{judge_id}.toml").write_text(body, encoding="utf-8")
    return copy


def letters(i: int) -> str:
    """0 -> "aaaa", 1 -> "aaab", ...: a number spelt in letters, as a judge id needs."""
    out = ""
    for _ in range(4):
        i, r = divmod(i, 26)
        out = chr(ord("a") + r) + out
    return out


def build(copy: Path) -> float:
    # The synthetic judges are not in the core's wheel, so the copy is built without the
    # in-browser checker (its assets are files copied as they are: no effect on page build time).
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "NO_MKDOCS_2_WARNING": "1", "CONFERRAL_CHECKER": "false"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=copy, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 500, 2000]
    with tempfile.TemporaryDirectory() as tmp:
        base = build(make_copy(Path(tmp), 0))
        real = len(list((ROOT / "src" / "conferral_core" / "data" / "judges").glob("*.toml")))
        print(f"baseline ({real} real judges): {base:.2f} s")
        for n in sizes:
            seconds = build(make_copy(Path(tmp), n))
            per_page = (seconds - base) / n * 1000
            print(f"N = {n:5d}: {seconds:6.2f} s total, {per_page:5.2f} ms per judge page (goal: 2000 in <= 15 s)")


if __name__ == "__main__":
    main()
