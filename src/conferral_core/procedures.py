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
from .rules import Deadline, Judge, Procedure

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
    if d.next_business_day:
        found = periods.next_business_day(cal, _day(anchor))
        state = cat.lookup("states", cal.court.state)
        steps = [_step(cat, "nbd.start", "order", start=found.start)]
        steps += [explain.skip_step(cat, s, periods.AFTER, periods.DAYS, cal.court.state) for s in found.skips]
        steps += [_step(cat, "nbd.state-open", "order", day=s.day, name=cat.data(s.holiday.name), state=state)
                  for s in found.open_state_days]
        steps.append(_step(cat, "nbd.ends", "order", day=found.day))
        due = safe = found.day
        for s in found.open_state_days:
            warnings.append({"id": "business-day", "text": cat.text("warnings", "business-day", day=s.day,
                                                                   name=cat.data(s.holiday.name), state=state)})
    else:
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
        steps.append(_step(cat, "clock.before" if d.next_business_day else "clock.at", "order",
                           time=cat.time(d.clock)))
    entry = {"id": d.id, "title": d.title, "anchor": d.anchor, "due": explain.iso(due), "safe_due": explain.iso(safe),
             "due_text": explain.text_of(cat, due), "safe_due_text": explain.text_of(cat, safe),
             "steps": steps, "warnings": warnings, "source": d.source.to_json()}
    if d.note:
        entry["note"] = d.note
    if d.group:
        entry["group"] = d.group
    return entry


def compute(cat: Catalog, judge: Judge, proc: Procedure, events: dict[str, Moment], service: str | None,
            conditions: set[str]) -> dict[str, Any]:
    cal = calendars.calendar(judge.court)
    out: dict[str, Any] = {"judge": judge.id, "procedure": proc.id, "time_zone": cal.court.time_zone,
                           "deadlines": [], "windows": [], "checks": [], "earliest": [], "warnings": [],
                           "missing": []}
    wanted: dict[str, list[str]] = {}  # missing event -> titles it would unlock

    for d in proc.deadlines:
        if not applies(d, conditions):
            continue
        if d.anchor not in events:
            wanted.setdefault(d.anchor, []).append(d.title)
            continue
        out["deadlines"].append(_deadline(cat, cal, proc, d, events[d.anchor], service))

    for w in proc.windows:
        if w.anchor not in events:
            wanted.setdefault(w.anchor, []).append(w.title)
            continue
        day = _day(events[w.anchor])
        start, end = day + dt.timedelta(days=w.first_day), day + dt.timedelta(days=w.last_day)
        window = {"id": w.id, "title": w.title, "anchor": w.anchor, "start": start.isoformat(), "end": end.isoformat(),
                  "start_text": cat.date(start), "end_text": cat.date(end), "source": w.source.to_json()}
        if w.note:
            window["note"] = w.note
        out["windows"].append(window)

    for c in proc.checks:
        if not applies(c, conditions):
            continue
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
                              "min_days": c.min_days, "source": c.source.to_json()})

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
        out["missing"].append({"event": event_id, "label": ev.label, "for": titles,
                               "text": cat.text("checks", "missing", label=ev.label, titles="; ".join(titles))})
    return out


def _parse(value: str) -> Moment:
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
