"""Property tests (Hypothesis) for the counting laws and for the API's never-raise contract."""

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conferral_core import api, calendars
from conferral_core.calendars import FEDERAL, PRESIDENTIAL, STATE

CAL = calendars.calendar("caed")
FIRST, LAST = dt.date(2009, 12, 1), dt.date(2058, 12, 31)

dates = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=1, max_value=400)
directions = st.sampled_from(["after", "before"])
services = st.sampled_from([None, "electronic", "mail", "clerk", "consent", "personal"])
courts = st.sampled_from(["caed", "cand"])


def ask(court, start, n, direction, service, unit="days"):
    request = {"kind": "period", "court": court, "from": start, unit: n, "direction": direction}
    if service is not None and direction == "after":
        request["service"] = service
    answer = api.handle(request)
    assert "error" not in answer, (request, answer)
    return answer


def closed_for(day, direction):
    """Is `day` one the rule's reading says a period may not end on?"""
    if day.weekday() >= 5:
        return True
    for h in CAL.holidays_on(day):
        if h.kind in (FEDERAL, PRESIDENTIAL) or (h.kind == STATE and direction == "after"):
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(courts, dates, counts, directions, services)
def test_due_never_on_a_weekend_or_legal_holiday(court, start, n, direction, service):
    answer = ask(court, start.isoformat(), n, direction, service)
    due = dt.date.fromisoformat(answer["due"])
    assert not closed_for(due, direction)
    safe = dt.date.fromisoformat(answer["safe_due"])
    assert safe.weekday() < 5
    assert not any(h.kind == PRESIDENTIAL or (h.kind == FEDERAL and not h.observed) for h in CAL.holidays_on(safe))


@settings(max_examples=400, deadline=None)
@given(dates, counts, directions)
def test_due_moves_only_in_the_direction_of_the_count(start, n, direction):
    answer = ask("caed", start.isoformat(), n, direction, None)
    due = dt.date.fromisoformat(answer["due"])
    naive = start + dt.timedelta(days=n if direction == "after" else -n)
    assert due >= naive if direction == "after" else due <= naive


@settings(max_examples=400, deadline=None)
@given(dates, counts, directions, services)
def test_safe_due_is_never_later_than_due(start, n, direction, service):
    answer = ask("cand", start.isoformat(), n, direction, service)
    assert answer["safe_due"] <= answer["due"]
    if answer["safe_due"] != answer["due"]:
        assert answer["warnings"], "an earlier safe date must come with a warning that says why"
    if direction == "before":
        assert answer["safe_due"] == answer["due"]


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=1, max_value=30), counts, directions, services)
def test_a_later_trigger_never_gives_an_earlier_due(start, gap, n, direction, service):
    first = ask("caed", start.isoformat(), n, direction, service)
    later = ask("caed", (start + dt.timedelta(days=gap)).isoformat(), n, direction, service)
    assert later["due"] >= first["due"]
    assert later["safe_due"] >= first["safe_due"]


moments = st.datetimes(min_value=dt.datetime(2009, 12, 1), max_value=dt.datetime(2058, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0))


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(min_value=1, max_value=24 * 60), directions)
def test_hour_periods_end_on_open_days_and_never_before_the_naive_time(start, n, direction):
    answer = api.handle({"kind": "period", "court": "caed", "from": start.strftime("%Y-%m-%dT%H:%M"),
                         "hours": n, "direction": direction})
    if "error" in answer:
        assert answer["error"]["code"] in ("time-gap", "time-twice")
        return
    due = dt.datetime.fromisoformat(answer["due"])
    assert not closed_for(due.date(), direction)
    assert answer["safe_due"] <= answer["due"]
    # Wall-clock bound, loose by one hour for a clock change in between.
    naive = start + dt.timedelta(hours=n if direction == "after" else -n)
    slack = dt.timedelta(hours=1)
    assert due >= naive - slack if direction == "after" else due <= naive + slack


def _deep(n):
    value = []
    for _ in range(n):
        value = [value]
    return value


# Values that once made the error path itself raise (a deep list, a number too long to print).
hostile = st.sampled_from([_deep(400), 10 ** 4000, -(10 ** 4000), "x" * 100_000, {"k": _deep(300)}])  # deeper: tests/test_api.py
json_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
                | hostile)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
field_values = st.one_of(json_values, dates.map(str), moments.map(lambda m: m.strftime("%Y-%m-%dT%H:%M")),
                         st.integers(min_value=-5, max_value=5000), courts,
                         st.sampled_from(["after", "before", "mail", "electronic"]))
judge_ids = st.sampled_from(["caed-claire", "cand-spero", "caed-mcauliffe", "caed-newman", "caed-x"])
procedure_ids = st.sampled_from(["lr251", "informal-conference", "discovery-dispute", "ordered-conferral", "x"])
event_maps = st.dictionaries(st.sampled_from(["filing", "hearing", "request", "conference", "demand", "meeting",
                                              "order", "service", "nope"]),
                             field_values | moments.map(lambda m: m.strftime("%Y-%m-%dT%H:%M")), max_size=4)
mode_lists = st.lists(st.sampled_from(["in-person", "phone", "video", "letter", "email", "fax"]), max_size=3)
pdfs = st.sampled_from(["", "JVBERi0xLjQK", "JVBERi0xLjQKJeLjz9MK", "!!!"]) | st.binary(max_size=64).map(
    lambda b: __import__("base64").b64encode(b"%PDF-1.4\n" + b).decode())
requests = st.fixed_dictionaries(
    {"kind": st.sampled_from(["period", "calendar", "courts", "judges", "judge", "deadlines", "conferral",
                              "letter", "document", "source", "examples", "nope"]) | json_values},
    optional={**{k: field_values for k in ("court", "from", "days", "hours", "direction", "service", "year", "lang")},
              "judge": judge_ids | field_values, "procedure": procedure_ids | field_values,
              "events": event_maps | field_values, "modes": mode_lists | field_values,
              "participants": st.lists(st.sampled_from(["lead-trial-counsel", "counsel", "party", "x"]), max_size=2),
              "response_hours": st.integers(-5, 100) | field_values, "conditions": st.lists(
                  st.sampled_from(["with-joint-statement", "rule-251e", "x"]), max_size=2),
              "pdf": pdfs | field_values, "text": st.text(max_size=200) | field_values,
              "doc": st.sampled_from(["frcp-6", "claire-informal-conferences", "x"]) | field_values,
              "date": dates.map(str) | field_values},
)


# `make fuzz` runs this with 10,000 requests; the ordinary test run uses fewer.
FUZZ_EXAMPLES = int(os.environ.get("CONFERRAL_FUZZ_EXAMPLES", "2000"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests | json_values)
def test_handle_never_raises_and_never_fails_internally(request):
    answer = api.handle(request)
    assert isinstance(answer, dict)
    if "error" in answer:
        assert answer["error"]["code"] != "internal", (request, answer)
        assert set(answer["error"]) == {"code", "field", "message"}
        assert len(answer["error"]["message"]) < 600  # values are cut short, never echoed whole
