"""Building the site for tests as `make build` does: `mkdocs build --strict` once per language of
the core's catalogs (CONFERRAL_LANG), English first into the test's folder, each other language
into its <lang>/ folder (the plugin adds the folder)."""

import os
import subprocess
import sys
from pathlib import Path

from conferral_core.messages import LANGUAGES

# The public address the tests' site is built for (CONFERRAL_SITE_URL): a reserved .test name,
# unlike the placeholder a build without it gets (pages.PLACEHOLDER_SITE_URL), so a test can tell
# the setting was used.
TEST_SITE_URL = "https://conferral.test/"


def build(root: Path, site: Path, env_extra=None, languages=LANGUAGES) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    stderr = []
    for lang in languages:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                                cwd=root, capture_output=True, text=True, env={**env, "CONFERRAL_LANG": lang})
        stderr.append(result.stderr)
        if result.returncode != 0:
            break
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, "".join(stderr))
