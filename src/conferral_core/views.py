"""Plain-JSON views of judges and their procedures, for the `judges` and `judge` API kinds.

The site build and the browser read judges only through these views (via api.handle), so
the data model can change without touching them.
"""

from __future__ import annotations

from typing import Any

from . import rules
from .messages import Catalog
from .rules import Deadline, Judge, Procedure, Requirement, Window


def _status(judge: Judge) -> dict[str, Any]:
    s = judge.status
    out = {"value": s.value, "as_of": s.as_of.isoformat(), "cite": s.cite}
    if s.date:
        out["date"] = s.date.isoformat()
    return out


def judge_summary(judge: Judge) -> dict[str, Any]:
    return {"id": judge.id, "name": judge.name, "court": judge.court, "initials": judge.initials,
            "location": judge.location, "status": _status(judge), "verified": judge.verified.isoformat(),
            "procedures": [{"id": p.id, "title": p.title} for p in judge.procedures]}


def requirement(r: Requirement) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "text": r.text, **r.fields, "owner": r.owner, "source": r.source.to_json()}


def _conditions(item: Any) -> dict[str, Any]:
    out = {}
    if item.when:
        out["when"] = list(item.when)
    if item.unless:
        out["unless"] = list(item.unless)
    return out


def deadline_rule(cat: Catalog, p: Procedure, d: Deadline) -> str:
    """The deadline's rule in words: "at least 24 hours before the phone conference"."""
    anchor = p.event(d.anchor).noun
    unit = cat.lookup("units", d.unit[:-1] if d.count == 1 else d.unit)
    clock = cat.time(d.clock) if d.clock else None
    if d.next_business_day:
        key = "next-business-day.clock" if clock else "next-business-day"
    else:
        key = f"{d.direction}.clock" if clock else d.direction
    return cat.text("rule-words", key, count=d.count, unit=unit, anchor=anchor, clock=clock)


def window_rule(cat: Catalog, p: Procedure, w: Window) -> str:
    return cat.text("rule-words", "window", first=w.first_day, last=w.last_day, anchor=p.event(w.anchor).noun)


def procedure(p: Procedure, viewer: str, cat: Catalog) -> dict[str, Any]:
    """A procedure as seen from a judge's or a court's page (`viewer` is that judge or court id)."""
    deadlines = []
    for d in p.deadlines:
        entry = {"id": d.id, "title": d.title, "rule": deadline_rule(cat, p, d), "anchor": d.anchor,
                 "count": d.count, "unit": d.unit,
                 "direction": d.direction, "next_business_day": d.next_business_day,
                 "clock": d.clock.strftime("%H:%M") if d.clock else None, "group": d.group, "note": d.note,
                 **_conditions(d), "source": d.source.to_json()}
        deadlines.append(entry)
    return {
        "id": p.id, "title": p.title, "summary": p.summary, "owner": p.owner, "inherited": p.owner != viewer,
        "events": [{"id": e.id, "label": e.label, "noun": e.noun, "type": e.type, "hint": e.hint,
                    "served": e.served} for e in p.events],
        "conditions": [{"id": c.id, "label": c.label} for c in p.conditions],
        "deadlines": deadlines,
        "windows": [{"id": w.id, "title": w.title, "rule": window_rule(cat, p, w), "anchor": w.anchor,
                     "first_day": w.first_day,
                     "last_day": w.last_day, "note": w.note, "source": w.source.to_json()} for w in p.windows],
        "checks": [{"id": c.id, "title": c.title, "first": c.first, "second": c.second, "min_days": c.min_days,
                    **_conditions(c), "source": c.source.to_json()} for c in p.checks],
        "requirements": [requirement(r) for r in p.requirements],
    }


def judge_detail(judge: Judge, cat: Catalog) -> dict[str, Any]:
    court = rules.court_rules(cat.lang)[judge.court]
    out = {**judge_summary(judge), "title": judge.title, "court_name": court.court.name,
           "court_short_name": court.court.short_name, "time_zone": court.court.time_zone,
           "court_requirements": [requirement(r) for r in court.requirements],
           "procedures": [procedure(p, judge.id, cat) for p in judge.procedures]}
    if judge.chambers:
        out["chambers"] = {"text": judge.chambers, "source": judge.chambers_source.to_json()}
    return out


def court_detail(court_id: str, cat: Catalog) -> dict[str, Any]:
    own = rules.court_rules(cat.lang)[court_id]
    court = own.court
    return {"id": court.id, "name": court.name, "short_name": court.short_name, "time_zone": court.time_zone,
            "state": court.state, "checked": court.checked.isoformat(),
            "requirements": [requirement(r) for r in own.requirements],
            "procedures": [procedure(p, court.id, cat) for p in own.procedures],
            "judges": [judge_summary(j) for j in rules.judges(cat.lang).values() if j.court == court_id]}
