"""Counting a period under FRCP 6(a) and 6(d).

The rule text, beside the code that applies it:

6(a)(1) Period stated in days: "(A) exclude the day of the event that triggers the period;
  (B) count every day, including intermediate Saturdays, Sundays, and legal holidays; and
  (C) include the last day of the period, but if the last day is a Saturday, Sunday, or legal
  holiday, the period continues to run until the end of the next day that is not a Saturday,
  Sunday, or legal holiday."
6(a)(2) Period stated in hours: "(A) begin counting immediately on the occurrence of the event
  ...; (B) count every hour, including hours during intermediate Saturdays, Sundays, and legal
  holidays; and (C) if the period would end on a Saturday, Sunday, or legal holiday, the period
  continues to run until the same time on the next day that is not a Saturday, Sunday, or legal
  holiday."
6(a)(4) The last day ends "for electronic filing, at midnight in the court's time zone".
6(a)(5) The "next day" is found by counting forward for periods after an event and backward
  for periods before an event.
6(a)(6) Legal holidays: see calendars.py.
6(d) "3 days are added after the period would otherwise expire under Rule 6(a)" for some
  methods of service (data/frcp6.toml has which, by date).
Business (court) days, where a judge's order counts them ("no later than five business days after
  the meet and confer session"): FRCP 6 does not define them. Counted here as weekdays that are not
  legal holidays under 6(a)(6), the event's day excluded as 6(a)(1)(A) does; whether a California-only
  holiday (the federal court is open) is a business day is unsettled, so both readings are computed.

`count()` records each legal gate it passes as a typed `trace` (which rule, which day, why);
explain.py renders that trace, so the explanation never re-derives the count.

Where the law is unsettled the engine computes every reading (see `Reading`): `due` is the
rule's usual answer and `safe_due` the earliest of all readings, with a warning for each
reading that gives an earlier date. It never silently picks the later one.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from . import loader
from .calendars import FEDERAL, STATE, Calendar, LegalHoliday
from .loader import Table

AFTER, BEFORE = "after", "before"
DAYS, HOURS, BUSINESS_DAYS, COURT_DAYS = "days", "hours", "business-days", "court-days"
# "Business days" and "court days" in a judge's order: counted alike (weekdays that are not legal
# holidays); the unit keeps the order's own word for the explanation.
BUSINESS_UNITS = (BUSINESS_DAYS, COURT_DAYS)
UNITS = (DAYS, HOURS, *BUSINESS_UNITS)
SERVICE_METHODS = ("electronic", "mail", "clerk", "consent", "personal")
UTC = dt.timezone.utc


@dataclass(frozen=True)
class Reading:
    """One way of reading the unsettled points. The default is the rule's usual reading."""

    # California-only holidays (courts open). True: as 6(a)(6)(C) says, legal holidays for periods
    # measured after an event and for nothing else. False: the other reading -- for a period counted
    # forward, an ordinary day; for business days counted back, not a business day either.
    state_holidays: bool = True
    # 6(a)(6)(A): the weekday on which a weekend federal holiday is observed is a legal holiday.
    observed_days: bool = True
    # 6(a)(2)(B) "count every hour": real elapsed hours rather than clock hours across DST.
    elapsed_hours: bool = True


RULE = Reading()


@dataclass(frozen=True)
class AddedDays:
    """Days FRCP 6(d) adds after service by some methods, in force between two dates."""

    start: dt.date
    end: dt.date | None
    days: int
    methods: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class Frcp6:
    """FRCP 6 as data: when its current text took effect, and the days added for each service method."""

    in_force_from: dt.date
    in_force_citation: str
    added_days: tuple[AddedDays, ...]

    def added_for(self, method: str | None, served: dt.date) -> AddedDays | None:
        for entry in self.added_days:
            if entry.start <= served and (entry.end is None or served <= entry.end) and method in entry.methods:
                return entry
        return None


