"""The procedure engine: a judge's procedure + the dates a person enters -> every deadline,
window and check that can be computed, each with its steps and its source.

Deadlines are counted by periods.py (FRCP 6), so a judge's "within 10 calendar days" and the
court calendar's holidays work the same everywhere. Missing events leave their deadlines
out, with a note saying what to enter; but an event that a computed deadline `sets` (the meeting
a demand calls for) is taken to fall on its last allowed day, and what is counted from it comes
marked `assumed`: the latest case. Results come in time order, by their safe dates; the entered
dates themselves are checked (order, lateness, court dates on closed days, the reader's today).

The engine's answer is typed (the frozen dataclasses below hold real dates and court-local
moments, and it compares and orders those); each result's `to_json()` is the one place it
becomes the API's JSON.
"""

from __future__ import annotations

import datetime as dt
import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from . import calendars, explain, periods
from .calendars import FEDERAL, OutOfRange
from .messages import Catalog
from .rules import ALWAYS, Deadline, InForce, Judge, Procedure, Source

Moment = dt.date | dt.datetime
# A step of a count or a warning, as explain.py renders it: {"id", "text"} (a step adds "rule").
Note = dict[str, str]


def applies(item: Any, conditions: set[str]) -> bool:
    """`when`: only if one of these conditions holds; `unless`: not if any of them holds."""
    if item.when and not conditions.intersection(item.when):
        return False
    return not conditions.intersection(item.unless)


def _day(value: Moment) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def as_read(value: Moment) -> tuple[dt.date, int, int, int]:
    """The order in which a reader reads moments: by the court-local day, a whole day before any
    time on it, then by the court-local time to the minute (the precision every answer states)."""
    if isinstance(value, dt.datetime):
        return value.date(), 1, value.hour, value.minute
    return value, 0, 0, 0


def _at_clock(cal: calendars.Calendar, day: dt.date, clock: dt.time) -> dt.datetime:
    from zoneinfo import ZoneInfo
    return dt.datetime.combine(day, clock, tzinfo=ZoneInfo(cal.court.time_zone))


def _step(cat: Catalog, key: str, rule: str, **params: Any) -> Note:
    return {"id": key, "text": cat.text("steps", key, **params), "rule": rule}


def _notes(notes: tuple[Note, ...]) -> list[Note]:
    return [dict(n) for n in notes]


# ---- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    """Which dated version of a rule was applied, and that in words."""

    in_force: InForce
    text: str

    def to_json(self) -> dict[str, str | None]:
        return {**self.in_force.to_json(), "text": self.text}


def _version_json(version: Version | None) -> dict[str, str | None] | None:
    return version.to_json() if version is not None else None


@dataclass(frozen=True)
class Assumed:
    """An event the reader has not entered, taken to happen on the last day a computed deadline
    allows it: what is counted from it is the latest case, until the real date is entered."""

    event: str
    date: Moment
    text: str

    def to_json(self) -> dict[str, str]:
        return {"event": self.event, "date": explain.iso(self.date), "text": self.text}


@dataclass(frozen=True)
class Later:
    """The rule's own date, when it is later than the safe date, and why not to use it."""

    date: Moment
    text: str

    def to_json(self) -> dict[str, str]:
        return {"date": explain.iso(self.date), "text": self.text}


