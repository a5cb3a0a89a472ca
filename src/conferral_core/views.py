"""Plain-JSON views of judges and their procedures, for the `judges` and `judge` API kinds.

The site build and the browser read judges only through these views (via api.handle), so
the data model can change without touching them.
"""

from __future__ import annotations

from typing import Any, cast

import datetime as dt

from . import explain, rules
from .loader import DataError
from .messages import Catalog
from .rules import ALWAYS, Check, Deadline, Event, Judge, Link, Procedure, Requirement, Source, Window


# Statuses a reader must notice before relying on the page (shown with a warning badge).
WARN_STATUSES = ("retired", "elevated", "unknown")


def status_view(judge: Judge, cat: Catalog, evidence: bool = True) -> dict[str, Any]:
    """The judge's status, the sentence that says it, and (with `evidence`) the sources it rests on,
    newest first. Lists of judges leave the evidence out: every judge's own file has it."""
    s = judge.status
    # "elevated": a magistrate judge who became a district judge here, or a judge who left this
    # court for a higher one (`to`), whatever the role they held here.
    key = s.value if s.value != "elevated" else ("elevated.left" if s.to else f"elevated.{judge.role}")
    out: dict[str, Any] = {
        "value": s.value, "as_of": s.as_of.isoformat(), "date": s.date.isoformat() if s.date else None,
        "text": cat.addressed("status", key, judge.form, name=judge.name, as_of=_month(cat, s.as_of),
                              date=s.date or s.as_of, to=s.to or ""),
        "label": cat.addressed("status", f"label.{key}", judge.form, as_of=_month(cat, s.as_of), date=s.date or s.as_of),
        "warn": s.value in WARN_STATUSES and key != "elevated.district",
        "secondary_only": s.secondary_only, "old": s.old}
    if evidence:
        out["evidence"] = [e.to_json() for e in s.evidence]
    if s.note:
        out["note"] = s.note
    return out


def _month(cat: Catalog, day: dt.date) -> str:
    """Evidence dates read as a month and year: most sources date a list or an order, not a day's events."""
    return cat.text("status", "month", month=cat.lookup("format", "months")[day.month - 1], year=day.year)


def newest_own_source(judge: Judge) -> dt.date | None:
    """The date of the newest dated source of the judge's own rules (None: no own rules, or undated)."""
    dates = [item.source.dated for p in judge.procedures for item in _items(p)
             if item.source.dated and (p.owner == judge.id or getattr(item, "owner", None) == judge.id)
             and getattr(item, "kind", None) not in rules.INFO_ONLY_KINDS]
    return max(dates, default=None)


def _items(p: Procedure) -> tuple[Any, ...]:
    return (*p.deadlines, *p.windows, *p.checks, *p.requirements)


def link_view(link: Link, cat: Catalog) -> dict[str, str]:
    return {"url": link.url, "kind": link.kind, "text": cat.lookup("links", link.kind),
            "found_in": cat.data(rules.sources()[link.doc]["title"])}


def caveats(judge: Judge, cat: Catalog, used: list[Source] | None = None) -> list[dict[str, str]]:
    """What a reader must know before trusting a computed date, shown inside every result and widget:
    the judge's status when it is not plainly sitting, rules that are only the court's, old sources."""
    out = []
    s = judge.status
    if s.value in WARN_STATUSES:  # a promotion here too: older case numbers carry the initials in the old role
        out.append({"id": f"status-{s.value}", "text": status_view(judge, cat)["text"]})
    elif s.secondary_only:
        out.append({"id": "status-secondary", "text": cat.addressed("caveats", "status-secondary", judge.form,
                                                                    name=judge.name, as_of=_month(cat, s.as_of))})
    if not judge.has_own_rules:
        out.append({"id": "court-rules-only", "text": cat.addressed("caveats", "court-rules-only", judge.form,
                                                                    name=judge.name)})
    sources = used if used is not None else [i.source for p in judge.procedures for i in _items(p)]
    old = sorted({src.dated.year for src in sources if src.old and src.dated})
    if old:
        out.append({"id": "old-source", "text": cat.text("caveats", "old-source", years=", ".join(map(str, old)),
                                                         limit=rules.OLD_AFTER_YEARS)})
    if any(rules.sources()[src.doc]["kind"] == "secondary" for src in sources):
        out.append({"id": "secondary-source", "text": cat.text("caveats", "secondary-source")})
    return out


