from pathlib import Path

import pytest

from conferral_core import api
from sitebuild import TEST_SITE_URL, build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The whole site, built once per test run with `mkdocs build --strict`, for a public address
    (CONFERRAL_SITE_URL) as a build for a host is."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = build(ROOT, out, {"CONFERRAL_SITE_URL": TEST_SITE_URL})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


@pytest.fixture
def period():
    """Call the API's `period` kind and fail loudly on an error answer."""

    def run(court="caed", **fields):
        answer = api.handle({"kind": "period", "court": court, **fields})
        assert "error" not in answer, answer
        return answer

    return run
