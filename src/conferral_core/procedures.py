"""The procedure engine: a judge's procedure + the dates a person enters -> every deadline,
window and check that can be computed, each with its steps and its source.

Deadlines are counted by periods.py (FRCP 6), so a judge's "within 10 calendar days" and the
court calendar's holidays work the same everywhere. Missing events leave their deadlines
out, with a note saying what to enter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import calendars, explain, periods
from .messages import Catalog
from .rules import ALWAYS, Deadline, Judge, Procedure

Moment = dt.date | dt.datetime


def applies(item: Any, conditions: set[str]) -> bool:
    """`when`: only if one of these conditions holds; `unless`: not if any of them holds."""
    if item.when and not conditions.intersection(item.when):
        return False
    return not conditions.intersection(item.unless)


def _day(value: Moment) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _at_clock(cal: calendars.Calendar, day: dt.date, clock: dt.time) -> dt.datetime:
    from zoneinfo import ZoneInfo
    return dt.datetime.combine(day, clock, tzinfo=ZoneInfo(cal.court.time_zone))


def _step(cat: Catalog, key: str, rule: str, **params: Any) -> dict[str, str]:
    return {"id": key, "text": cat.text("steps", key, **params), "rule": rule}


def _deadline(cat: Catalog, cal: calendars.Calendar, proc: Procedure, d: Deadline, anchor: Moment,
              service: str | None) -> dict[str, Any]:
    event = proc.event(d.anchor)
    warnings: list[dict[str, str]] = []
    start = anchor if d.unit == periods.HOURS else _day(anchor)
    served_by = service if event is not None and event.served else None
    period = periods.Period(cal, start, d.count, d.unit, d.direction, served_by)
    result = periods.compute(period)
    steps = explain.steps(cat, result, last_day=d.clock is None)
    warnings = explain.warnings(cat, result)
    due, safe = result.due, result.safe_due
    if event is not None and event.served and service is None and d.direction == periods.AFTER:
        by_mail = periods.compute(periods.Period(cal, start, d.count, d.unit, d.direction, "mail"))
        warnings.append({"id": "service-unknown", "text": cat.text("warnings", "service-unknown",
                                                                   mail_due=by_mail.due)})
    if d.clock is not None:
        due, safe = _at_clock(cal, _day(due), d.clock), _at_clock(cal, _day(safe), d.clock)
        steps.append(_step(cat, "clock.before" if d.clock_edge == "before" else "clock.at", "order",
                           time=cat.time(d.clock)))
    def said(moment: Moment) -> str:
        # "before 12:00 noon" is not "at 12:00 noon": an order's "before" edge keeps its word.
        if d.clock is not None and d.clock_edge == "before":
            return cat.text("checks", "before-time", date=_day(moment), time=cat.time(d.clock))
        return explain.text_of(cat, moment)

    entry = {"id": d.id, "title": d.title, "anchor": d.anchor, "due": explain.iso(due), "safe_due": explain.iso(safe),
             "due_text": said(due), "safe_due_text": said(safe), "clock_edge": d.clock_edge if d.clock else None,
             "steps": steps, "warnings": warnings, "source": d.source.to_json(), "version": _version(cat, d)}
    if d.note:
        entry["note"] = d.note
    if d.group:
        entry["group"] = d.group
    return entry


def _version(cat: Catalog, item: Any) -> dict[str, str | None] | None:
    """Which dated version of a rule was applied, in words (None: the rule has one, undated version)."""
    if item.in_force == ALWAYS:
        return None
    span = item.in_force
    key = "version.range" if span.start and span.until else ("version.since" if span.start else "version.until")
    return {**span.to_json(), "text": cat.text("checks", key, start=span.start, end=span.until)}


def _in_force(cat: Catalog, items: Any, day_of: Any, out: dict[str, Any]) -> list[Any]:
    """The version of each item in force on the date it is counted from; items with versions but
    none in force then are reported in `out["outside"]`, never silently dropped or guessed."""
    by_id: dict[str, list[Any]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    chosen = []
    for item_id, versions in by_id.items():
        day = day_of(versions[0])
        if day is None:  # its event is missing: the caller reports that
            chosen.append(versions[0])
            continue
        found = [v for v in versions if v.in_force.covers(day)]
        if found:
            chosen.append(found[0])
            continue
        known = [v.in_force for v in versions]
        first = min((k.start for k in known if k.start), default=None)
        last = max((k.until for k in known if k.until), default=None) if all(k.until for k in known) else None
        out["outside"].append({"id": item_id, "title": versions[0].title, "date": day.isoformat(),
                               "text": cat.text("checks", "outside", title=versions[0].title, date=day,
                                                range=_known_range(cat, first, last))})
    return chosen


def _known_range(cat: Catalog, first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return cat.text("checks", "known.between", first=first, last=last)
    if first:
        return cat.text("checks", "known.from", first=first)
    return cat.text("checks", "known.until", last=last)


def compute(cat: Catalog, judge: Judge, proc: Procedure, events: dict[str, Moment], service: str | None,
            conditions: set[str]) -> dict[str, Any]:
    cal = calendars.calendar(judge.court)
    out: dict[str, Any] = {"judge": judge.id, "procedure": proc.id, "time_zone": cal.court.time_zone,
                           "deadlines": [], "windows": [], "checks": [], "earliest": [], "warnings": [],
                           "missing": []}
    out["outside"] = []
    wanted: dict[str, list[str]] = {}  # missing event -> titles it would unlock

    def anchor_day(item: Any) -> dt.date | None:
        return _day(events[item.anchor]) if item.anchor in events else None

    def first_day(item: Any) -> dt.date | None:
        return _day(events[item.first]) if item.first in events else None

    for d in _in_force(cat, [d for d in proc.deadlines if applies(d, conditions)], anchor_day, out):
        if d.anchor not in events:
            if d.title not in wanted.get(d.anchor, []):
                wanted.setdefault(d.anchor, []).append(d.title)
            continue
        out["deadlines"].append(_deadline(cat, cal, proc, d, events[d.anchor], service))

    for w in _in_force(cat, proc.windows, anchor_day, out):
        if w.anchor not in events:
            wanted.setdefault(w.anchor, []).append(w.title)
            continue
        day = _day(events[w.anchor])
        start, end = day + dt.timedelta(days=w.first_day), day + dt.timedelta(days=w.last_day)
        window = {"id": w.id, "title": w.title, "anchor": w.anchor, "start": start.isoformat(), "end": end.isoformat(),
                  "start_text": cat.date(start), "end_text": cat.date(end), "source": w.source.to_json(),
                  "version": _version(cat, w)}
        if w.note:
            window["note"] = w.note
        out["windows"].append(window)

    first: dt.date | dict[str, Any]  # a check's first day, then a group's earliest deadline
    for c in _in_force(cat, [c for c in proc.checks if applies(c, conditions)], first_day, out):
        missing = [e for e in (c.first, c.second) if e not in events]
        for e in missing:
            wanted.setdefault(e, []).append(c.title)
        if missing:
            continue
        first, second = _day(events[c.first]), _day(events[c.second])
        gap = (second - first).days
        ok = gap >= c.min_days
        earliest = first + dt.timedelta(days=c.min_days)
        text = (cat.text("checks", "gap.ok", title=c.title, gap=gap) if ok
                else cat.text("checks", "gap.short", title=c.title, gap=gap, need=c.min_days, earliest=earliest))
        out["checks"].append({"id": c.id, "title": c.title, "ok": ok, "text": text, "days": gap,
                              "min_days": c.min_days, "source": c.source.to_json(), "version": _version(cat, c)})

    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in out["deadlines"]:
        if "group" in entry:
            groups.setdefault(entry["group"], []).append(entry)
    for group, entries in groups.items():
        if len(entries) < 2:
            continue
        first = min(entries, key=lambda e: (e["safe_due"], e["due"]))
        out["earliest"].append({"group": group, "deadline": first["id"], "due": first["safe_due"],
                                "text": cat.text("checks", "earliest", title=first["title"],
                                                 due=_parse(first["safe_due"]), count=len(entries))})

    for event_id, titles in wanted.items():
        ev = proc.event(event_id)
        assert ev is not None  # anchors and checks name only events (rules._check_references)
        out["missing"].append({"event": event_id, "label": ev.label, "for": titles,
                               "text": cat.text("checks", "missing", label=ev.label, titles="; ".join(titles))})
    return out


def _parse(value: str) -> Moment:
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