def judge_summary(judge: Judge, cat: Catalog) -> dict[str, Any]:
    newest = newest_own_source(judge)
    return {"id": judge.id, "name": judge.name, "court": judge.court,
            "court_short_name": rules.court_rules()[judge.court].court.short_name, "role": judge.role,
            "title": judge.title,
            # How the court refers to the judge ("she", "he", or "unknown": no source found), and the
            # judge's name as a heading or list says it ("Jueza Sallie Kim"; for "unknown", neutral words).
            "address": judge.form, "addressed": cat.addressed("page", "judge.name", judge.form, name=judge.name),
            "initials": judge.initials, "location": judge.location, "status": status_view(judge, cat, evidence=False),
            "verified": judge.verified.isoformat(), "own_rules": judge.has_own_rules,
            "newest_source": newest.isoformat() if newest else None,
            "newest_source_old": newest is not None
            and rules.years_between(newest, judge.verified) >= rules.OLD_AFTER_YEARS,
            "old_after_years": rules.OLD_AFTER_YEARS,
            "procedures": [{"id": p.id, "title": p.title} for p in judge.procedures]}


def requirement(r: Requirement, cat: Catalog) -> dict[str, Any]:
    """A requirement with how a page shows it: its `role` ("row" of the requirements table, or
    "consequence", listed after it) and its kind's `label` (the catalog's [rows]; a kind without one
    stops the build and every request naming it, never vanishes from a page)."""
    label = cat.lookup("rows", r.kind, "")
    if not label:
        raise DataError(f"messages/{cat.lang}.toml", f"[rows] {r.kind}", "no label for this requirement kind")
    return {"id": r.id, "kind": r.kind, "text": r.text, **r.fields, "owner": r.owner, "source": r.source.to_json(),
            "role": "consequence" if r.kind in rules.CONSEQUENCE_KINDS else "row", "label": label, **_dated(r)}


def _dated(item: Any) -> dict[str, Any]:
    return {} if item.in_force == ALWAYS else {"in_force": item.in_force.to_json()}


def _conditions(item: Any) -> dict[str, Any]:
    out = {}
    if item.when:
        out["when"] = list(item.when)
    if item.unless:
        out["unless"] = list(item.unless)
    return out


def applies(cat: Catalog, p: Procedure, item: Deadline | Check) -> list[str]:
    """When a rule applies, in words: one sentence for each condition it needs (`when`) and for
    each that turns it off (`unless`), so a page can never show a rule without its exceptions."""
    labels = {c.id: c.label for c in p.conditions}
    return ([cat.text("rule-words", "only-when", label=labels[c]) for c in item.when]
            + [cat.text("rule-words", "not-when", label=labels[c]) for c in item.unless])


def deadline_rule(cat: Catalog, p: Procedure, d: Deadline) -> str:
    """The deadline's rule in words: "at least 24 hours before the phone conference"."""
    anchor = cast(Event, p.event(d.anchor)).noun  # every anchor is an event (rules._check_references)
    unit = explain.unit_word(cat, d.unit, d.count)
    clock = cat.time(d.clock) if d.clock else None
    next_business_day = d.unit == "business-days" and d.count == 1 and d.direction == "after"
    key = "next-business-day" if next_business_day else d.direction
    if clock:
        key += f".clock-{d.clock_edge}"
    return cat.text("rule-words", key, count=d.count, unit=unit, anchor=anchor, clock=clock)


def window_rule(cat: Catalog, p: Procedure, w: Window) -> str:
    return cat.text("rule-words", "window", first=w.first_day, last=w.last_day,
                    anchor=cast(Event, p.event(w.anchor)).noun)


