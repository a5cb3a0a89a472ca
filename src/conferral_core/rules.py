"""Rules as data: courts' and judges' procedures, read strictly from data/courts and data/judges.

Every deadline, window, check and requirement carries a `source` (document, pinpoint,
verbatim quote, date). A judge inherits procedures from its court (`inherits`), may extend
an inherited procedure (`[[extend]]`: a requirement with the same id replaces the court's,
with its own source) and may add its own procedures.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from . import calendars, loader
from .loader import DataError, Table
from .periods import AFTER, BEFORE
from .translations import localize

STATUSES = ("active", "retired", "unknown")
EVENT_TYPES = ("date", "datetime")
MODES = ("in-person", "phone", "video", "letter", "email")
PARTICIPANTS = ("lead-trial-counsel", "counsel", "party")
TEXT_KINDS = ("scope", "exception", "consequence", "signatures", "caption", "certification", "sequence",
              "location", "record", "conduct", "stay", "request", "outcome")
# Typed fields of each requirement kind: name -> (type, required)
REQUIREMENT_FIELDS: dict[str, dict[str, tuple[Any, bool]]] = {
    "conferral-mode": {"modes": ("modes", True), "insufficient": ("modes", False)},
    "conferral-who": {"who": (PARTICIPANTS, True)},
    "conferral-response": {"criticised_hours": (int, True)},
    "page-limit": {"max_pages": (int, True), "counts": (("all-pages", "excluding-exhibits", "not-stated"), True)},
    "font": {"min_pt": (int, True)},
    "submission": {"method": (("email", "e-file"), True), "address": (str, False)},
    "courtesy-copy": {"required": (bool, True), "label": (str, False)},
    "contents": {"items": ("strings", True)},
    **{kind: {} for kind in TEXT_KINDS},
}


@dataclass(frozen=True)
class Source:
    doc: str
    pin: str
    quote: str
    verified: dt.date
    dated: dt.date | None = None
    form: str = "verbatim"  # or "summary": our research summary of cited orders, not the court's words
    translation: str | None = None  # the quote in the reader's language; never the official text

    def to_json(self) -> dict[str, Any]:
        out = {"doc": self.doc, "pin": self.pin, "quote": self.quote, "form": self.form,
               "dated": self.dated.isoformat() if self.dated else None, "verified": self.verified.isoformat(),
               "paragraph": paragraph_of(self.doc, self.quote)}
        if self.translation is not None:
            out["translation"] = self.translation
        return out


@dataclass(frozen=True)
class Event:
    id: str
    label: str  # a form label: "Hearing date"
    noun: str  # for sentences: "the hearing"
    type: str
    hint: str
    served: bool  # the event is the service of papers: its method matters for FRCP 6(d)


@dataclass(frozen=True)
class Condition:
    id: str
    label: str


@dataclass(frozen=True)
class Deadline:
    id: str
    title: str
    anchor: str
    count: int
    unit: str  # "days" | "hours"
    direction: str
    source: Source
    clock: dt.time | None = None
    next_business_day: bool = False
    group: str | None = None
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Window:
    id: str
    title: str
    anchor: str
    first_day: int
    last_day: int
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    first: str
    second: str
    min_days: int
    source: Source
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: str
    text: str
    source: Source
    fields: dict[str, Any] = field(default_factory=dict)
    owner: str = ""  # the court or judge whose file states it


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    summary: str
    owner: str  # the court or judge whose file defines it
    events: tuple[Event, ...]
    conditions: tuple[Condition, ...]
    deadlines: tuple[Deadline, ...]
    windows: tuple[Window, ...]
    checks: tuple[Check, ...]
    requirements: tuple[Requirement, ...]

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)


@dataclass(frozen=True)
class Status:
    value: str
    as_of: dt.date
    cite: str
    date: dt.date | None = None  # e.g. the day the judge retired


@dataclass(frozen=True)
class Judge:
    id: str
    court: str
    name: str
    title: str
    initials: str
    status: Status
    location: str
    verified: dt.date
    procedures: tuple[Procedure, ...]
    chambers: str | None = None
    chambers_source: Source | None = None

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)


@dataclass(frozen=True)
class CourtRules:
    court: calendars.Court
    procedures: tuple[Procedure, ...]
    requirements: tuple[Requirement, ...]


# ---- reading -------------------------------------------------------------------------------

def _source(t: Table | None) -> Source:
    if t is None:
        raise AssertionError("unreachable: callers pass required tables")
    src = Source(doc=t.get("doc", str), pin=t.get("pin", str), quote=t.get("quote", str),
                 verified=t.get("verified", dt.date), dated=t.get("dated", dt.date, None),
                 form=t.choice("form", ("verbatim", "summary"), "verbatim"))
    t.done()
    if src.doc not in sources():
        raise DataError(t.file, f"{t.where}.doc", f"unknown source document {src.doc!r}")
    return src


def _ids(t: Table, key: str) -> tuple[str, ...]:
    return tuple(t.strings(key, []))


def _event(t: Table) -> Event:
    e = Event(t.get("id", str), t.get("label", str), t.get("noun", str), t.choice("type", EVENT_TYPES), t.get("hint", str),
              t.get("served", bool, False))
    t.done()
    return e


def _deadline(t: Table) -> Deadline:
    days, hours = t.get("days", int, None), t.get("hours", int, None)
    if (days is None) == (hours is None):
        raise DataError(t.file, t.where, "give exactly one of days or hours")
    clock = t.get("clock", str, None)
    try:
        clock_time = dt.time.fromisoformat(clock) if clock else None
    except ValueError:
        raise DataError(t.file, f"{t.where}.clock", f"{clock!r} is not HH:MM") from None
    d = Deadline(id=t.get("id", str), title=t.get("title", str), anchor=t.get("anchor", str),
                 count=days if days is not None else hours, unit="days" if days is not None else "hours",
                 direction=t.choice("direction", (AFTER, BEFORE)), source=_source(t.table("source")),
                 clock=clock_time, next_business_day=t.get("next_business_day", bool, False),
                 group=t.get("group", str, None), when=_ids(t, "when"), unless=_ids(t, "unless"),
                 note=t.get("note", str, None))
    t.done()
    return d


def _window(t: Table) -> Window:
    w = Window(t.get("id", str), t.get("title", str), t.get("anchor", str), t.get("first_day", int),
               t.get("last_day", int), _source(t.table("source")), t.get("note", str, None))
    t.done()
    return w


def _check(t: Table) -> Check:
    c = Check(t.get("id", str), t.get("title", str), t.get("first", str), t.get("second", str),
              t.get("min_days", int), _source(t.table("source")), _ids(t, "when"), _ids(t, "unless"))
    t.done()
    return c


def _requirement(t: Table, owner: str) -> Requirement:
    kind = t.choice("kind", tuple(REQUIREMENT_FIELDS))
    values: dict[str, Any] = {}
    for name, (kind_of, required) in REQUIREMENT_FIELDS[kind].items():
        default = ... if required else None
        if kind_of == "modes":
            value = t.strings(name, default)
            bad = [m for m in value or () if m not in MODES]
            if bad:
                raise DataError(t.file, f"{t.where}.{name}", f"unknown mode {bad[0]!r}")
        elif kind_of == "strings":
            value = t.strings(name, default)
        elif isinstance(kind_of, tuple):
            value = t.choice(name, kind_of, default)
        else:
            value = t.get(name, kind_of, default)
        if value is not None:
            values[name] = value
    r = Requirement(t.get("id", str), kind, t.get("text", str), _source(t.table("source")), values, owner)
    t.done()
    return r


def _procedure(t: Table, owner: str) -> Procedure:
    p = Procedure(
        id=t.get("id", str), title=t.get("title", str), summary=t.get("summary", str), owner=owner,
        events=tuple(_event(e) for e in t.tables("event")),
        conditions=tuple(_condition(c) for c in t.tables("condition")),
        deadlines=tuple(_deadline(d) for d in t.tables("deadline")),
        windows=tuple(_window(w) for w in t.tables("window")),
        checks=tuple(_check(c) for c in t.tables("check")),
        requirements=tuple(_requirement(r, owner) for r in t.tables("requirement")),
    )
    t.done()
    _check_references(t, p)
    return p


def _condition(t: Table) -> Condition:
    c = Condition(t.get("id", str), t.get("label", str))
    t.done()
    return c


def _check_references(t: Table, p: Procedure) -> None:
    """Dangling references are errors: every anchor is an event, every condition is declared."""
    events = {e.id: e for e in p.events}
    conditions = {c.id for c in p.conditions}
    for items, kind in ((p.deadlines, "deadline"), (p.windows, "window")):
        for i, item in enumerate(items):
            if item.anchor not in events:
                raise DataError(t.file, f"{t.where}.{kind}[{i}].anchor", f"{item.anchor!r} is not an event of {p.id!r}")
    for i, d in enumerate(p.deadlines):
        if d.unit == "hours" and events[d.anchor].type != "datetime":
            raise DataError(t.file, f"{t.where}.deadline[{i}].hours", "an hour deadline needs a datetime event")
        for cond in d.when + d.unless:
            if cond not in conditions:
                raise DataError(t.file, f"{t.where}.deadline[{i}]", f"unknown condition {cond!r}")
    for i, c in enumerate(p.checks):
        for ref in (c.first, c.second):
            if ref not in events:
                raise DataError(t.file, f"{t.where}.check[{i}]", f"{ref!r} is not an event of {p.id!r}")
        for cond in c.when + c.unless:
            if cond not in conditions:
                raise DataError(t.file, f"{t.where}.check[{i}]", f"unknown condition {cond!r}")
    for kind, items in (("event", p.events), ("condition", p.conditions), ("deadline", p.deadlines),
                        ("window", p.windows), ("check", p.checks), ("requirement", p.requirements)):
        ids = [item.id for item in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise DataError(t.file, f"{t.where}.{kind}", f"duplicate id {dupes[0]!r}")


def parse_court_rules(file: str, raw: dict[str, Any]) -> CourtRules:
    t = Table(file, "", raw)
    court = calendars.parse_court(file, {k: v for k, v in raw.items() if k not in calendars.RULE_SECTIONS})
    procedures = tuple(_procedure(p, court.id) for p in t.tables("procedure"))
    requirements = tuple(_requirement(r, court.id) for r in t.tables("requirement"))
    for key in ("id", "name", "short_name", "time_zone", "state", "checked"):
        t.get(key, (str, dt.date))
    t.done()
    return CourtRules(court, procedures, requirements)


def parse_judge(file: str, raw: dict[str, Any], court_rules: dict[str, CourtRules]) -> Judge:
    t = Table(file, "", raw)
    judge_id, court_id = t.get("id", str), t.get("court", str)
    if file.rsplit("/", 1)[-1] != f"{judge_id}.toml":
        raise DataError(file, "id", f"{judge_id!r} does not match the file name")
    if court_id not in court_rules:
        raise DataError(file, "court", f"unknown court {court_id!r}")
    if not judge_id.startswith(f"{court_id}-"):
        raise DataError(file, "id", f"a judge id is <court>-<surname>, e.g. {court_id}-smith")
    status_t = t.table("status")
    status = Status(status_t.choice("value", STATUSES), status_t.get("as_of", dt.date), status_t.get("cite", str),
                    status_t.get("date", dt.date, None))
    status_t.done()
    if status.value == "retired" and status.date is None:
        raise DataError(file, "status.date", "a retired judge needs the date of retirement")
    chambers_t = t.table("chambers", None)
    chambers = chambers_source = None
    if chambers_t is not None:
        chambers = chambers_t.get("text", str)
        chambers_source = _source(chambers_t.table("source"))
        chambers_t.done()
    inherited = {p.id: p for p in court_rules[court_id].procedures}
    procedures: list[Procedure] = []
    for i, name in enumerate(t.strings("inherits", [])):
        if name not in inherited:
            raise DataError(file, f"inherits[{i}]", f"{court_id!r} has no procedure {name!r}")
        procedures.append(inherited[name])
    for ext in t.tables("extend"):
        name = ext.get("procedure", str)
        index = next((i for i, p in enumerate(procedures) if p.id == name), None)
        if index is None:
            raise DataError(file, f"{ext.where}.procedure", f"{name!r} is not inherited by this judge")
        added = [_requirement(r, judge_id) for r in ext.tables("requirement")]
        ext.done()
        procedures[index] = _extend(procedures[index], added)
    procedures += [_procedure(p, judge_id) for p in t.tables("procedure")]
    judge = Judge(id=judge_id, court=court_id, name=t.get("name", str), title=t.get("title", str),
                  initials=t.get("initials", str), status=status, location=t.get("location", str),
                  verified=t.get("verified", dt.date), procedures=tuple(procedures), chambers=chambers,
                  chambers_source=chambers_source)
    t.done()
    ids = [p.id for p in judge.procedures]
    if len(ids) != len(set(ids)):
        raise DataError(file, "procedure", "two procedures share an id")
    return judge


def _extend(base: Procedure, added: list[Requirement]) -> Procedure:
    """A judge's requirement replaces the court's one with the same id, or is added."""
    replaced = {r.id: r for r in added}
    kept = [replaced.pop(r.id, r) for r in base.requirements]
    return Procedure(base.id, base.title, base.summary, base.owner, base.events, base.conditions, base.deadlines,
                     base.windows, base.checks, tuple(kept) + tuple(replaced.values()))


# ---- lazy access ---------------------------------------------------------------------------

@functools.cache
def sources() -> dict[str, dict[str, Any]]:
    file = "sources.toml"
    t = Table(file, "", loader.load(file))
    out = {}
    for s in t.tables("source"):
        entry = {"id": s.get("id", str), "title": s.get("title", str),
                 "kind": s.choice("kind", ("court-document", "quotations", "rule-text")),
                 "court": s.get("court", str, None), "dated": s.get("dated", dt.date, None),
                 "origin": s.get("origin", str)}
        s.done()
        if entry["id"] in out:
            raise DataError(file, f"{s.where}.id", f"duplicate id {entry['id']!r}")
        out[entry["id"]] = entry
    t.done()
    return out


@functools.cache
def source_text(doc: str) -> str:
    from importlib import resources

    return resources.files("conferral_core").joinpath("data", "sources", f"{doc}.txt").read_text(encoding="utf-8")


def paragraphs(doc: str) -> list[str]:
    """A source document's paragraphs (blank-line separated), numbered from 1 by position."""
    return [p for p in source_text(doc).split("\n\n") if p.strip()]


@functools.cache
def paragraph_of(doc: str, quote: str) -> int | None:
    """The number of the first paragraph that holds `quote` (whitespace-normalised), or None
    if it spans paragraphs; pages link a quote to its place with it."""
    wanted = " ".join(quote.split())
    for number, para in enumerate(paragraphs(doc), 1):
        if wanted in " ".join(para.split()):
            return number
    return None


@functools.cache
def court_rules(lang: str = "en") -> dict[str, CourtRules]:
    if lang != "en":
        return {cid: localize(rules, lang) for cid, rules in court_rules().items()}
    return {cid: parse_court_rules(f"courts/{cid}.toml", loader.load(f"courts/{cid}.toml"))
            for cid in calendars.courts()}


@functools.cache
def judges(lang: str = "en") -> dict[str, Judge]:
    """Every judge, with the texts in `lang` (the data's own English, or its translation)."""
    if lang != "en":
        return {jid: localize(judge, lang) for jid, judge in judges().items()}
    rules = court_rules()
    out = {}
    for name in loader.list_dir("judges"):
        judge = parse_judge(f"judges/{name}", loader.load(f"judges/{name}"), rules)
        out[judge.id] = judge
    return out