@functools.cache
def frcp6() -> Frcp6:
    file = "frcp6.toml"
    t = Table(file, "", loader.load(file))
    added = []
    for a in t.tables("added_days"):
        methods = tuple(a.strings("methods"))
        for m in methods:
            if m not in SERVICE_METHODS:
                raise loader.DataError(file, f"{a.where}.methods", f"unknown method {m!r}")
        added.append(AddedDays(a.get("from", dt.date), a.get("until", dt.date, None), a.get("days", int),
                               methods, a.get("citation", str)))
        a.done()
    rules = Frcp6(t.get("in_force_from", dt.date), t.get("in_force_citation", str), tuple(added))
    t.done()
    return rules


@dataclass(frozen=True)
class Period:
    """A period to count. `start` is a date (days) or an aware court-local datetime (hours)."""

    calendar: Calendar
    start: dt.date | dt.datetime
    count: int
    unit: str = DAYS
    direction: str = AFTER
    service: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.calendar.court.time_zone)


@dataclass(frozen=True)
class Skip:
    """A day the period could not end on (or, counting business days, could not count), and why:
    a weekend (`holiday` None) or the legal holiday."""

    day: dt.date
    holiday: LegalHoliday | None


# ---- the trace: each legal gate a count passes, in order, for the explanation to render ----

@dataclass(frozen=True)
class EventDay:
    """6(a)(1)(A) / 6(a)(2)(A): the day (or moment) of the event that starts the period."""

    rule: str
    start: dt.date | dt.datetime
    unit: str


@dataclass(frozen=True)
class Counted:
    """6(a)(1)(B) / 6(a)(2)(B), or the order's own business days: the count and where it reached."""

    rule: str
    count: int
    unit: str
    direction: str
    reaches: dt.date | dt.datetime


@dataclass(frozen=True)
class Rolled:
    """6(a)(1)(C) / 6(a)(2)(C) / 6(a)(5): the period could not end on this day, so it moved on."""

    rule: str
    skip: Skip
    direction: str
    unit: str


@dataclass(frozen=True)
class NotCounted:
    """Counting business days: this day is a weekend or legal holiday, so it is not counted."""

    rule: str
    skip: Skip
    direction: str


@dataclass(frozen=True)
class OpenStateDay:
    """Counting business days back: a state holiday counted as a business day (the court is open,
    and 6(a)(6)(C) makes state holidays legal holidays only for periods counted forward)."""

    rule: str
    day: dt.date
    holiday: LegalHoliday


@dataclass(frozen=True)
class Ended:
    """Where the period ends (before or after 6(d)'s added days)."""

    rule: str
    unit: str
    end: dt.date | dt.datetime


@dataclass(frozen=True)
class ServiceAdded:
    """6(d): days added after the period would otherwise expire, for the method of service."""

    rule: str
    method: str
    days: int
    reaches: dt.date | dt.datetime
    citation: str


@dataclass(frozen=True)
class LastDayEnds:
    """6(a)(4): when the last day ends (midnight in the court's time zone, for electronic filing)."""

    rule: str
    zone: str


Gate = EventDay | Counted | Rolled | NotCounted | OpenStateDay | Ended | ServiceAdded | LastDayEnds


@dataclass
class Outcome:
    """The count under one reading, with the trace of every gate it passed (for the steps)."""

    naive: dt.date | dt.datetime
    end: dt.date | dt.datetime
    trace: list[Gate] = field(default_factory=list)
    added: AddedDays | None = None
    final: dt.date | dt.datetime | None = None

    @property
    def due(self) -> dt.date | dt.datetime:
        return self.final if self.final is not None else self.end

    @property
    def skips(self) -> list[Skip]:
        """Every day the count passed over, before and after 6(d)'s added days."""
        return [g.skip for g in self.trace if isinstance(g, (Rolled, NotCounted))]

    @property
    def open_state_days(self) -> list[OpenStateDay]:
        return [g for g in self.trace if isinstance(g, OpenStateDay)]


def closed_because(cal: Calendar, day: dt.date, direction: str, reading: Reading,
                   business: bool = False) -> Skip | None:
    """Why a period may not end on `day` (or, counting business days, why `day` is not one) under
    `reading`, or None if it may."""
    holidays = cal.holidays_on(day)  # also checks the year is covered
    if day.weekday() >= 5:
        return Skip(day, None)
    for h in holidays:
        if h.forward_only and not _state_day_closes(direction, reading, business):
            continue  # 6(a)(6)(C): "for periods that are measured after an event"
        if h.kind == FEDERAL and h.observed and not reading.observed_days:
            continue
        return Skip(day, h)
    return None


