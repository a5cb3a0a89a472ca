"""Turn a computed period into the steps and warnings a person reads.

Each step is {"id", "text", "rule"}: the message id (so a page can translate it), the
sentence in the requested language, and the part of FRCP 6 it applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .calendars import FEDERAL, PRESIDENTIAL, STATE
from .messages import Catalog
from .periods import AFTER, DAYS, Result, Skip

HOLIDAY_RULES = {FEDERAL: "6(a)(6)(A)", PRESIDENTIAL: "6(a)(6)(B)", STATE: "6(a)(6)(C)"}


def iso(value: dt.date | dt.datetime) -> str:
    """Dates as YYYY-MM-DD; moments as court-local YYYY-MM-DDTHH:MM."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def text_of(cat: Catalog, value: dt.date | dt.datetime) -> str:
    """A date or moment as a person reads it ("Mon Dec 7, 2026 at 10:00 a.m.")."""
    return cat.datetime(value) if isinstance(value, dt.datetime) else cat.date(value)


def _step(cat: Catalog, key: str, rule: str, **params: Any) -> dict[str, str]:
    return {"id": key, "text": cat.text("steps", key, **params), "rule": rule}


def skip_step(cat: Catalog, skip: Skip, direction: str, unit: str, state: str) -> dict[str, str]:
    roll_rule = ("6(a)(1)(C)" if unit == DAYS else "6(a)(2)(C)") if direction == AFTER else "6(a)(5)"
    h = skip.holiday
    if h is None:
        return _step(cat, f"skip.weekend.{direction}", roll_rule, day=skip.day, weekday=cat.weekday(skip.day))
    kind = "observed" if h.kind == FEDERAL and h.observed else h.kind
    return _step(cat, f"skip.{kind}.{direction}", f"{roll_rule}, {HOLIDAY_RULES[h.kind]}", day=skip.day,
                 name=cat.data(h.name), citation=h.citation, actual=h.actual, state=cat.lookup("states", state))


def steps(cat: Catalog, result: Result, last_day: bool = True) -> list[dict[str, str]]:
    """The steps of the count. `last_day=False` leaves out Rule 6(a)(4)'s end-of-day step, for
    deadlines that an order fixes at a clock time."""
    p, o = result.period, result.rule
    state = p.calendar.court.state
    if p.unit == DAYS:
        out = [_step(cat, "days.event", "6(a)(1)(A)", start=p.start),
               _step(cat, f"days.count.{p.direction}", "6(a)(1)(B)", count=p.count, day=o.naive,
                     unit=cat.lookup("units", "day" if p.count == 1 else "days"))]
    else:
        out = [_step(cat, "hours.event", "6(a)(2)(A)", start=p.start),
               _step(cat, f"hours.count.{p.direction}", "6(a)(2)(B)", count=p.count, moment=o.naive,
                     unit=cat.lookup("units", "hour" if p.count == 1 else "hours"))]
    out += [skip_step(cat, s, p.direction, p.unit, state) for s in o.skips]
    out.append(_ends(cat, p.unit, o.end))
    if o.added:
        out.append(_step(cat, "service.adds", "6(d)", method=cat.lookup("service", p.service),
                         days=o.added.days, day=o.after_added))
        out += [skip_step(cat, s, AFTER, p.unit, state) for s in o.skips_after_added]
        out.append(_ends(cat, p.unit, o.final))
    if p.unit == DAYS and last_day:
        zone = cat.lookup("zones", p.calendar.court.time_zone)
        out.append(_step(cat, "last-day", "6(a)(4)", zone=zone))
    return out


def _ends(cat: Catalog, unit: str, end: dt.date | dt.datetime) -> dict[str, str]:
    if unit == DAYS:
        return _step(cat, "days.ends", "6(a)(1)(C)", day=end)
    return _step(cat, "hours.ends", "6(a)(2)(C)", moment=end)


def warnings(cat: Catalog, result: Result) -> list[dict[str, str]]:
    out = []
    state = cat.lookup("states", result.period.calendar.court.state)
    for key, other, culprit in result.disputes:
        params: dict[str, Any] = {"due": result.due, "safe_due": result.safe_due, "other": other.due,
                                  "state": state}
        if culprit is not None:
            params.update(day=culprit.day, name=cat.data(culprit.holiday.name), actual=culprit.holiday.actual)
        out.append({"id": key, "text": cat.text("warnings", key, **params)})
    return out


def holiday_entry(cat: Catalog, h: Any) -> dict[str, Any]:
    entry = {"date": h.date.isoformat(), "name": cat.data(h.name), "kind": h.kind, "rule": HOLIDAY_RULES[h.kind],
             "citation": h.citation, "forward_only": h.forward_only}
    if h.actual is not None:
        entry["observed_for"] = h.actual.isoformat()
    if h.note:
        entry["note"] = cat.data(h.note)
    return entry
