"""iCalendar (RFC 5545) files of a procedure's deadlines, for "Add to calendar".

Each deadline becomes one event on its **safe** date (the earliest defensible one), with the
steps of the count and the source quote in the description, and a reminder the day before.
DTSTAMP is when the file is made: the request's `stamp` (so the browser and CPython give the
same bytes for the same request), or the current time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .messages import Catalog
from .procedures import DeadlinesResult, Moment

UTC = dt.timezone.utc


def _escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines longer than 75 octets continue on lines that start with a space."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return out


def _moment(value: Moment, zone: ZoneInfo) -> tuple[str, str]:
    """(property suffix, value) for DTSTART: an all-day date, or a UTC date-time. A moment is taken
    as the answer states it: its court-local wall time to the minute, in that time's first occurrence."""
    if isinstance(value, dt.datetime):
        local = value.replace(second=0, microsecond=0, tzinfo=zone, fold=0)
        return "", local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return ";VALUE=DATE", value.isoformat().replace("-", "")


def calendar(cat: Catalog, result: DeadlinesResult, caveats: list[dict[str, str]], judge_name: str,
             procedure_title: str, stamp: dt.datetime, link: str | None = None) -> str:
    """The deadlines counted from the reader's own events (never from an assumed one), each with a
    reminder the day before. `stamp`: when the file is made (UTC); `link`: an http(s) address with
    no comma, semicolon or space (api._link checks it), for URL and the description."""
    zone = ZoneInfo(result.time_zone)
    made = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Conferral//Deadlines//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for d in result.deadlines:
        if d.assumed is not None:
            continue
        suffix, start = _moment(d.safe_due, zone)
        description = [cat.text("ics", "due", date=d.safe_due_text)]
        if d.later is not None:
            description.append(d.later.text)
        description += [f"- {s['text']}" for s in d.steps]
        description += [w["text"] for w in d.warnings]
        description += [c["text"] for c in caveats]
        description.append(cat.text("ics", "source", pin=d.source.pin, quote=d.source.quote))
        if link is not None:
            description.append(cat.text("ics", "link", link=link))
        description.append(cat.text("ics", "not-advice"))
        event = [
            "BEGIN:VEVENT",
            f"UID:{result.judge}-{result.procedure}-{d.id}-{start}@conferral",
            f"DTSTAMP:{made}",
            f"DTSTART{suffix}:{start}",
            "SUMMARY:" + _escape(cat.text("ics", "summary", date=d.safe_due_text, title=d.title, judge=judge_name)),
            "DESCRIPTION:" + _escape("\n".join(description)),
            "CATEGORIES:" + _escape(procedure_title),
        ]
        if link is not None:
            event.append(f"URL:{link}")
        event += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + _escape(cat.text("ics", "reminder", date=d.safe_due_text, title=d.title)),
            "TRIGGER:-P1D",
            "END:VALARM",
            "END:VEVENT",
        ]
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))
