"""The one JSON entry point: `handle(request) -> response`.

The CLI, the site build and the browser all call this. Input is checked here; a bad request
gets {"error": {"code", "message", "field"}} and never an exception. Output is plain JSON:
ISO dates and court-local YYYY-MM-DDTHH:MM times, so answers from CPython and Pyodide can
be compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Callable, cast
from zoneinfo import ZoneInfo

from . import calendars, explain, periods
from .calendars import OutOfRange
from .loader import DataError
from .messages import LANGUAGES, Catalog, catalog

if TYPE_CHECKING:  # the engine is imported when a request first needs it
    from .procedures import DeadlinesResult

MAX_DAYS = 3653  # 10 years: more is almost certainly a typo
# Requests that load every module and data file an ordinary answer needs, with fixed values (no
# reader's): the browser runs them before it keeps a snapshot of the started engine, and the
# build runs them to find what to precompile.
WARM_UP: tuple[dict[str, Any], ...] = (
    {"kind": "courts"}, {"kind": "judges"},
    {"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
     "events": {"request": "2026-11-30", "conference": "2026-12-08T10:00"}},
    {"kind": "document", "judge": "caed-claire", "procedure": "informal-conference"},
)


def vocabularies() -> dict[str, Any]:
    """The values a request may carry, for forms that offer them (the browser's checker shows
    these, in this order, and never a list of its own)."""
    from . import cases, rules

    # The shapes of a case number the find-judge request reads (cases.py), each matching a whole,
    # trimmed case number, written so a browser's RegExp takes them too (its named group is "(?<").
    case_number = [{"pattern": shape.pattern.replace("(?P<", "(?<"),
                    "flags": "i" * bool(shape.flags & re.I) + "s" * bool(shape.flags & re.S)}
                   for shape in (cases.CASE_NUMBER, cases.OLD_CASE_NUMBER)]
    return {"service": list(periods.SERVICE_METHODS), "modes": list(rules.MODES),
            "participants": list(rules.PARTICIPANTS), "judge_id": rules.JUDGE_ID.pattern,
            "case_number": case_number}
MAX_HOURS = MAX_DAYS * 24
MAX_BUSINESS_DAYS = 2610  # 10 years of weekdays
# Request fields that state a period, with its unit and the largest count taken.
PERIOD_FIELDS = {"days": (periods.DAYS, MAX_DAYS), "hours": (periods.HOURS, MAX_HOURS),
                 "business_days": (periods.BUSINESS_DAYS, MAX_BUSINESS_DAYS)}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
MAX_LINK = 2000
# A link an .ics file may carry: http(s), and only characters a URI needs, without the comma and
# semicolon (calendar programs split values on them) and without any space or control character.
_LINK = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+=%]+")


class ApiError(Exception):
    def __init__(self, code: str, at: str | None, **params: Any):
        super().__init__(code)
        self.code, self.field, self.params = code, at, {"field": at, **params}


class Request:
    """A request dict, read field by field; unknown fields are an error."""

    def __init__(self, raw: dict[str, Any], allowed: tuple[str, ...]):
        for key in raw:
            if key not in allowed:
                raise ApiError("unknown-field", key if isinstance(key, str) else None, value=key)
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
            raise ApiError("bad-type", key, expected="whole-number")
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


def parse_date(value: str, field: str, label: str | None = None) -> dt.date:
    if _DATETIME.fullmatch(value):
        raise ApiError("days-take-date", field, example=value[:10], label=label)
    if not _DATE.fullmatch(value):
        raise ApiError("bad-date", field, value=value, label=label)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError("bad-date", field, value=value, label=label) from None


def parse_moment(value: str, field: str, zone: ZoneInfo, label: str | None = None) -> dt.datetime:
    """A court-local YYYY-MM-DDTHH:MM; times that do not exist or happen twice are refused."""
    match = _DATETIME.fullmatch(value)
    if not match:
        if _DATE.fullmatch(value):
            raise ApiError("hours-need-time", field, value=value, label=label)
        raise ApiError("bad-datetime", field, value=value, label=label)
    try:
        naive = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ApiError("bad-datetime", field, value=value, label=label) from None
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # fold=0 and fold=1 disagree in a gap (the time never shows) and in an overlap (twice).
        round_trip = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        raise ApiError("time-gap" if round_trip != naive else "time-twice", field, value=value, label=label)
    return first


def _within_years(court_id: str, day: dt.date, field: str, label: str | None = None) -> None:
    """Every date of a request must lie in the years the holiday data covers: checked up front, so
    a date like 9999-12-25 is refused plainly, never counted into an overflow or a silent answer."""
    cal = calendars.calendar(court_id)
    if not cal.first_year <= day.year <= cal.last_year:
        raise ApiError("out-of-range", field, day=day, first=cal.first_year, last=cal.last_year, label=label)


def _period(req: Request, cat: Catalog) -> dict[str, Any]:
    court = _court(req)
    cal = calendars.calendar(court.id)
    given = [key for key in PERIOD_FIELDS if key in req.raw]
    if len(given) > 1:
        raise ApiError("days-or-hours", given[1])
    if not given:
        raise ApiError("need-days-or-hours", "days")
    key = given[0]
    unit, limit = PERIOD_FIELDS[key]
    n = req.whole(key)
    if n < 1:
        raise ApiError("count-too-small", key)
    if n > limit:
        raise ApiError("count-too-large", key, limit=f"{limit} {cat.lookup('units', explain.UNIT_WORDS[unit][1])}")
    direction = req.choice("direction", (periods.AFTER, periods.BEFORE), periods.AFTER)
    service = req.choice("service", periods.SERVICE_METHODS, None)
    raw_start = req.text("from")
    start = (parse_moment(raw_start, "from", ZoneInfo(court.time_zone)) if unit == periods.HOURS
             else parse_date(raw_start, "from"))
    rules = periods.frcp6()
    start_day = cast(dt.datetime, start).date() if unit == periods.HOURS else start  # hours: a moment
    _within_years(court.id, start_day, "from")
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
        "due_text": explain.text_of(cat, result.due), "safe_due_text": explain.text_of(cat, result.safe_due),
        "steps": explain.steps(cat, result), "warnings": explain.warnings(cat, result),
    }


def _calendar(req: Request, cat: Catalog) -> dict[str, Any]:
    court = _court(req)
    cal = calendars.calendar(court.id)
    year = req.whole("year")
    if not cal.first_year <= year <= cal.last_year:
        raise ApiError("year-range", "year", first=cal.first_year, last=cal.last_year)
    return {"kind": "calendar", "court": court.id, "year": year, "time_zone": court.time_zone,
            "holidays": [explain.holiday_entry(cat, h) for h in cal.holidays_in(year)]}


def _courts(req: Request, cat: Catalog) -> dict[str, Any]:
    return {"kind": "courts", "courts": [
        {"id": c.id, "name": cat.data(c.name), "short_name": c.short_name, "time_zone": c.time_zone, "state": c.state,
         "checked": c.checked.isoformat()} for c in calendars.courts().values()]}


def _judge(req: Request, lang: str) -> Any:
    from . import rules

    judge_id = req.text("judge")
    found = rules.judge(judge_id, lang)
    if found is None:
        import difflib  # only on this error path

        known = rules.judges(lang)
        # 86 ids and more: name the likely ones, never the whole list.
        close = difflib.get_close_matches(judge_id[:80], sorted(known), n=3, cutoff=0.6)
        raise ApiError("unknown-judge" if close else "unknown-judge-none", "judge", value=judge_id,
                       judges=", ".join(close))
    return found


def _procedure(req: Request, judge: Any, required: bool = True) -> Any:
    proc_id = req.text("procedure", ... if required else None)
    if proc_id is None:
        return None
    proc = judge.procedure(proc_id)
    if proc is None:
        raise ApiError("unknown-procedure", "procedure", value=proc_id,
                       procedures=", ".join(p.id for p in judge.procedures))
    return proc


def _strings(req: Request, key: str, allowed: tuple[str, ...], default: Any = ...) -> Any:
    if key not in req.raw:
        if default is ...:
            raise ApiError("missing-field", key)
        return default
    values = req.raw[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ApiError("bad-type", key, expected="texts")
    for v in values:
        if v not in allowed:
            # A procedure with no conditions at all: say so, never "one of , not ...".
            raise ApiError("bad-choice" if allowed else "no-choices", key, choices=", ".join(allowed), value=v)
    return values


def _judges(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import rules
    from .views import judge_summary

    return {"kind": "judges", "id_pattern": rules.JUDGE_ID.pattern,
            "judges": [judge_summary(j, cat) for j in rules.judges(cat.lang).values()]}


def _judge_detail(req: Request, cat: Catalog) -> dict[str, Any]:
    from .views import judge_detail

    return {"kind": "judge", "judge": judge_detail(_judge(req, cat.lang), cat)}


def _court_detail(req: Request, cat: Catalog) -> dict[str, Any]:
    from .views import court_detail

    return {"kind": "court", "court": court_detail(_court(req).id, cat)}


def _deadline_inputs(req: Request, cat: Catalog) -> tuple[Any, Any, dict[str, Any], str | None, set[str],
                                                          dt.date | None]:
    """The judge, procedure, parsed events, service method, conditions and reader's today of a request."""
    judge = _judge(req, cat.lang)
    proc = _procedure(req, judge)
    raw_events = req.raw.get("events", {})
    if not isinstance(raw_events, dict):
        raise ApiError("bad-type", "events", expected="events")
    court = calendars.courts()[judge.court]
    zone = ZoneInfo(court.time_zone)
    rules6 = periods.frcp6()
    events: dict[str, Any] = {}
    for name, value in raw_events.items():
        event = proc.event(name)
        field = f"events.{name}"
        if event is None:
            raise ApiError("unknown-event", field, value=name, events=", ".join(e.id for e in proc.events))
        label = event.label
        if not isinstance(value, str):
            raise ApiError("bad-type", field, expected="text", label=label)
        moment = (parse_date(value, field, label) if event.type == "date"
                  else parse_moment(value, field, zone, label))
        day = moment if event.type == "date" else cast(dt.datetime, moment).date()
        _within_years(judge.court, day, field, label)
        if day < rules6.in_force_from:
            raise ApiError("before-rule", field, citation=rules6.in_force_citation, date=rules6.in_force_from,
                           label=label)
        events[name] = moment
    service = req.choice("service", periods.SERVICE_METHODS, None)
    if service is not None and not any(e.served for e in proc.events):
        raise ApiError("no-service-event", "service", procedure=proc.id)
    conditions = set(_strings(req, "conditions", tuple(c.id for c in proc.conditions), []))
    # The reader's own date, only compared with deadlines (never counted from): any real date.
    today = parse_date(req.text("today"), "today") if "today" in req.raw else None
    return judge, proc, events, service, conditions, today