@dataclass(frozen=True)
class DeadlineResult:
    """One deadline counted for a reader: the rule's date, the safe date, and how it was counted."""

    id: str
    title: str
    anchor: str  # the event it is counted from
    due: Moment  # the rule's date (a court-local moment for hours and clock times)
    safe_due: Moment  # the earliest defensible date: `due` unless the law is unsettled
    due_text: str
    safe_due_text: str
    clock_edge: str | None  # "by" or "before" the order's clock time; None: no clock time
    steps: tuple[Note, ...]
    warnings: tuple[Note, ...]
    source: Source
    version: Version | None
    note: str | None = None
    group: str | None = None  # deadlines of one group are alternatives: the earliest is named
    sets: str | None = None  # the event this deadline is the last day for (rules.Deadline.sets)
    later: Later | None = None  # the rule's own date, when later than the safe date
    assumed: Assumed | None = None  # counted from an event assumed on its last allowed day

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "title": self.title, "anchor": self.anchor, "due": explain.iso(self.due),
               "safe_due": explain.iso(self.safe_due), "due_text": self.due_text,
               "safe_due_text": self.safe_due_text, "clock_edge": self.clock_edge,
               "later": self.later.to_json() if self.later else None,
               "assumed": self.assumed.to_json() if self.assumed else None, "steps": _notes(self.steps),
               "warnings": _notes(self.warnings), "source": self.source.to_json(),
               "version": _version_json(self.version)}
        if self.note:
            out["note"] = self.note
        if self.group:
            out["group"] = self.group
        return out


@dataclass(frozen=True)
class WindowResult:
    """A span of days counted for a reader (for example, when a hearing may be set)."""

    id: str
    title: str
    anchor: str
    start: dt.date
    end: dt.date
    start_text: str
    end_text: str
    source: Source
    version: Version | None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "title": self.title, "anchor": self.anchor, "start": self.start.isoformat(),
               "end": self.end.isoformat(), "start_text": self.start_text, "end_text": self.end_text,
               "source": self.source.to_json(), "version": _version_json(self.version)}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class CheckResult:
    """Whether two of a reader's dates are far enough apart, as a rule requires."""

    id: str
    title: str
    ok: bool
    text: str
    days: int  # from the first event to the second
    min_days: int
    source: Source
    version: Version | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "ok": self.ok, "text": self.text, "days": self.days,
                "min_days": self.min_days, "source": self.source.to_json(), "version": _version_json(self.version)}


@dataclass(frozen=True)
class Earliest:
    """Of a group of alternative deadlines, the one that falls first (by its safe date)."""

    group: str
    deadline: str
    due: Moment  # that deadline's safe date
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "deadline": self.deadline, "due": explain.iso(self.due), "text": self.text}


@dataclass(frozen=True)
class Entered:
    """A date the reader entered, in words: a printed or shared answer says what it counted from."""

    event: str
    label: str
    value: Moment
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "label": self.label, "value": explain.iso(self.value), "text": self.text}


@dataclass(frozen=True)
class MissingEvent:
    """An event not entered, and the titles of what it would let us compute."""

    event: str
    label: str
    needed_for: tuple[str, ...]
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "label": self.label, "for": list(self.needed_for), "text": self.text}


@dataclass(frozen=True)
class Outside:
    """A rule with dated versions, none of them known to be in force on the day it is counted from."""

    id: str
    title: str
    date: dt.date
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date.isoformat(), "text": self.text}


@dataclass(frozen=True)
class DeadlinesResult:
    """Everything counted for one procedure of one judge from a reader's dates."""

    judge: str
    procedure: str
    time_zone: str
    deadlines: tuple[DeadlineResult, ...]
    windows: tuple[WindowResult, ...]
    checks: tuple[CheckResult, ...]
    earliest: tuple[Earliest, ...]
    missing: tuple[MissingEvent, ...]
    outside: tuple[Outside, ...]
    # About the entered dates as a whole, each naming its `event`: out of order, late, or a
    # hearing on a day the court is closed.
    warnings: tuple[Note, ...] = ()
    entered: tuple[Entered, ...] = ()  # in the procedure's order of events

    def sources(self) -> list[Source]:
        """The sources of the rules this result applied."""
        return [item.source for items in (self.deadlines, self.windows, self.checks) for item in items]

    def to_json(self) -> dict[str, Any]:
        return {"judge": self.judge, "procedure": self.procedure, "time_zone": self.time_zone,
                "entered": [e.to_json() for e in self.entered], "deadlines": [d.to_json() for d in self.deadlines], "windows": [w.to_json() for w in self.windows],
                "checks": [c.to_json() for c in self.checks], "earliest": [e.to_json() for e in self.earliest],
                "warnings": _notes(self.warnings), "missing": [m.to_json() for m in self.missing],
                "outside": [o.to_json() for o in self.outside]}


