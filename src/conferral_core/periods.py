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

Where the law is unsettled the engine computes every reading (see `Reading`): `due` is the
rule's usual answer and `safe_due` the earliest of all readings, with a warning for each
reading that gives an earlier date. It never silently picks the later one.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from . import loader
from .calendars import FEDERAL, STATE, Calendar, LegalHoliday
from .loader import Table

AFTER, BEFORE = "after", "before"
DAYS, HOURS = "days", "hours"
SERVICE_METHODS = ("electronic", "mail", "clerk", "consent", "personal")
UTC = dt.timezone.utc


@dataclass(frozen=True)
class Reading:
    """One way of reading the unsettled points. The default is the rule's usual reading."""

    # 6(a)(6)(C): state holidays count for forward periods (federal courts in CA stay open).
    state_holidays: bool = True
    # 6(a)(6)(A): the weekday on which a weekend federal holiday is observed is a legal holiday.
    observed_days: bool = True
    # 6(a)(2)(B) "count every hour": real elapsed hours rather than clock hours across DST.
    elapsed_hours: bool = True


RULE = Reading()


@dataclass(frozen=True)
class AddedDays:
    start: dt.date
    end: dt.date | None
    days: int
    methods: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class Frcp6:
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
    """A day the period could not end on, and why (a weekend, or the holiday)."""

    day: dt.date
    holiday: LegalHoliday | None


@dataclass
class Outcome:
    """The count under one reading, with what happened along the way (for the steps)."""

    naive: dt.date | dt.datetime
    end: dt.date | dt.datetime
    skips: list[Skip] = field(default_factory=list)
    added: AddedDays | None = None
    after_added: dt.date | dt.datetime | None = None
    skips_after_added: list[Skip] = field(default_factory=list)
    final: dt.date | dt.datetime | None = None

    @property
    def due(self) -> dt.date | dt.datetime:
        return self.final if self.final is not None else self.end


def closed_because(cal: Calendar, day: dt.date, direction: str, reading: Reading) -> Skip | None:
    """Why a period may not end on `day` under `reading`, or None if it may."""
    holidays = cal.holidays_on(day)  # also checks the year is covered
    if day.weekday() >= 5:
        return Skip(day, None)
    for h in holidays:
        if h.forward_only and (direction == BEFORE or not reading.state_holidays):
            continue  # 6(a)(6)(C): "for periods that are measured after an event"
        if h.kind == FEDERAL and h.observed and not reading.observed_days:
            continue
        return Skip(day, h)
    return None


def _roll(cal: Calendar, day: dt.date, direction: str, reading: Reading) -> tuple[dt.date, list[Skip]]:
    """6(a)(1)(C) and 6(a)(5): move to the next (or previous) day the period may end on."""
    step = dt.timedelta(days=1 if direction == AFTER else -1)
    skips = []
    while (skip := closed_because(cal, day, direction, reading)) is not None:
        skips.append(skip)
        day += step
    return day, skips


def _at(zone: ZoneInfo, day: dt.date, clock: dt.time) -> dt.datetime:
    """The court-local moment at `clock` on `day`; a time in a spring-forward gap moves on."""
    local = dt.datetime.combine(day, clock, tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone)


