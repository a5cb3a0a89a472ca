"""Data integrity: the strict loader rejects bad files, and the shipped data is clean."""

import datetime as dt
from pathlib import Path

import pytest

from conferral_core import calendars, loader, periods
from conferral_core.loader import DataError

INVALID = sorted((Path(__file__).parent / "fixtures" / "invalid").glob("*.toml"))
PARSERS = {"court": ("courts", calendars.parse_court), "holidays": ("holidays", calendars.parse_holiday_set)}


def header(path, name):
    line = next(l for l in path.read_text().splitlines() if l.startswith(f"# {name}: "))
    return line.split(": ", 1)[1]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_data_is_rejected_with_file_and_key(path):
    folder, parse = PARSERS[header(path, "kind")]
    file = f"{folder}/{path.name}"
    with pytest.raises(DataError) as err:
        parse(file, loader.parse(path.read_text(), file))
    assert str(err.value).startswith(header(path, "expect"))


def test_every_shipped_data_file_loads():
    assert calendars.courts()
    for court in calendars.courts():
        cal = calendars.calendar(court)
        assert cal.first_year <= 1990 and cal.last_year >= 2060
        for year in range(cal.first_year, cal.last_year + 1):
            cal.holidays_in(year)
    assert periods.frcp6().in_force_from == dt.date(2009, 12, 1)
    for name in loader.list_dir("holidays"):
        calendars.parse_holiday_set(f"holidays/{name}", loader.load(f"holidays/{name}"))


def test_holiday_ids_are_unique_within_each_file():
    for name in loader.list_dir("holidays"):
        raw = loader.load(f"holidays/{name}")
        ids = [h["id"] for h in raw.get("holiday", [])]
        assert len(ids) == len(set(ids)), name
        closures = [c["date"] for c in raw.get("closure", [])]
        assert closures == sorted(closures) and len(closures) == len(set(closures)), name


def test_every_holiday_has_a_citation():
    for court in calendars.courts():
        for year in (1990, 2026, 2060):
            for h in calendars.calendar(court).holidays_in(year):
                assert h.citation.strip() and h.rule.startswith("6(a)(6)(")


def test_messages_use_only_known_sections():
    en = loader.load("messages/en.toml")
    assert {"format", "steps", "warnings", "errors", "service"} <= set(en)


def test_every_error_code_the_api_raises_has_a_message():
    import re
    source = (Path(calendars.__file__).parent / "api.py").read_text()
    codes = set(re.findall(r'ApiError\(\s*"([a-z-]+)"', source))
    codes |= set(re.findall(r'"(time-gap)" if', source))
    errors = loader.load("messages/en.toml")["errors"]
    assert codes and codes <= set(errors), codes - set(errors)


def test_every_step_the_engine_can_emit_has_a_message():
    steps = loader.load("messages/en.toml")["steps"]
    wanted = {f"skip.{k}.{d}" for k in ("weekend", "federal", "observed", "presidential") for d in ("after", "before")}
    wanted |= {"skip.state.after", "days.event", "hours.event", "days.ends", "hours.ends", "service.adds", "last-day"}
    wanted |= {f"{u}.count.{d}" for u in ("days", "hours") for d in ("after", "before")}
    assert wanted <= set(steps), wanted - set(steps)


def test_data_parsed_ahead_is_used_only_for_the_exact_text_it_was_made_from(monkeypatch):
    from conferral_core import loader

    data = Path(loader.__file__).parent / "data" / "messages"
    text, other = (data / "en.toml").read_text(encoding="utf-8"), (data / "es.toml").read_text(encoding="utf-8")
    marked = {**loader.parse(text, "messages/en.toml"), "parsed": "ahead"}
    # es.toml's parse made before an edit: its key is the old text, so the file is parsed again.
    ahead = {loader.text_digest(text): marked, loader.text_digest(other.replace("=", " = ", 1)): {"parsed": "stale"}}
    monkeypatch.setattr(loader, "_parsed_ahead", lambda: ahead)
    loader.load.cache_clear()
    try:
        assert loader.load("messages/en.toml") is marked  # the same text: the parse made ahead
        assert loader.load("messages/es.toml").get("parsed") is None  # edited since: parsed now
        loader.load.cache_clear()
        assert loader.load("messages/en.toml").get("parsed") is None  # handed out once; then parsed again
    finally:
        loader.load.cache_clear()