# ---- computing -----------------------------------------------------------------------------

def _deadline(cat: Catalog, cal: calendars.Calendar, proc: Procedure, d: Deadline, anchor: Moment,
              service: str | None) -> DeadlineResult:
    event = proc.event(d.anchor)
    start = anchor if d.unit == periods.HOURS else _day(anchor)
    served_by = service if event is not None and event.served else None
    period = periods.Period(cal, start, d.count, d.unit, d.direction, served_by)
    result = periods.compute(period)
    steps = explain.steps(cat, result, last_day=d.clock is None, event=event.noun if event is not None else None)
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

    later = Later(due, explain.later(cat, result, said(due))) if as_read(due) != as_read(safe) else None
    return DeadlineResult(d.id, d.title, d.anchor, due, safe, said(due), said(safe),
                          d.clock_edge if d.clock else None, tuple(steps), tuple(warnings), d.source,
                          _version(cat, d), d.note, d.group, d.sets, later)


def _version(cat: Catalog, item: Any) -> Version | None:
    """Which dated version of a rule was applied, in words (None: the rule has one, undated version)."""
    if item.in_force == ALWAYS:
        return None
    span = item.in_force
    key = "version.range" if span.start and span.until else ("version.since" if span.start else "version.until")
    return Version(span, cat.text("checks", key, start=span.start, end=span.until))


def _in_force(cat: Catalog, items: Any, day_of: Any, outside: list[Outside]) -> list[Any]:
    """The version of each item in force on the date it is counted from; items with versions but
    none in force then are reported in `outside`, never silently dropped or guessed."""
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
        outside.append(Outside(item_id, versions[0].title, day,
                               cat.text("checks", "outside", title=versions[0].title, date=day,
                                        range=_known_range(cat, first, last))))
    return chosen


def _known_range(cat: Catalog, first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return cat.text("checks", "known.between", first=first, last=last)
    if first:
        return cat.text("checks", "known.from", first=first)
    return cat.text("checks", "known.until", last=last)


Count = Callable[[Deadline, Moment], DeadlineResult]


def _assumptions(cat: Catalog, proc: Procedure, items: list[Deadline], events: dict[str, Moment],
                 count: Count) -> dict[str, Moment]:
    """The events not entered that a computed deadline `sets`, each on its last allowed day (the
    deadline's safe date; of several such deadlines, the earliest), followed down the chain: the
    demand gives the meeting's last day, which gives the letter's. Entered events are never assumed,
    nor is an event no deadline sets (a hearing date)."""
    assumed: dict[str, Moment] = {}
    for _ in range(len(proc.events) + 1):
        known = {**assumed, **events}
        found: dict[str, Moment] = {}

        def day_of(item: Any) -> dt.date | None:
            return _day(known[item.anchor]) if item.anchor in known else None

        for d in _in_force(cat, items, day_of, []):
            if d.sets is None or d.sets in events or d.anchor not in known:
                continue
            try:
                last = count(d, known[d.anchor]).safe_due
            except OutOfRange:
                continue  # beyond the years the holiday data covers: the event stays simply missing
            event = proc.event(d.sets)
            assert event is not None  # rules._check_sets: `sets` names an event of the procedure
            moment = _day(last) if event.type == "date" else last
            if d.sets not in found or as_read(moment) < as_read(found[d.sets]):
                found[d.sets] = moment
        if found == assumed:
            return assumed
        assumed = found
    raise AssertionError("the events deadlines set form no cycle (rules._check_sets)")


def _before(first: Moment, second: Moment) -> bool:
    """Is `first` earlier than `second`? Two moments by the minute; otherwise by the day (a date
    says nothing of the hour)."""
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime):
        return as_read(first) < as_read(second)
    return _day(first) < _day(second)


