"""Building the site for tests: `mkdocs build --strict` into a folder of the test's choosing."""

import os
import subprocess
import sys
from pathlib import Path


def build(root: Path, site: Path, env_extra=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=root, capture_output=True, text=True, env=env)