def _compute_deadlines(req: Request, cat: Catalog) -> tuple[Any, Any, DeadlinesResult]:
    from . import procedures

    judge, proc, events, service, conditions, today = _deadline_inputs(req, cat)
    try:
        return judge, proc, procedures.compute(cat, judge, proc, events, service, conditions, today)
    except OutOfRange as err:
        raise ApiError("out-of-range", "events", day=err.day, first=err.first, last=err.last) from None


def _deadlines(req: Request, cat: Catalog) -> dict[str, Any]:
    judge, _, result = _compute_deadlines(req, cat)
    return {"kind": "deadlines", **result.to_json(), "caveats": _result_caveats(judge, cat, result)}


def _result_caveats(judge: Any, cat: Catalog, result: DeadlinesResult) -> list[dict[str, str]]:
    """The judge's caveats, with the age of the sources this result actually used."""
    from .views import caveats

    return caveats(judge, cat, result.sources())


def _stamp(req: Request) -> dt.datetime:
    """When the file is made (DTSTAMP): the request's `stamp`, for answers that must be the same
    every time; otherwise now."""
    if "stamp" not in req.raw:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    value = req.text("stamp")
    if not _STAMP.fullmatch(value):
        raise ApiError("bad-stamp", "stamp", value=value)
    try:
        return dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise ApiError("bad-stamp", "stamp", value=value) from None


