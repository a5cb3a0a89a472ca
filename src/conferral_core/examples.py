"""Worked examples a lawyer can read: data/examples/<id>.toml, one file per example.

An example is a judge, a procedure, the events a person would enter, and the dates the rules
give. Each was worked out by hand from a printed calendar and the rule's words; the tests check
that the engine gives exactly these dates, and that every date the prose quotes is one of the
example's events or a date of the engine's answer. The API (kind "examples") answers each with
its request and the engine's answer, computed at that moment, never stored; the site's
/examples/ page and the judge pages show them.

Fields of a file (the file name, without .toml, is the example's id):

- `title`, `why` (the reasoning in plain words), `judge`, `procedure`;
- `[events]`: event id = "YYYY-MM-DD" (a date event) or "YYYY-MM-DDTHH:MM" (court time);
- optional `service` (a method of FRCP 6(d)) and `conditions` (condition ids of the procedure);
- `[expect]`: `deadlines.<id>` with `due` and `safe_due`, `windows.<id>` with `start` and `end`,
  `checks` = { <id> = true/false }, `earliest` (the deadline id that comes first in its group),
  `absent` (deadline ids that must not appear), `absent_checks` (check ids that must not appear),
  `outside` (the ids of rules not in force on the events' dates: exactly these are reported);

The title and reasoning in other languages are in data/translations/<lang>.toml, keyed by the
English text like every other text of the data (a missing one fails the translation audit), so a
new language adds no line here.

The loader is strict, like the rules': an unknown or missing key, a wrong type, a bad date, or an
id the judge, procedure, or the procedure's events, deadlines, windows and checks do not have is a
DataError naming the file and the key. Imported only by the API's "examples" kind.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import loader, periods, rules, translations
from .loader import DataError, Table
from .messages import ROOT_LANGUAGE

FOLDER = "examples"
EXAMPLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Words:
    """An example's title and reasoning in one language."""

    title: str
    why: str


@dataclass(frozen=True)
class Expect:
    """What the engine must answer (strings as the API writes them)."""

    deadlines: Mapping[str, tuple[str, str]]  # deadline id -> (due, safe_due)
    windows: Mapping[str, tuple[str, str]]  # window id -> (start, end)
    checks: Mapping[str, bool]  # check id -> ok
    earliest: str | None = None
    absent: tuple[str, ...] = ()
    absent_checks: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    """A worked example: a reader's situation, the judge and procedure it concerns, and what the core answers."""

    id: str
    title: str  # English, as the other texts of the data
    why: str
    judge: str
    procedure: str
    events: Mapping[str, str]  # event id -> "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", in the file's order
    service: str | None
    conditions: tuple[str, ...]
    expect: Expect

    def words(self, lang: str = ROOT_LANGUAGE) -> Words:
        """The title and reasoning in `lang` (data/translations/<lang>.toml)."""
        return Words(translations.text(lang, self.title), translations.text(lang, self.why))

    def to_request(self, lang: str = ROOT_LANGUAGE) -> dict[str, Any]:
        """The API request ("deadlines") a person would make for this example. The one place that
        request is written: the API's "examples" kind, the site and the tests all use it."""
        request: dict[str, Any] = {"kind": "deadlines", "lang": lang, "judge": self.judge,
                                   "procedure": self.procedure, "events": dict(self.events)}
        if self.service is not None:
            request["service"] = self.service
        if self.conditions:
            request["conditions"] = list(self.conditions)
        return request


# ---- reading -------------------------------------------------------------------------------

def parse_example(file: str, raw: dict[str, Any], judges: Mapping[str, rules.Judge]) -> Example:
    """One example file, checked against the judges' rules (`rules.judges()`)."""
    example_id = file.rsplit("/", 1)[-1].removesuffix(".toml")
    if not EXAMPLE_ID.fullmatch(example_id):
        raise DataError(file, "-", "an example's file name is its id: lowercase letters, digits and hyphens")
    t = Table(file, "", raw)
    judge_id, proc_id = t.get("judge", str), t.get("procedure", str)
    judge = judges.get(judge_id)
    if judge is None:
        raise DataError(file, "judge", f"unknown judge {judge_id!r}")
    proc = judge.procedure(proc_id)
    if proc is None:
        raise DataError(file, "procedure", f"{judge_id!r} has no procedure {proc_id!r}")
    events = _events(t.table("events"), proc)
    service = t.choice("service", periods.SERVICE_METHODS, None)
    if service is not None and not any(e.served for e in proc.events):
        raise DataError(file, "service", f"no event of {proc_id!r} is the service of papers")
    conditions = tuple(t.strings("conditions", []))
    known_conditions = {c.id for c in proc.conditions}
    for i, condition in enumerate(conditions):
        if condition not in known_conditions:
            raise DataError(file, f"conditions[{i}]", f"{proc_id!r} has no condition {condition!r}")
    expect = _expect(t.table("expect"), proc)
    example = Example(example_id, t.get("title", str), t.get("why", str), judge_id, proc_id, events, service,
                      conditions, expect)
    t.done()
    return example


