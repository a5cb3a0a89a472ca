"""Turn a computed period into the steps and warnings a person reads.

Each step is {"id", "text", "rule"}: the message id (so a page can translate it), the
sentence in the requested language, and the part of FRCP 6 it applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .calendars import FEDERAL, PRESIDENTIAL, STATE
from .messages import Catalog
from .periods import (AFTER, BUSINESS_DAYS, BUSINESS_UNITS, COURT_DAYS, DAYS, HOURS, Counted, Ended, EventDay, Gate,
                      LastDayEnds, NotCounted, OpenStateDay, Result, Rolled, ServiceAdded, Skip)

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


# The catalog key of each unit's word ([units], in its plural forms).
UNIT_WORDS = {DAYS: "day", HOURS: "hour", BUSINESS_DAYS: "business-day", COURT_DAYS: "court-day"}


def unit_word(cat: Catalog, unit: str, count: int) -> str:
    return cat.text("units", cat.plural(UNIT_WORDS[unit], count))


def _holiday_params(cat: Catalog, skip: Skip, state: str) -> dict[str, Any]:
    h = skip.holiday
    return {"day": skip.day, "weekday": cat.weekday(skip.day), "name": cat.data(h.name) if h else "",
            "citation": h.citation if h else "", "actual": h.actual if h else None,
            "state": cat.lookup("states", state)}


def _kind_of(skip: Skip) -> str:
    h = skip.holiday
    if h is None:
        return "weekend"
    return "observed" if h.kind == FEDERAL and h.observed else h.kind


def skip_step(cat: Catalog, skip: Skip, direction: str, unit: str, state: str) -> dict[str, str]:
    """A day the period rolled past (6(a)(1)(C), 6(a)(2)(C) or 6(a)(5)) and why."""
    roll_rule = ("6(a)(1)(C)" if unit != HOURS else "6(a)(2)(C)") if direction == AFTER else "6(a)(5)"
    rule = roll_rule if skip.holiday is None else f"{roll_rule}, {HOLIDAY_RULES[skip.holiday.kind]}"
    return _step(cat, f"skip.{_kind_of(skip)}.{direction}", rule, **_holiday_params(cat, skip, state))


def render(cat: Catalog, gate: Gate, state: str, event: str | None = None) -> dict[str, str] | None:
    """One gate of the trace as a step a person reads (None: nothing to say). `event`: what the
    period is counted from, as a sentence names it ("the demand"); None: the event, in general."""
    if isinstance(gate, EventDay):
        key = "hours.event" if gate.unit == HOURS else "days.event"
        return _step(cat, key, gate.rule, start=gate.start, event=event or cat.lookup("words", "event"))
    if isinstance(gate, Counted):
        word = unit_word(cat, gate.unit, gate.count)
        if gate.unit == HOURS:
            return _step(cat, f"hours.count.{gate.direction}", gate.rule, count=gate.count, moment=gate.reaches, unit=word)
        key = "business.count" if gate.unit in BUSINESS_UNITS else "days.count"
        return _step(cat, f"{key}.{gate.direction}", gate.rule, count=gate.count, day=gate.reaches, unit=word)
    if isinstance(gate, Rolled):
        return skip_step(cat, gate.skip, gate.direction, gate.unit, state)
    if isinstance(gate, NotCounted):
        rule = gate.rule if gate.skip.holiday is None else HOLIDAY_RULES[gate.skip.holiday.kind]
        return _step(cat, f"business.{_kind_of(gate.skip)}.{gate.direction}", rule,
                     **_holiday_params(cat, gate.skip, state))
    if isinstance(gate, OpenStateDay):
        return _step(cat, "business.state-open", gate.rule, **_holiday_params(cat, Skip(gate.day, gate.holiday), state))
    if isinstance(gate, Ended):
        if gate.unit == HOURS:
            return _step(cat, "hours.ends", gate.rule, moment=gate.end)
        return _step(cat, "business.ends" if gate.unit in BUSINESS_UNITS else "days.ends", gate.rule, day=gate.end)
    if isinstance(gate, ServiceAdded):
        return _step(cat, "service.adds", gate.rule, method=cat.lookup("service", gate.method), days=gate.days,
                     day=gate.reaches)
    if isinstance(gate, LastDayEnds):
        return _step(cat, "last-day", gate.rule, zone=cat.lookup("zones", gate.zone))
    raise AssertionError(f"unknown gate {gate!r}")


def steps(cat: Catalog, result: Result, last_day: bool = True, event: str | None = None) -> list[dict[str, str]]:
    """The steps of the count, rendered from its trace. `last_day=False` leaves out Rule 6(a)(4)'s
    end-of-day step, for deadlines that an order fixes at a clock time. `event`: the noun of the
    event the period is counted from, which the first step names."""
    state = result.period.calendar.court.state
    out = []
    for gate in result.rule.trace:
        if isinstance(gate, LastDayEnds) and not last_day:
            continue
        step = render(cat, gate, state, event)
        if step is not None:
            out.append(step)
    return out


def warnings(cat: Catalog, result: Result) -> list[dict[str, str]]:
    out = []
    state = cat.lookup("states", result.period.calendar.court.state)
    for key, other, culprit in result.disputes:
        params: dict[str, Any] = {"due": result.due, "safe_due": result.safe_due, "other": other.due,
                                  "state": state}
        if culprit is not None:
            assert culprit.holiday is not None  # periods._culprit gives only days a holiday closes
            params.update(day=culprit.day, name=cat.data(culprit.holiday.name), actual=culprit.holiday.actual)
        out.append({"id": key, "text": cat.text("warnings", key, **params)})
    return out


def later(cat: Catalog, result: Result, due: str) -> str:
    """Why the rule's own date (`due`, as said) is later than the safe date, in one or two short
    sentences: the reason of the first reading that gives an earlier date (see `warnings`)."""
    key, _, culprit = result.disputes[0]  # a safe date earlier than the rule's comes with its reason
    params: dict[str, Any] = {"due": due, "state": cat.lookup("states", result.period.calendar.court.state)}
    if culprit is not None:
        assert culprit.holiday is not None  # periods._culprit gives only days a holiday closes
        params.update(day=culprit.day, name=cat.data(culprit.holiday.name), actual=culprit.holiday.actual)
    return cat.text("later", key, **params)


def holiday_entry(cat: Catalog, h: Any) -> dict[str, Any]:
    entry = {"date": h.date.isoformat(), "name": cat.data(h.name), "kind": h.kind, "rule": HOLIDAY_RULES[h.kind],
             "citation": h.citation, "forward_only": h.forward_only}
    if h.actual is not None:
        entry["observed_for"] = h.actual.isoformat()
    if h.note:
        entry["note"] = cat.data(h.note)
    return entry