def _state_day_closes(direction: str, reading: Reading, business: bool) -> bool:
    if direction == AFTER:
        return reading.state_holidays
    # Counting back, 6(a)(6)(C) never applies; only "business day" read as excluding state holidays does.
    return business and not reading.state_holidays


def _roll(cal: Calendar, day: dt.date, direction: str, reading: Reading, unit: str,
          trace: list[Gate]) -> dt.date:
    """6(a)(1)(C) and 6(a)(5): move to the next (or previous) day the period may end on."""
    step = dt.timedelta(days=1 if direction == AFTER else -1)
    rule = ("6(a)(1)(C)" if unit != HOURS else "6(a)(2)(C)") if direction == AFTER else "6(a)(5)"
    while (skip := closed_because(cal, day, direction, reading)) is not None:
        trace.append(Rolled(rule, skip, direction, unit))
        day += step
    return day


def _business_days(cal: Calendar, start: dt.date, n: int, unit: str, direction: str, reading: Reading,
                   trace: list[Gate]) -> dt.date:
    """Count `n` business days from `start` (excluded): weekdays that are not legal holidays."""
    step = dt.timedelta(days=1 if direction == AFTER else -1)
    passed: list[Gate]
    day, counted, passed = start, 0, []
    while counted < n:
        day += step
        skip = closed_because(cal, day, direction, reading, business=True)
        if skip is not None:
            passed.append(NotCounted("order", skip, direction))
            continue
        counted += 1
        passed += [OpenStateDay("6(a)(6)(C)", day, h) for h in cal.holidays_on(day) if h.forward_only]
    trace.append(Counted("order", n, unit, direction, day))
    trace.extend(passed)
    return day


def _at(zone: ZoneInfo, day: dt.date, clock: dt.time) -> dt.datetime:
    """The court-local moment at `clock` on `day`; a time in a spring-forward gap moves on."""
    local = dt.datetime.combine(day, clock, tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone)


def count(period: Period, reading: Reading = RULE) -> Outcome:
    cal, sign, unit = period.calendar, (1 if period.direction == AFTER else -1), period.unit
    trace: list[Gate] = [EventDay("6(a)(2)(A)" if unit == HOURS else "6(a)(1)(A)", period.start, unit)]
    if unit in BUSINESS_UNITS:
        naive = end = _business_days(cal, period.start, period.count, unit, period.direction, reading, trace)
    elif unit == DAYS:
        naive = period.start + dt.timedelta(days=sign * period.count)
        trace.append(Counted("6(a)(1)(B)", period.count, unit, period.direction, naive))
        end = _roll(cal, naive, period.direction, reading, unit, trace)
    else:
        assert isinstance(period.start, dt.datetime)  # an hour count starts at a moment, never a bare date
        if reading.elapsed_hours:
            naive = (period.start.astimezone(UTC) + dt.timedelta(hours=sign * period.count)).astimezone(period.zone)
        else:
            wall = period.start.replace(tzinfo=None) + dt.timedelta(hours=sign * period.count)
            naive = _at(period.zone, wall.date(), wall.time())
        trace.append(Counted("6(a)(2)(B)", period.count, unit, period.direction, naive))
        day = _roll(cal, naive.date(), period.direction, reading, unit, trace)
        end = naive if day == naive.date() else _at(period.zone, day, naive.time())
    ends_rule = "order" if unit in BUSINESS_UNITS else ("6(a)(2)(C)" if unit == HOURS else "6(a)(1)(C)")
    trace.append(Ended(ends_rule, unit, end))
    outcome = Outcome(naive, end, trace)
    served = period.start if unit != HOURS else cast(dt.datetime, period.start).date()
    added = frcp6().added_for(period.service, served) if period.direction == AFTER else None
    if added:
        assert period.service is not None  # added_for matches only a method of service
        outcome.added = added
        if unit != HOURS:
            after_added = end + dt.timedelta(days=added.days)
            trace.append(ServiceAdded("6(d)", period.service, added.days, after_added, added.citation))
            outcome.final = _roll(cal, after_added, AFTER, reading, DAYS, trace)
        else:
            assert isinstance(end, dt.datetime)  # an hour count ends at a moment
            after_added = _at(period.zone, end.date() + dt.timedelta(days=added.days), end.time())
            trace.append(ServiceAdded("6(d)", period.service, added.days, after_added, added.citation))
            day = _roll(cal, after_added.date(), AFTER, reading, unit, trace)
            outcome.final = _at(period.zone, day, end.time())
        trace.append(Ended("6(a)(2)(C)" if unit == HOURS else "6(a)(1)(C)", HOURS if unit == HOURS else DAYS,
                           outcome.final))
    if unit != HOURS:
        trace.append(LastDayEnds("6(a)(4)", period.calendar.court.time_zone))
    return outcome