def _event_warnings(cat: Catalog, cal: calendars.Calendar, proc: Procedure, items: list[Deadline],
                    events: dict[str, Moment], results: list[DeadlineResult]) -> list[Note]:
    """What looks wrong in the entered dates, event by event: an event entered before the one it
    follows (the order comes from the deadlines that set events, never from names), an event after
    its last allowed day, and an event held by the court on a weekend or a court holiday."""
    follows: dict[str, list[str]] = {}  # event -> the events whose deadlines set it
    for d in items:
        if d.sets is not None and d.anchor not in follows.get(d.sets, []):
            follows.setdefault(d.sets, []).append(d.anchor)
    out: list[Note] = []

    def noun(event_id: str) -> str:
        ev = proc.event(event_id)
        assert ev is not None  # anchors and `sets` name events (rules._check_references)
        return ev.noun

    for ev in proc.events:
        if ev.id not in events:
            continue
        when = events[ev.id]
        # The nearest entered events it follows, through events not entered (the filing follows
        # the demand when the meeting between them is not entered).
        queue, seen = list(follows.get(ev.id, [])), set()
        while queue:
            earlier = queue.pop(0)
            if earlier in seen:
                continue
            seen.add(earlier)
            if earlier not in events:
                queue += follows.get(earlier, [])
            elif _before(when, events[earlier]):
                out.append({"id": "event-order", "event": ev.id, "text": cat.text(
                    "warnings", "event-order", event=ev.noun, day=explain.text_of(cat, when), other=noun(earlier),
                    other_day=explain.text_of(cat, events[earlier]))})
        for r in results:
            if r.sets == ev.id and r.assumed is None and _before(r.safe_due, when):
                out.append({"id": "late", "event": ev.id, "text": cat.text(
                    "warnings", "late", event=ev.noun, day=explain.text_of(cat, when), title=r.title,
                    safe_due=r.safe_due_text)})
        if ev.in_court:
            day = _day(when)
            closed = [h for h in cal.holidays_on(day) if not h.forward_only]  # a state-only holiday: court open
            params: dict[str, Any]
            if day.weekday() >= 5:
                key, params = "weekend", {"weekday": cat.weekday(day)}
            elif closed:
                h = closed[0]
                key = "observed" if h.kind == FEDERAL and h.observed else h.kind
                params = {"name": cat.data(h.name), "actual": h.actual}
            else:
                continue
            out.append({"id": "not-court-day", "event": ev.id, "text": cat.text(
                "warnings", f"not-court-day.{key}", event=ev.noun, day=day, **params)})
    return out