def _link(req: Request) -> str | None:
    if "link" not in req.raw:
        return None
    value = req.text("link")
    if len(value) > MAX_LINK or not _LINK.fullmatch(value):
        raise ApiError("bad-link", "link", value=value, limit=MAX_LINK)
    return str(value)


def _ics(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import ics

    stamp, link = _stamp(req), _link(req)
    judge, proc, result = _compute_deadlines(req, cat)
    # Only dates counted from the reader's own events: a calendar entry outlives the assumption
    # that an event falls on its last allowed day.
    entries = [d for d in result.deadlines if d.assumed is None]
    if not entries:
        raise ApiError("no-deadlines", "events")
    first = entries[0].safe_due  # the deadlines come in time order, by their safe dates
    day = first.date() if isinstance(first, dt.datetime) else first
    return {"kind": "ics", "filename": f"conferral-{judge.id}-{proc.id}-{day.isoformat()}.ics",
            "media_type": "text/calendar",
            "content": ics.calendar(cat, result, _result_caveats(judge, cat, result), judge.name, proc.title,
                                    stamp=stamp, link=link)}


def _find_judge(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import rules
    from .cases import initials_in
    from .views import judge_summary

    number = req.text("case_number")
    if len(number) > 200:
        raise ApiError("bad-case-number", "case_number", value=number[:40] + "…")
    initials = initials_in(number)
    if initials is None:
        raise ApiError("bad-case-number", "case_number", value=number)
    if not initials:
        raise ApiError("no-initials", "case_number", value=number)
    judges = rules.judges(cat.lang)
    court_rules = rules.court_rules(cat.lang)
    found: list[dict[str, Any]]
    found, markers, unknown, shared, lines = [], [], [], [], []
    for token in initials:
        holders = [j for j in judges.values() if j.initials == token]
        meant = [(cid, m) for cid, c in court_rules.items() for m in c.markers if m.code == token]
        for judge in holders:
            if all(f["id"] != judge.id for f in found):
                found.append(judge_summary(judge, cat))
        if len(holders) > 1:
            names = ", ".join(f"{j.name} ({court_rules[j.court].court.short_name})" for j in holders)
            shared.append({"initials": token, "judges": [j.id for j in holders]})
            lines.append(cat.text("cases", "shared", initials=token, names=names))
        for court_id, marker in meant:
            markers.append({"code": token, "court": court_id, "meaning": marker.meaning,
                            "source": marker.source.to_json() if marker.source else None})
            lines.append(cat.text("cases", "marker", code=token, meaning=marker.meaning,
                                  court=court_rules[court_id].court.short_name))
        if not holders and not meant:
            unknown.append(token)
    if unknown:
        lines.append(cat.text("cases", "unknown", initials=", ".join(unknown)))
    ids = sorted({j["court"] for j in found}) or sorted(court_rules)
    courts = [{"id": c, "short_name": court_rules[c].court.short_name, "name": court_rules[c].court.name} for c in ids]
    head = cat.text("cases", "found" if found else "none", initials=", ".join(initials), count=len(found))
    return {"kind": "find-judge", "case_number": number, "initials": initials, "judges": found,
            "markers": markers, "unknown": unknown, "shared": shared, "courts": courts,
            "text": " ".join([head, *lines])}


def _conferral(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import conferral
    from .rules import MODES, PARTICIPANTS

    judge = _judge(req, cat.lang)
    proc = _procedure(req, judge, required=False)
    modes = _strings(req, "modes", MODES)
    if not modes:
        raise ApiError("empty-list", "modes")
    participants = _strings(req, "participants", PARTICIPANTS, None)
    hours = req.whole("response_hours", None)
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        raise ApiError("count-too-large" if hours > 0 else "count-too-small", "response_hours", limit=MAX_HOURS)
    procs = [proc] if proc is not None else list(judge.procedures)
    return {"kind": "conferral", **conferral.check(cat, judge, procs, modes, participants, hours)}


def _letter(req: Request, cat: Catalog) -> dict[str, Any]:
    import base64
    import binascii

    from . import letters

    judge = _judge(req, cat.lang)
    proc = _procedure(req, judge)
    on = parse_date(req.text("date"), "date") if "date" in req.raw else None
    in_force = proc.requirements_on(on)
    page_limit = next((r for r in in_force if r.kind == "page-limit"), None)
    font = next((r for r in in_force if r.kind == "font"), None)
    limits = letters.limits_of(in_force)
    has_pdf, has_text = "pdf" in req.raw, "text" in req.raw
    if has_pdf == has_text:
        raise ApiError("pdf-or-text", "pdf")
    sources = [r.source.to_json() for r in (page_limit, font) if r is not None]
    if has_text:
        text = req.text("text")
        result = letters.estimate_text(cat, text, limits)
    else:
        encoded = req.text("pdf")
        if len(encoded) > (letters.MAX_BYTES * 4) // 3 + 8:
            raise ApiError("pdf-too-big", "pdf", limit=letters.MAX_BYTES // 1024 // 1024)
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError("bad-base64", "pdf") from None
        result = letters.check_pdf(cat, data, limits)
    return {"kind": "letter", "judge": judge.id, "procedure": proc.id, "document": limits.document, **result,
            "applied": letters.limit_sentences(cat, limits) + letters.unset_sentences(cat, limits),
            "sources": sources}


def _document(req: Request, cat: Catalog) -> dict[str, Any]:
    """The document a procedure has the parties write, laid out from the rules data (documents.py):
    with `date`, the rules in force that day; without, the newest (as the letter check)."""
    from . import documents

    judge = _judge(req, cat.lang)
    proc = _procedure(req, judge)
    on = parse_date(req.text("date"), "date") if "date" in req.raw else None
    answer = documents.model(cat, judge, proc, on)
    if answer is None:
        named = [p.id for p in judge.procedures if documents.names_document(p, on)]
        others = " " + cat.text("document", "others", procedures=", ".join(named)) if named else ""
        raise ApiError("no-document", "procedure", value=proc.id, others=others)
    return answer


def _source(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import rules

    doc = req.text("doc")
    known = rules.sources()
    if doc not in known:
        import difflib

        close = difflib.get_close_matches(doc[:120], sorted(known), n=3, cutoff=0.6)
        raise ApiError("unknown-source" if close else "unknown-source-none", "doc", value=doc, docs=", ".join(close))
    meta = known[doc]
    return {"kind": "source", "id": doc, "title": cat.data(meta["title"]), "type": meta["kind"],
            "court": meta["court"], "dated": meta["dated"].isoformat() if meta["dated"] else None,
            "origin": cat.data(meta["origin"]), "url": meta["url"], "precision": meta["precision"],
            "paragraphs": rules.paragraphs(doc)}


def _sources(req: Request, cat: Catalog) -> dict[str, Any]:
    from . import rules

    return {"kind": "sources", "sources": [
        {"id": m["id"], "title": cat.data(m["title"]), "type": m["kind"], "court": m["court"],
         "dated": m["dated"].isoformat() if m["dated"] else None, "origin": cat.data(m["origin"]),
         "url": m["url"], "precision": m["precision"]}
        for m in rules.sources().values()]}


def _examples(req: Request, cat: Catalog) -> dict[str, Any]:
    """Every worked example (data/examples): its title and reasoning in the request's language, the
    "deadlines" request it stands for, and the engine's answer to it, computed now (never stored)."""
    from . import examples

    out = []
    for example in examples.load_all().values():
        words = example.words(cat.lang)
        request = example.to_request(cat.lang)
        answer = handle(request)
        if "error" in answer:  # the example's file is at fault, not the reader's request
            err = answer["error"]
            raise DataError(f"{examples.FOLDER}/{example.id}.toml", err["field"] or "-", err["message"])
        out.append({"id": example.id, "title": words.title, "why": words.why, "request": request, "answer": answer})
    return {"kind": "examples", "examples": out}


# kind -> (handler, the fields it takes besides "kind" and "lang")
KINDS: dict[str, tuple[Callable[[Request, Catalog], dict[str, Any]], tuple[str, ...]]] = {
    "period": (_period, ("court", "from", "days", "hours", "business_days", "direction", "service")),
    "calendar": (_calendar, ("court", "year")),
    "courts": (_courts, ()),
    "judges": (_judges, ()),
    "judge": (_judge_detail, ("judge",)),
    "court": (_court_detail, ("court",)),
    "deadlines": (_deadlines, ("judge", "procedure", "events", "service", "conditions", "today")),
    "ics": (_ics, ("judge", "procedure", "events", "service", "conditions", "today", "stamp", "link")),
    "find-judge": (_find_judge, ("case_number",)),
    "conferral": (_conferral, ("judge", "procedure", "modes", "participants", "response_hours")),
    "letter": (_letter, ("judge", "procedure", "pdf", "text", "date")),
    "document": (_document, ("judge", "procedure", "date")),
    "source": (_source, ("doc",)),
    "sources": (_sources, ()),
    "examples": (_examples, ()),
}


def handle(request: Any) -> dict[str, Any]:
    """Answer one request. Never raises: errors come back as {"error": {...}}, in the request's
    language whenever it names one we have (read first, so even a bad kind is answered in it)."""
    cat = catalog(_language_of(request))
    try:
        if not isinstance(request, dict):
            raise ApiError("bad-request", None)
        if "lang" in request and not _is_language(request["lang"]):
            raise ApiError("bad-choice", "lang", choices=", ".join(LANGUAGES), value=request["lang"])
        if "kind" not in request:
            raise ApiError("missing-kind", "kind", kinds=", ".join(KINDS))
        kind = request["kind"]
        if not isinstance(kind, str) or kind not in KINDS:
            raise ApiError("unknown-kind", "kind", value=kind, kinds=", ".join(KINDS))
        handler, fields = KINDS[kind]
        return handler(Request(request, ("kind", "lang") + fields), cat)
    except ApiError as err:
        return _error(cat, err)
    except DataError as err:
        # A broken data file is the project's fault, not the request's: name the file and key.
        return {"error": {"code": "data", "field": None, "message": cat.text("errors", "data", problem=str(err))}}
    except RecursionError:
        return _internal(cat)
    except Exception:  # noqa: BLE001 - the contract is "never a traceback"; tests assert this never happens
        return _internal(cat)


def _is_language(value: Any) -> bool:
    return isinstance(value, str) and value in LANGUAGES


def _language_of(request: Any) -> str:
    if isinstance(request, dict) and _is_language(request.get("lang")):
        return str(request["lang"])
    return "en"


# A value echoed in an error message is cut to this many characters: a request may be megabytes.
SHOWN_CHARS = 60


class _Described(str):
    """What a value is, in words ("a list"): echoed as is, without the quotes of a value."""

    def __repr__(self) -> str:
        return f"({self})"


def shown(value: Any, cat: Catalog | None = None) -> str:
    """A value of the request as an error message may echo it: short, and safe to build from any
    JSON (a huge number or a deeply nested list is named by its kind, never printed)."""
    if isinstance(value, str):
        return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
    if isinstance(value, bool) or value is None:
        return _Described(repr(value))
    if isinstance(value, float) or (isinstance(value, int) and abs(value) < 10 ** 15):
        return _Described(f"{value:.6g}" if isinstance(value, float) else str(value))
    words = (cat or catalog("en")).section("values")
    if isinstance(value, int):
        return _Described(words["large-number"])
    return _Described(words["list"] if isinstance(value, list) else words["object"] if isinstance(value, dict)
                      else type(value).__name__)


def _error(cat: Catalog, err: ApiError) -> dict[str, Any]:
    """The error answer. Values of the request are cut short; the field is named in words (an
    event by its label), never by an internal path such as "events.conference"."""
    try:
        params = {k: shown(v, cat) if k in ("value", "field", "item") else v for k, v in err.params.items()}
        params["field"] = _field_words(cat, err.field, err.params.get("label"))
        if "expected" in params:
            params["expected"] = cat.lookup("expected", params["expected"])
        return {"error": {"code": err.code, "field": _field_path(err.field),
                          "message": cat.text("errors", err.code, **params)}}
    except Exception:  # noqa: BLE001 - an error answer must never become a traceback
        return _internal(cat)


def _field_path(field: Any) -> str | None:
    return None if field is None else shown(str(field))


def _field_words(cat: Catalog, field: Any, label: Any = None) -> str:
    if isinstance(label, str) and label:
        return label
    if not isinstance(field, str):
        return cat.lookup("fields", "request")
    if field.startswith("events."):
        field = "events"
    return cat.lookup("fields", field, cat.lookup("fields", "request"))


def _internal(cat: Catalog) -> dict[str, Any]:
    return {"error": {"code": "internal", "field": None, "message": cat.text("errors", "internal")}}


def reset() -> None:
    """Forget every cached data file, so the next request reads the data again (used by
    `mkdocs serve` between rebuilds, and by tests that swap data)."""
    from . import calendars, examples, loader, messages, periods, rules, translations

    from . import documents, letters

    for cached in (loader.load, loader._parsed_ahead, calendars.courts, calendars.calendar, calendars._holiday_set,
                   messages.catalog, periods.frcp6, rules.sources, rules.source_text, rules.paragraph_of,
                   rules._parsed_court_rules, rules._parsed_judges, rules._parsed_judge, rules._localized_judge,
                   rules.court_rules, rules.judges,
                   translations.translations, examples.load_all, documents.letter_words, letters.font_widths):
        cached.cache_clear()
