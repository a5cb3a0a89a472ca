"""The site builds with `mkdocs build --strict` and loads nothing from another origin."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Links *to* other sites are fine; loading from them is not.
LOADS = re.compile(r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["']?(https?:)?//|"""
                   r"""<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|preconnect|dns-prefetch|icon|modulepreload|manifest))"""
                   r"""[^>]*\bhref=["']?(https?:)?//|@import\s+url\(["']?(https?:)?//|url\(["']?https?://""",
                   re.IGNORECASE)


def test_site_builds_strict_and_private(tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    index = (site / "index.html").read_text()
    assert "information, not legal advice" in index
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(errors="replace")
            # The preconnect/stylesheet links Material adds for Google Fonts would match here.
            if LOADS.search(text) or "fonts.googleapis" in text or "fonts.gstatic" in text:
                offenders.append(str(path.relative_to(site)))
    assert offenders == []
    shutil.rmtree(site)
