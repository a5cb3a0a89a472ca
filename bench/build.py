"""Site build time as the number of judges grows. Prints figures; asserts nothing.

Usage: .venv/bin/python bench/build.py [--compare REF] [N ...]    (default: 100 500 2000)

For each N it copies the site's sources (the core, the site package, the pages, mkdocs.yml) into
a temporary folder (never committed), adds N synthetic judges (copies of Judge Claire's file under
new ids), builds the English site with `mkdocs build --strict`, and prints the wall time and the
milliseconds per judge page over a build of the same copy with no synthetic judge. With
`--compare REF` it does the same for the sources of git commit REF first (before and after, in one
run, on the same machine). Goal (issue 4): 2000 judges in <= 15 s on the 2-core machine, growing
linearly.
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


def make_copy(source: Path, folder: Path, n: int) -> Path:
    copy = folder / f"n{n}"
    # The worked examples are the core's data (src/conferral_core/data/examples); a commit older
    # than that (--compare) kept them in tests/scenarios, which its mkdocs.yml names.
    for part in ("docs", "src", "site_plugins", "tests/scenarios"):
        if part == "tests/scenarios" and not (source / part).is_dir():
            continue
        shutil.copytree(source / part, copy / part)
    shutil.copy(source / "mkdocs.yml", copy / "mkdocs.yml")
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
    # The copy's own core and site package come first on the path (MkDocs finds the plugin by name).
    env = {**os.environ, "PYTHONPATH": f"{copy / 'src'}{os.pathsep}{copy / 'site_plugins'}",
           "NO_MKDOCS_2_WARNING": "1", "CONFERRAL_CHECKER": "false", "CONFERRAL_LANG": "en"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=copy, env=env, check=True)
    return time.perf_counter() - start


def sources_of(ref: str, folder: Path) -> Path:
    """The project's files at git commit `ref`."""
    out = folder / f"src-{ref}"
    out.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def run(label: str, source: Path, folder: Path, sizes: list[int]) -> None:
    folder.mkdir()
    base = build(make_copy(source, folder, 0))
    real = len(list((source / "src" / "conferral_core" / "data" / "judges").glob("*.toml")))
    print(f"{label}: baseline ({real} real judges): {base:.2f} s")
    for n in sizes:
        seconds = build(make_copy(source, folder, n))
        per_page = (seconds - base) / n * 1000
        print(f"{label}: N = {n:5d}: {seconds:6.2f} s total, {per_page:5.2f} ms per judge page "
              "(goal: 2000 in <= 15 s)")


def main() -> None:
    args = sys.argv[1:]
    compare = None
    if args[:1] == ["--compare"]:
        compare, args = args[1], args[2:]
    sizes = [int(a) for a in args] or [100, 500, 2000]
    with tempfile.TemporaryDirectory() as tmp:
        if compare:
            run(f"before ({compare})", sources_of(compare, Path(tmp)), Path(tmp) / "before", sizes)
        run("now", ROOT, Path(tmp) / "now", sizes)


if __name__ == "__main__":
    main()