def readings(period: Period) -> list[Reading]:
    """Every reading worth computing for this period (the rule's reading first)."""
    hour_choices = (True, False) if period.unit == HOURS else (True,)
    combos = itertools.product((True, False), (True, False), hour_choices)
    return [Reading(*c) for c in combos]


@dataclass
class Result:
    """A counted period: the rule's due date, the safe (earliest) one, and why they differ."""

    period: Period
    rule: Outcome
    due: dt.date | dt.datetime
    safe_due: dt.date | dt.datetime
    # (warning id, the outcome of the reading that differs, the state or observed day that made the difference)
    disputes: list[tuple[str, Outcome, Skip | None]]


def _unsettled(period: Period, rule: Outcome) -> bool:
    """Could another reading give a different date? Only if the rule's count passed over a day that
    another reading keeps open (a state day or an observed day), counted a state day as a business
    day, or crossed a clock change."""
    for skip in rule.skips:
        h = skip.holiday
        if h is not None and (h.kind == STATE or (h.kind == FEDERAL and h.observed)):
            return True
    if rule.open_state_days:
        return True
    return period.unit == HOURS and (cast(dt.datetime, period.start).utcoffset()
                                     != cast(dt.datetime, rule.naive).utcoffset())


def _culprit(rule: Outcome, kind: str) -> Skip | None:
    """The first state (or observed) day in the rule's count that another reading treats otherwise."""
    for gate in rule.trace:
        if isinstance(gate, OpenStateDay) and kind == STATE:
            return Skip(gate.day, gate.holiday)
        if isinstance(gate, (Rolled, NotCounted)) and gate.skip.holiday and gate.skip.holiday.kind == kind \
                and (kind == STATE or gate.skip.holiday.observed):
            return gate.skip
    return None


def compute(period: Period) -> Result:
    rule = count(period, RULE)
    if not _unsettled(period, rule):
        # Every other reading closes a subset of the days the rule closes, so each would
        # retrace the same count exactly.
        return Result(period, rule, rule.due, rule.due, [])
    outcomes = {r: count(period, r) for r in readings(period)}
    safe = min(o.due for o in outcomes.values())
    disputes = []
    state_warning = "state-holiday" if period.direction == AFTER else "state-holiday.before"
    flips = [(state_warning, Reading(state_holidays=False), STATE),
             ("observed-day", Reading(observed_days=False), FEDERAL),
             ("dst-change", Reading(elapsed_hours=False), None)]
    for warning, alternative, kind in flips:
        other = outcomes.get(alternative)
        if other is None or not other.due < rule.due:
            continue
        disputes.append((warning, other, _culprit(rule, kind) if kind is not None else None))
    if safe < rule.due and all(other.due > safe for _, other, _ in disputes):
        # Only the two doubts together give the earliest date: a day that is both an observed
        # federal day and a state holiday (2034-11-10: Veterans Day observed, and Diwali), which
        # neither doubt alone opens. The reader is told, never shown an earlier date unexplained.
        earliest = next(o for o in outcomes.values() if o.due == safe)
        disputes.append(("observed-and-state", earliest, _culprit(rule, FEDERAL) or _culprit(rule, STATE)))
    return Result(period, rule, rule.due, safe, disputes)