def _events(t: Table, proc: rules.Procedure) -> dict[str, str]:
    events: dict[str, str] = {}
    for name in t.raw:
        event = proc.event(name)
        if event is None:
            raise DataError(t.file, _at(t, name), f"{proc.id!r} has no event {name!r} "
                                                         f"(it has {', '.join(e.id for e in proc.events)})")
        events[name] = _moment(t, name, with_time=event.type == "datetime")
    t.done()
    if not events:
        raise DataError(t.file, t.where, "give at least one event")
    return events


def _at(t: Table, key: str) -> str:
    """The path of `key` in `t`, as a DataError names it ("expect.deadlines.meeting")."""
    return f"{t.where}.{key}" if t.where else key


def _sub(t: Table, key: str) -> Table:
    """An optional table of `t`; absent, an empty one."""
    found = t.table(key, None)
    return found if found is not None else Table(t.file, _at(t, key), {})


def _moment(t: Table, key: str, with_time: bool | None = None) -> str:
    """A date ("YYYY-MM-DD") or a court time ("YYYY-MM-DDTHH:MM") written as the API takes it;
    `with_time` None: either."""
    value = t.get(key, str)
    shape = _DATETIME if with_time or (with_time is None and "T" in value) else _DATE
    try:
        if not shape.fullmatch(value):
            raise ValueError(value)
        dt.datetime.fromisoformat(value)
    except ValueError:
        wanted = "YYYY-MM-DDTHH:MM" if shape is _DATETIME else "YYYY-MM-DD"
        raise DataError(t.file, _at(t, key), f"{value!r} is not a real date written {wanted}") from None
    return value


def _expect(t: Table, proc: rules.Procedure) -> Expect:
    deadline_ids = {d.id for d in proc.deadlines}
    window_ids = {w.id for w in proc.windows}
    check_ids = {c.id for c in proc.checks}

    def known(where: str, value: str, ids: set[str], what: str) -> str:
        if value not in ids:
            raise DataError(t.file, where, f"{proc.id!r} has no {what} {value!r}")
        return value

    def ids(key: str, among: set[str], what: str) -> tuple[str, ...]:
        return tuple(known(f"{_at(t, key)}[{i}]", v, among, what) for i, v in enumerate(t.strings(key, [])))

    deadlines: dict[str, tuple[str, str]] = {}
    table = _sub(t, "deadlines")
    for name in list(table.raw):
        known(_at(table, name), name, deadline_ids, "deadline")
        d = table.table(name)
        deadlines[name] = (_moment(d, "due"), _moment(d, "safe_due"))
        d.done()
    table.done()
    windows: dict[str, tuple[str, str]] = {}
    table = _sub(t, "windows")
    for name in list(table.raw):
        known(_at(table, name), name, window_ids, "window")
        w = table.table(name)
        windows[name] = (_moment(w, "start", with_time=False), _moment(w, "end", with_time=False))
        w.done()
    table.done()
    checks: dict[str, bool] = {}
    table = _sub(t, "checks")
    for name in list(table.raw):
        checks[known(_at(table, name), name, check_ids, "check")] = table.get(name, bool)
    table.done()
    earliest = t.get("earliest", str, None)
    if earliest is not None:
        known(_at(t, "earliest"), earliest, deadline_ids, "deadline")
    expect = Expect(deadlines, windows, checks, earliest, ids("absent", deadline_ids, "deadline"),
                    ids("absent_checks", check_ids, "check"),
                    ids("outside", deadline_ids | window_ids | check_ids, "deadline, window or check"))
    t.done()
    return expect


# ---- lazy access ---------------------------------------------------------------------------

@functools.cache
def load_all() -> dict[str, Example]:
    """Every example, by id, in the order of their file names."""
    judges = rules.judges()
    out: dict[str, Example] = {}
    for name in loader.list_dir(FOLDER):
        file = f"{FOLDER}/{name}"
        example = parse_example(file, loader.load(file), judges)
        out[example.id] = example
    return out