def count(period: Period, reading: Reading = RULE) -> Outcome:
    cal, sign = period.calendar, (1 if period.direction == AFTER else -1)
    if period.unit == DAYS:
        naive = period.start + dt.timedelta(days=sign * period.count)
        end, skips = _roll(cal, naive, period.direction, reading)
    else:
        if reading.elapsed_hours:
            naive = (period.start.astimezone(UTC) + dt.timedelta(hours=sign * period.count)).astimezone(period.zone)
        else:
            wall = period.start.replace(tzinfo=None) + dt.timedelta(hours=sign * period.count)
            naive = _at(period.zone, wall.date(), wall.time())
        day, skips = _roll(cal, naive.date(), period.direction, reading)
        end = naive if day == naive.date() else _at(period.zone, day, naive.time())
    outcome = Outcome(naive, end, skips)
    served = period.start if period.unit == DAYS else period.start.date()
    added = frcp6().added_for(period.service, served) if period.direction == AFTER else None
    if added:
        outcome.added = added
        if period.unit == DAYS:
            outcome.after_added = end + dt.timedelta(days=added.days)
            outcome.final, outcome.skips_after_added = _roll(cal, outcome.after_added, AFTER, reading)
        else:
            outcome.after_added = _at(period.zone, end.date() + dt.timedelta(days=added.days), end.time())
            day, outcome.skips_after_added = _roll(cal, outcome.after_added.date(), AFTER, reading)
            outcome.final = _at(period.zone, day, end.time())
    return outcome


def readings(period: Period) -> list[Reading]:
    """Every reading worth computing for this period (the rule's reading first)."""
    hour_choices = (True, False) if period.unit == HOURS else (True,)
    combos = itertools.product((True, False), (True, False), hour_choices)
    return [Reading(*c) for c in combos]


@dataclass
class Result:
    period: Period
    rule: Outcome
    due: dt.date | dt.datetime
    safe_due: dt.date | dt.datetime
    # (warning id, the outcome of the reading that differs, the skip that made the difference)
    disputes: list[tuple[str, Outcome, Skip | None]]


def _unsettled(period: Period, rule: Outcome) -> bool:
    """Could another reading give a different date? Only if the rule's count skipped a day that
    another reading keeps open (a state day or an observed day), or crossed a clock change."""
    for skip in rule.skips + rule.skips_after_added:
        h = skip.holiday
        if h is not None and (h.kind == STATE or (h.kind == FEDERAL and h.observed)):
            return True
    return period.unit == HOURS and period.start.utcoffset() != rule.naive.utcoffset()


def compute(period: Period) -> Result:
    rule = count(period, RULE)
    if not _unsettled(period, rule):
        # Every other reading closes a subset of the days the rule closes, so each would
        # retrace the same count exactly.
        return Result(period, rule, rule.due, rule.due, [])
    outcomes = {r: count(period, r) for r in readings(period)}
    safe = min(o.due for o in outcomes.values())
    disputes = []
    flips = [("state-holiday", Reading(state_holidays=False), STATE),
             ("observed-day", Reading(observed_days=False), FEDERAL),
             ("dst-change", Reading(elapsed_hours=False), None)]
    for warning, alternative, kind in flips:
        other = outcomes.get(alternative)
        if other is None or not other.due < rule.due:
            continue
        culprit = None
        if kind is not None:
            skips = rule.skips + rule.skips_after_added
            culprit = next((s for s in skips if s.holiday and s.holiday.kind == kind
                            and (kind == STATE or s.holiday.observed)), None)
        disputes.append((warning, other, culprit))
    return Result(period, rule, rule.due, safe, disputes)




@dataclass
class BusinessDay:
    """The next business day after `start`, for orders that say "next business day"."""

    start: dt.date
    day: dt.date
    skips: list[Skip]
    open_state_days: list[Skip]  # state holidays passed over as business days (the court is open)


def next_business_day(cal: Calendar, start: dt.date) -> BusinessDay:
    """A business day here is a weekday the court is open: weekends and federal legal holidays
    (observed days included, since the court is closed) are skipped. California-only holidays
    are business days because federal courts stay open on them; the caller warns about them,
    since no order defines "business day" (it is the earlier, safe reading)."""
    day, skips, open_state = start + dt.timedelta(days=1), [], []
    while True:
        skip = closed_because(cal, day, BEFORE, RULE)  # BEFORE: state days do not close the court
        if skip is None:
            open_state += [Skip(day, h) for h in cal.holidays_on(day) if h.kind == STATE]
            return BusinessDay(start, day, skips, open_state)
        skips.append(skip)
        day += dt.timedelta(days=1)
