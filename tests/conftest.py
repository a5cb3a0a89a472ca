import pytest

from conferral_core import api


@pytest.fixture
def period():
    """Call the API's `period` kind and fail loudly on an error answer."""

    def run(court="caed", **fields):
        answer = api.handle({"kind": "period", "court": court, **fields})
        assert "error" not in answer, answer
        return answer

    return run
