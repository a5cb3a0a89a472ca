"""The committed holiday calendars (2000-2040) must equal what the code produces now.

A failure here means a rule or data change moved a date. If that was intended, run
`make golden` and commit the reviewed diff.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("make_golden", ROOT / "scripts" / "make_golden.py")
make_golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_golden)


@pytest.mark.parametrize("court", ["caed", "cand"])
def test_golden_calendar_is_current(court):
    committed = (ROOT / "tests" / "golden" / "calendars" / f"{court}.json").read_text(encoding="utf-8")
    assert make_golden.render(court) == committed, "holiday dates changed: run `make golden` and review the diff"


def test_golden_calendar_is_plain_json_with_every_year():
    data = json.loads((ROOT / "tests" / "golden" / "calendars" / "caed.json").read_text(encoding="utf-8"))
    years = {h["date"][:4] for h in data["holidays"]}
    assert years == {str(y) for y in range(2000, 2041)}
    assert {"date": "2027-03-31", "forward_only": True, "kind": "state", "name": "Cesar Chavez Day",
            "rule": "6(a)(6)(C)"}.items() <= next(h for h in data["holidays"] if h["date"] == "2027-03-31").items()
