"""Courts and their legal holidays under FRCP 6(a)(6).

The holidays are data (data/holidays/*.toml); this module turns the rules there into dates.
A court gets (A) the federal holidays with their observed weekdays, (B) days the President
closed federal offices, and (C) its state's holidays, which count only for periods measured
after an event.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from . import loader
from .loader import DataError, Table

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SATURDAY, SUNDAY = 5, 6

# Observed-day shifts as small composable rules (weekday -> days to move), after
# python-holidays' ObservedRule. Federal: 5 U.S.C. 6103(b) and Exec. Order 11582.
# California: Gov. Code 6701 (Sunday only).
OBSERVED_RULES: dict[str, dict[int, int]] = {
    "saturday-to-friday": {SATURDAY: -1},
    "sunday-to-monday": {SUNDAY: +1},
}

# Kinds of legal holiday, in the order Rule 6(a)(6) lists them.
FEDERAL, PRESIDENTIAL, STATE = "federal", "presidential", "state"

# Sections of a court file that rules.py reads (the court's procedures); the calendar skips them.
RULE_SECTIONS = ("procedure", "requirement", "link", "marker", "caption")


class OutOfRange(ValueError):
    """A date outside the years the holiday data covers."""

    def __init__(self, day: dt.date, first: int, last: int):
        super().__init__(f"{day} is outside {first}-{last}")
        self.day, self.first, self.last = day, first, last


@dataclass(frozen=True)
class Court:
    """A court: its names, time zone and state (for state holidays), from its calendar file."""

    id: str
    name: str
    short_name: str
    time_zone: str
    state: str
    checked: dt.date


@dataclass(frozen=True)
class LegalHoliday:
    """One day that Rule 6(a)(6) may treat as a legal holiday.

    `actual` is set when this is an observed weekday standing in for a weekend holiday
    (its status under 6(a)(6)(A) is the unsettled point the engine surfaces).
    """

    date: dt.date
    name: str
    kind: str
    rule: str
    citation: str
    actual: dt.date | None = None
    note: str | None = None

    @property
    def forward_only(self) -> bool:
        # FRCP 6(a)(6)(C): state holidays count "for periods that are measured after an event".
        return self.kind == STATE

    @property
    def observed(self) -> bool:
        return self.actual is not None


@dataclass(frozen=True)
class _Rule:
    """A yearly holiday rule read from data."""

    id: str
    name: str
    citation: str
    month: int | None
    day: int | None
    weekday: int | None
    nth: int | None
    plus_days: int
    dates: tuple[dt.date, ...]
    shifts: dict[int, int]
    first: int | None
    last: int | None
    note: str | None

    def in_force(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)

    def actual_date(self, year: int) -> dt.date | None:
        if not self.in_force(year):
            return None
        if self.dates:
            return next((d for d in self.dates if d.year == year), None)
        # _read_rule sets the month with the day ("MM-DD"), or the month, weekday and nth together.
        if self.day is not None:
            assert self.month is not None
            return dt.date(year, self.month, self.day)
        assert self.month is not None and self.weekday is not None and self.nth is not None
        return nth_weekday(year, self.month, self.weekday, self.nth) + dt.timedelta(days=self.plus_days)

    def observed_date(self, actual: dt.date) -> dt.date:
        return actual + dt.timedelta(days=self.shifts.get(actual.weekday(), 0))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth weekday of a month; nth = -1 is the last one."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


def _read_rule(t: Table) -> _Rule:
    shifts: dict[int, int] = {}
    for i, name in enumerate(t.strings("observed", [])):
        if name not in OBSERVED_RULES:
            raise DataError(t.file, f"{t.where}.observed[{i}]", f"unknown rule {name!r}")
        shifts.update(OBSERVED_RULES[name])
    month = day = weekday = nth = None
    fixed = t.get("date", str, None)
    dates = tuple(t.dates("dates", []))
    if fixed is not None:
        try:
            month, day = (int(part) for part in fixed.split("-"))
            dt.date(2000, month, day)  # a leap year, so 02-29 would pass; no holiday uses it
        except ValueError:
            raise DataError(t.file, f"{t.where}.date", f"{fixed!r} is not MM-DD") from None
    elif not dates:
        month = t.get("month", int)
        weekday = WEEKDAYS.index(t.choice("weekday", WEEKDAYS))
        nth = t.get("nth", int)
        if not (1 <= month <= 12 and nth in (-1, 1, 2, 3, 4)):
            raise DataError(t.file, t.where, "month must be 1-12 and nth one of 1-4 or -1")
    rule = _Rule(
        id=t.get("id", str), name=t.get("name", str), citation=t.get("citation", str),
        month=month, day=day, weekday=weekday, nth=nth, plus_days=t.get("plus_days", int, 0),
        dates=dates, shifts=shifts, first=t.get("from", int, None), last=t.get("until", int, None),
        note=t.get("note", str, None),
    )
    t.get("basis", list, None)  # documentation for readers of the data; not used in counting
    t.done()
    return rule


@dataclass(frozen=True)
class _HolidaySet:
    """One kind of holidays (federal or a state's), by the rule that makes them, for the years it covers."""

    kind: str
    rule: str
    first: int
    last: int
    rules: tuple[_Rule, ...]
    closures: tuple[LegalHoliday, ...]
    observed_citation: str | None


@functools.cache
def _holiday_set(name: str) -> _HolidaySet:
    file = f"holidays/{name}.toml"
    return parse_holiday_set(file, loader.load(file))


def parse_holiday_set(file: str, raw: dict[str, Any]) -> _HolidaySet:
    """Read one data/holidays/*.toml file strictly (errors name the file and the key)."""
    t = Table(file, "", raw)
    kind = t.choice("kind", (FEDERAL, PRESIDENTIAL, STATE))
    rule = t.get("rule", str)
    covers = t.table("covers")
    first, last = covers.get("from", int), covers.get("until", int)
    covers.done()
    t.get("checked", dt.date)
    t.get("state", str, None)
    observed_citation = t.get("observed_citation", str, None)
    rules = tuple(_read_rule(r) for r in t.tables("holiday"))
    closures = []
    for c in t.tables("closure"):
        closures.append(LegalHoliday(c.get("date", dt.date), c.get("name", str), kind, rule, c.get("citation", str)))
        c.done()
    t.done()
    return _HolidaySet(kind, rule, first, last, rules, tuple(closures), observed_citation)


class Calendar:
    """The legal holidays of one court, computed per year on demand."""

    def __init__(self, court: Court):
        self.court = court
        sets = ["federal", "presidential", f"us-{court.state.lower()}"]
        self._sets = tuple(_holiday_set(s) for s in sets)
        self.first_year = max(s.first for s in self._sets)
        self.last_year = min(s.last for s in self._sets)
        self._by_date: dict[dt.date, tuple[LegalHoliday, ...]] = {}
        self._years: set[int] = set()

    def check(self, day: dt.date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise OutOfRange(day, self.first_year, self.last_year)

    def holidays_on(self, day: dt.date) -> tuple[LegalHoliday, ...]:
        """Every legal holiday (of any kind) that falls on `day`."""
        self.check(day)
        if day.year not in self._years:
            self._load_year(day.year)
        return self._by_date.get(day, ())

    def holidays_in(self, year: int) -> list[LegalHoliday]:
        self.check(dt.date(year, 1, 1))
        if year not in self._years:
            self._load_year(year)
        return [h for d in sorted(self._by_date) if d.year == year for h in self._by_date[d]]

    def _load_year(self, year: int) -> None:
        found: list[LegalHoliday] = []
        # Rules of the next year too: New Year's Day on a Saturday is observed on Dec 31.
        for rule_year in (year, year + 1):
            for hs in self._sets:
                for rule in hs.rules:
                    actual = rule.actual_date(rule_year)
                    if actual is None:
                        continue
                    observed = rule.observed_date(actual)
                    if observed.year != year:
                        continue
                    if observed == actual:
                        found.append(LegalHoliday(actual, rule.name, hs.kind, hs.rule, rule.citation, None, rule.note))
                    else:
                        citation = f"{rule.citation}; observed day: {hs.observed_citation}"
                        found.append(LegalHoliday(observed, rule.name, hs.kind, hs.rule, citation, actual, rule.note))
        for hs in self._sets:
            found.extend(c for c in hs.closures if c.date.year == year)
        for h in found:
            self._by_date.setdefault(h.date, ())
            self._by_date[h.date] += (h,)
        self._years.add(year)


@functools.cache
def courts() -> dict[str, Court]:
    result = {}
    for name in loader.list_dir("courts"):
        raw = loader.load(f"courts/{name}")
        court = parse_court(f"courts/{name}", {k: v for k, v in raw.items() if k not in RULE_SECTIONS})
        result[court.id] = court
    return result


def parse_court(file: str, raw: dict[str, Any]) -> Court:
    """Read one data/courts/*.toml file strictly; the id must match the file name."""
    t = Table(file, "", raw)
    court = Court(t.get("id", str), t.get("name", str), t.get("short_name", str),
                  t.get("time_zone", str), t.get("state", str), t.get("checked", dt.date))
    t.done()
    if file.rsplit("/", 1)[-1] != f"{court.id}.toml":
        raise DataError(file, "id", f"{court.id!r} does not match the file name")
    if court.time_zone not in _known_zones():
        raise DataError(file, "time_zone", f"unknown time zone {court.time_zone!r}")
    return court


@functools.cache
def _known_zones() -> frozenset[str]:
    import zoneinfo
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def calendar(court_id: str) -> Calendar:
    return Calendar(courts()[court_id])