def compute(cat: Catalog, judge: Judge, proc: Procedure, events: dict[str, Moment], service: str | None,
            conditions: set[str], today: dt.date | None = None) -> DeadlinesResult:
    """Every deadline, window and check of `proc` for the entered `events`. A deadline counted from
    an event not entered, which another deadline sets, is counted from that event's last allowed
    day and marked `assumed`. `today` (the reader's date) marks the deadlines already passed."""
    cal = calendars.calendar(judge.court)
    deadlines: list[DeadlineResult] = []
    windows: list[WindowResult] = []
    checks: list[CheckResult] = []
    outside: list[Outside] = []
    wanted: dict[str, list[str]] = {}  # missing event -> titles it would unlock
    counted: dict[tuple[int, Moment], DeadlineResult] = {}

    def count(d: Deadline, anchor: Moment) -> DeadlineResult:
        key = (id(d), anchor)
        if key not in counted:
            counted[key] = _deadline(cat, cal, proc, d, anchor, service)
        return counted[key]

    items = [d for d in proc.deadlines if applies(d, conditions)]
    assumed = _assumptions(cat, proc, items, events, count)
    anchors = {**assumed, **events}

    def anchor_day(item: Any) -> dt.date | None:
        return _day(events[item.anchor]) if item.anchor in events else None

    def first_day(item: Any) -> dt.date | None:
        return _day(events[item.first]) if item.first in events else None

    def chain_day(item: Any) -> dt.date | None:
        return _day(anchors[item.anchor]) if item.anchor in anchors else None

    chain_outside: list[Outside] = []
    for d in _in_force(cat, items, chain_day, chain_outside):
        if d.anchor not in events:
            if d.title not in wanted.get(d.anchor, []):
                wanted.setdefault(d.anchor, []).append(d.title)
            if d.anchor not in assumed:
                continue
            try:
                result = count(d, assumed[d.anchor])
            except OutOfRange:
                continue  # the latest case runs past the years covered: only the missing note stays
            event = proc.event(d.anchor)
            assert event is not None  # every anchor is an event (rules._check_references)
            text = cat.text("checks", "assumed", event=event.noun, date=assumed[d.anchor])
            deadlines.append(dataclasses.replace(result, assumed=Assumed(d.anchor, assumed[d.anchor], text)))
            continue
        deadlines.append(count(d, events[d.anchor]))
    # A rule not in force on an assumed day is not a finding about the reader's dates: only the
    # missing event is reported for it.
    entered = {d.id for d in items if d.anchor in events}
    outside += [o for o in chain_outside if o.id in entered]
    for o in chain_outside:
        if o.id not in entered:
            anchor = next(d.anchor for d in items if d.id == o.id)
            if o.title not in wanted.get(anchor, []):
                wanted.setdefault(anchor, []).append(o.title)

    if today is not None:
        deadlines = [dataclasses.replace(r, warnings=r.warnings + ({"id": "past", "text": cat.text(
            "warnings", "past", today=today)},)) if _day(r.safe_due) < today else r for r in deadlines]
    order = {id(r): i for i, r in enumerate(deadlines)}
    deadlines.sort(key=lambda r: (as_read(r.safe_due), as_read(r.due), order[id(r)]))

    for w in _in_force(cat, proc.windows, anchor_day, outside):
        if w.anchor not in events:
            wanted.setdefault(w.anchor, []).append(w.title)
            continue
        day = _day(events[w.anchor])
        start, end = day + dt.timedelta(days=w.first_day), day + dt.timedelta(days=w.last_day)
        windows.append(WindowResult(w.id, w.title, w.anchor, start, end, cat.date(start), cat.date(end), w.source,
                                    _version(cat, w), w.note))
    places = {id(w): i for i, w in enumerate(windows)}
    windows.sort(key=lambda w: (w.start, w.end, places[id(w)]))

    for c in _in_force(cat, [c for c in proc.checks if applies(c, conditions)], first_day, outside):
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
        checks.append(CheckResult(c.id, c.title, ok, text, gap, c.min_days, c.source, _version(cat, c)))

    groups: dict[str, list[DeadlineResult]] = {}
    for result in deadlines:
        if result.group:
            groups.setdefault(result.group, []).append(result)
    firsts: list[Earliest] = []
    for group, members in groups.items():
        # Of alternatives counted from an assumed date, which comes first is not known yet.
        if len(members) < 2 or any(m.assumed for m in members):
            continue
        soonest = min(members, key=lambda r: (as_read(r.safe_due), as_read(r.due)))
        firsts.append(Earliest(group, soonest.id, soonest.safe_due,
                               cat.text("checks", "earliest", title=soonest.title, due=soonest.safe_due,
                                        count=len(members))))

    missing_events: list[MissingEvent] = []
    for event_id, titles in wanted.items():
        ev = proc.event(event_id)
        assert ev is not None  # anchors and checks name only events (rules._check_references)
        key = "missing.assumed" if event_id in assumed else "missing"
        missing_events.append(MissingEvent(event_id, ev.label, tuple(titles), cat.text(
            "checks", key, label=ev.label, titles="; ".join(titles), event=ev.noun)))
    notes = _event_warnings(cat, cal, proc, items, events, deadlines)
    given = tuple(Entered(e.id, e.label, events[e.id], explain.text_of(cat, events[e.id]))
                    for e in proc.events if e.id in events)
    return DeadlinesResult(judge.id, proc.id, cal.court.time_zone, tuple(deadlines), tuple(windows), tuple(checks),
                           tuple(firsts), tuple(missing_events), tuple(outside), tuple(notes), given)
