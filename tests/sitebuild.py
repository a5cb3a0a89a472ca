"""Building the site for tests: `mkdocs build --strict` of the English site into a folder of the
test's choosing, then of the Spanish site (mkdocs.es.yml) into its es/ folder, as `make build` does."""

import os
import subprocess
import sys
from pathlib import Path

CONFIGS = (("mkdocs.yml", ""), ("mkdocs.es.yml", "es"))


def build(root: Path, site: Path, env_extra=None, configs=CONFIGS) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    stderr = []
    for config, folder in configs:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
                                 "--site-dir", str(site / folder)],
                                cwd=root, capture_output=True, text=True, env=env)
        stderr.append(result.stderr)
        if result.returncode != 0:
            break
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, "".join(stderr))
