"""The one JSON entry point: `handle(request) -> response`.

The CLI, the site build and the browser all call this. Input is checked here; a bad request
gets {"error": {"code", "message", "field"}} and never an exception. Output is plain JSON:
ISO dates and court-local YYYY-MM-DDTHH:MM times, so answers from CPython and Pyodide can
be compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable
from zoneinfo import ZoneInfo

from . import calendars, explain, periods
from .calendars import OutOfRange
from .messages import LANGUAGES, Catalog, catalog

MAX_DAYS = 3653  # 10 years: more is almost certainly a typo
MAX_HOURS = MAX_DAYS * 24
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})")


class ApiError(Exception):
    def __init__(self, code: str, at: str | None, **params: Any):
        super().__init__(code)
        self.code, self.field, self.params = code, at, {"field": at, **params}


class Request:
    """A request dict, read field by field; unknown fields are an error."""

    def __init__(self, raw: dict[str, Any], allowed: tuple[str, ...]):
        for key in raw:
            if key not in allowed:
                raise ApiError("unknown-field", str(key))
        self.raw = raw

    def text(self, key: str, default: Any = ...) -> Any:
        if key not in self.raw:
            if default is ...:
                raise ApiError("missing-field", key)
            return default
        value = self.raw[key]
        if not isinstance(value, str):
            raise ApiError("bad-type", key, expected="text")
        return value

    def whole(self, key: str, default: Any = ...) -> Any:
        if key not in self.raw:
            if default is ...:
                raise ApiError("missing-field", key)
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ApiError("bad-type", key, expected="a whole number")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = ...) -> Any:
        value = self.text(key, default)
        if value is not default and value not in choices:
            raise ApiError("bad-choice", key, choices=", ".join(choices), value=value)
        return value


def _court(req: Request) -> calendars.Court:
    court_id = req.text("court")
    known = calendars.courts()
    if court_id not in known:
        raise ApiError("unknown-court", "court", value=court_id, courts=", ".join(sorted(known)))
    return known[court_id]


def parse_date(value: str, field: str) -> dt.date:
    if _DATETIME.fullmatch(value):
        raise ApiError("days-take-date", field, example=value[:10])
    if not _DATE.fullmatch(value):
        raise ApiError("bad-date", field, value=value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError("bad-date", field, value=value) from None


def parse_moment(value: str, field: str, zone: ZoneInfo) -> dt.datetime:
    """A court-local YYYY-MM-DDTHH:MM; times that do not exist or happen twice are refused."""
    match = _DATETIME.fullmatch(value)
    if not match:
        if _DATE.fullmatch(value):
            raise ApiError("hours-need-time", field, value=value)
        raise ApiError("bad-datetime", field, value=value)
    try:
        naive = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ApiError("bad-datetime", field, value=value) from None
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # fold=0 and fold=1 disagree in a gap (the time never shows) and in an overlap (twice).
        round_trip = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        raise ApiError("time-gap" if round_trip != naive else "time-twice", field, value=value)
    return first


def _period(req: Request, cat: Catalog) -> dict[str, Any]:
    court = _court(req)
    cal = calendars.calendar(court.id)
    has_days, has_hours = "days" in req.raw, "hours" in req.raw
    if has_days and has_hours:
        raise ApiError("days-or-hours", "hours")
    if not (has_days or has_hours):
        raise ApiError("need-days-or-hours", "days")
    unit, limit = (periods.DAYS, MAX_DAYS) if has_days else (periods.HOURS, MAX_HOURS)
    n = req.whole(unit)
    if n < 1:
        raise ApiError("count-too-small", unit)
    if n > limit:
        raise ApiError("count-too-large", unit, limit=f"{limit} {unit}")
    direction = req.choice("direction", (periods.AFTER, periods.BEFORE), periods.AFTER)
    service = req.choice("service", periods.SERVICE_METHODS, None)
    raw_start = req.text("from")
    start = (parse_date(raw_start, "from") if unit == periods.DAYS
             else parse_moment(raw_start, "from", ZoneInfo(court.time_zone)))
    rules = periods.frcp6()
    start_day = start if unit == periods.DAYS else start.date()
    if start_day < rules.in_force_from:
        raise ApiError("before-rule", "from", citation=rules.in_force_citation,
                       date=rules.in_force_from)
    if direction == periods.BEFORE and rules.added_for(service, start_day):
        raise ApiError("service-before", "service", value=service)
    period = periods.Period(cal, start, n, unit, direction, service)
    try:
        result = periods.compute(period)
    except OutOfRange as err:
        raise ApiError("out-of-range", "from", day=err.day, first=err.first, last=err.last) from None
    return {
        "kind": "period", "court": court.id, "time_zone": court.time_zone, "from": explain.iso(start),
        "unit": unit, "count": n, "direction": direction, "service": service,
        "due": explain.iso(result.due), "safe_due": explain.iso(result.safe_due),
        "steps": explain.steps(cat, result), "warnings": explain.warnings(cat, result),
    }


def _calendar(req: Request, cat: Catalog) -> dict[str, Any]:
    court = _court(req)
    cal = calendars.calendar(court.id)
    year = req.whole("year")
    if not cal.first_year <= year <= cal.last_year:
        raise ApiError("year-range", "year", first=cal.first_year, last=cal.last_year)
    return {"kind": "calendar", "court": court.id, "year": year, "time_zone": court.time_zone,
            "holidays": [explain.holiday_entry(h) for h in cal.holidays_in(year)]}


def _courts(req: Request, cat: Catalog) -> dict[str, Any]:
    return {"kind": "courts", "courts": [
        {"id": c.id, "name": c.name, "short_name": c.short_name, "time_zone": c.time_zone, "state": c.state,
         "checked": c.checked.isoformat()} for c in calendars.courts().values()]}


# kind -> (handler, the fields it takes besides "kind" and "lang")
KINDS: dict[str, tuple[Callable[[Request, Catalog], dict[str, Any]], tuple[str, ...]]] = {
    "period": (_period, ("court", "from", "days", "hours", "direction", "service")),
    "calendar": (_calendar, ("court", "year")),
    "courts": (_courts, ()),
}


def handle(request: Any) -> dict[str, Any]:
    """Answer one request. Never raises: errors come back as {"error": {...}}."""
    cat = catalog("en")
    try:
        if not isinstance(request, dict):
            raise ApiError("bad-request", None)
        if "kind" not in request:
            raise ApiError("missing-kind", "kind", kinds=", ".join(KINDS))
        kind = request["kind"]
        if not isinstance(kind, str) or kind not in KINDS:
            raise ApiError("unknown-kind", "kind", value=kind, kinds=", ".join(KINDS))
        lang = request.get("lang", "en")
        if lang not in LANGUAGES:
            raise ApiError("bad-choice", "lang", choices=", ".join(LANGUAGES), value=lang)
        cat = catalog(lang)
        handler, fields = KINDS[kind]
        return handler(Request(request, ("kind", "lang") + fields), cat)
    except ApiError as err:
        return {"error": {"code": err.code, "field": err.field, "message": cat.text("errors", err.code, **err.params)}}
    except RecursionError:
        return _internal(cat)
    except Exception:  # noqa: BLE001 - the contract is "never a traceback"; tests assert this never happens
        return _internal(cat)


def _internal(cat: Catalog) -> dict[str, Any]:
    return {"error": {"code": "internal", "field": None, "message": cat.text("errors", "internal")}}