def procedure(p: Procedure, viewer: str, cat: Catalog) -> dict[str, Any]:
    """A procedure as seen from a judge's or a court's page (`viewer` is that judge or court id).
    Every version of a dated rule is listed; `current` marks the newest version of each, which the
    page shows first and a letter is checked against."""
    current = {id(i) for items in (p.deadlines, p.windows, p.checks, p.requirements)
               for i in rules.in_force_on(items, None)}

    def dated(item: Any) -> dict[str, Any]:
        return {**_dated(item), "current": id(item) in current}

    return {
        "id": p.id, "title": p.title, "summary": p.summary, "owner": p.owner, "inherited": p.owner != viewer,
        "events": [{"id": e.id, "label": e.label, "noun": e.noun, "type": e.type, "hint": e.hint,
                    "served": e.served, "in_court": e.in_court} for e in p.events],
        "conditions": [{"id": c.id, "label": c.label} for c in p.conditions],
        "deadlines": [{"id": d.id, "title": d.title, "rule": deadline_rule(cat, p, d), "anchor": d.anchor,
                       "sets": d.sets,
                       "count": d.count, "unit": d.unit, "direction": d.direction,
                       "clock": d.clock.strftime("%H:%M") if d.clock else None, "clock_edge": d.clock_edge,
                       "group": d.group, "note": d.note, **_conditions(d), "applies": applies(cat, p, d),
                       "source": d.source.to_json(), **dated(d)}
                      for d in p.deadlines],
        "windows": [{"id": w.id, "title": w.title, "rule": window_rule(cat, p, w), "anchor": w.anchor,
                     "first_day": w.first_day, "last_day": w.last_day, "note": w.note, "source": w.source.to_json(),
                     **dated(w)} for w in p.windows],
        "checks": [{"id": c.id, "title": c.title, "rule": cat.text("rule-words", "check", days=c.min_days),
                    "first": c.first, "second": c.second, "min_days": c.min_days, **_conditions(c),
                    "applies": applies(cat, p, c), "source": c.source.to_json(), **dated(c)} for c in p.checks],
        "requirements": [{**requirement(r, cat), "current": id(r) in current} for r in p.requirements],
        "letter_check": letter_check(p, cat),
    }


def letter_check(p: Procedure, cat: Catalog, day: dt.date | None = None) -> dict[str, Any] | None:
    """The letter check a page offers for a procedure (None: its sources set no page or type limit):
    the document, as its source names it, a heading, and the limits checked: the versions in force on
    `day` (None: the newest, as a page shows them)."""
    from . import letters  # pypdf stays unimported: only check_pdf needs it

    limits = letters.limits_of(p.requirements_on(day))
    if not limits.any:
        return None
    return {"document": limits.document, "title": letters.check_title(cat, limits),
            "limits": letters.limit_sentences(cat, limits), "unset": letters.unset_sentences(cat, limits)}


# The requirements a reader must know before conferring, by what they govern.
GOVERNING_KINDS = {"mode": "conferral-mode", "who": "conferral-who"}


def governing(procedures: list[dict[str, Any]], judge_id: str, kind: str) -> dict[str, Any] | None:
    """The requirement of `kind` that governs a judge's cases: the judge's own over the court's
    (a standing order narrows the local rule), and of several, the last listed (the judge's own
    procedures come after the court's). Only versions in force now."""
    found = [r for p in procedures for r in p["requirements"] if r["kind"] == kind and r["current"]]
    own = [r for r in found if r["owner"] == judge_id]
    return (own or found)[-1] if found else None


def judge_detail(judge: Judge, cat: Catalog) -> dict[str, Any]:
    court = rules.court_rules(cat.lang)[judge.court]
    procedures = [procedure(p, judge.id, cat) for p in judge.procedures]
    out = {**judge_summary(judge, cat), "status": status_view(judge, cat), "court_name": court.court.name,
           "time_zone": court.court.time_zone,
           "court_requirements": [requirement(r, cat) for r in court.requirements],
           "procedures": procedures,
           "governing": {name: governing(procedures, judge.id, kind) for name, kind in GOVERNING_KINDS.items()},
           "page": link_view(judge.page, cat) if judge.page else None,
           "court_links": [link_view(link, cat) for link in court.links],
           "caveats": caveats(judge, cat),
           "address_source": judge.address.source.to_json() if judge.address else None}
    if judge.chambers:
        assert judge.chambers_source is not None  # read with the chambers' text (rules.parse_judge)
        out["chambers"] = {"text": judge.chambers, "source": judge.chambers_source.to_json()}
    return out


def court_detail(court_id: str, cat: Catalog) -> dict[str, Any]:
    own = rules.court_rules(cat.lang)[court_id]
    court = own.court
    return {"id": court.id, "name": court.name, "short_name": court.short_name, "time_zone": court.time_zone,
            "state": court.state, "checked": court.checked.isoformat(),
            "requirements": [requirement(r, cat) for r in own.requirements],
            "procedures": [procedure(p, court.id, cat) for p in own.procedures],
            "links": [link_view(link, cat) for link in own.links],
            "markers": [{"code": m.code, "meaning": m.meaning, "source": m.source.to_json() if m.source else None}
                        for m in own.markers],
            "judges": [judge_summary(j, cat) for j in rules.judges(cat.lang).values() if j.court == court_id]}
