"""Message catalogs: every sentence a person reads comes from data/messages/<lang>.toml.

Logic passes message ids and raw values (dates, datetimes, numbers); the catalog formats
them, so adding a language means adding a file, not touching the engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, TypedDict

from . import loader, translations

LANGUAGES = ("en", "es")
_DOUBLE_STOP = re.compile(r"(?<=\.)\.(?=\s|$)")


class _Format(TypedDict):
    """A catalog's [format] section: how its language writes dates and times."""

    weekdays: list[str]
    weekdays_short: list[str]
    months: list[str]
    months_short: list[str]
    date: str
    time: str
    datetime: str
    am: str
    pm: str
    noon: str
    midnight: str


class Catalog:
    def __init__(self, lang: str):
        self.lang = lang
        self._data = loader.load(f"messages/{lang}.toml")
        self._format: _Format = self._data["format"]

    def text(self, section: str, key: str, **params: Any) -> str:
        template = self._data[section][key]
        text = template.format_map({k: self._value(v) for k, v in params.items()})
        # A sentence ending in an abbreviation ("10:00 a.m.") must not get a second full stop.
        return _DOUBLE_STOP.sub("", text)

    def section(self, section: str) -> dict[str, str]:
        """A whole section (e.g. the checker's interface strings, shipped to the browser)."""
        return dict(self._data[section])

    def data(self, english: str) -> str:
        """One of the data's own texts (a title, a holiday's name) in this language."""
        return translations.text(self.lang, english)

    def lookup(self, section: str, key: str, default: str | None = None) -> str:
        found: str = self._data.get(section, {}).get(key, default if default is not None else key)
        return found

    def _value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return self.datetime(value)
        if isinstance(value, dt.date):
            return self.date(value)
        return value

    def date(self, day: dt.date) -> str:
        f = self._format
        return f["date"].format(weekday_short=f["weekdays_short"][day.weekday()],
                                month_short=f["months_short"][day.month - 1], day=day.day, year=day.year)

    def time(self, moment: dt.datetime | dt.time) -> str:
        f = self._format
        if (moment.hour, moment.minute) == (12, 0):
            return f["noon"]
        if (moment.hour, moment.minute) == (0, 0):
            return f["midnight"]
        return f["time"].format(hour12=(moment.hour - 1) % 12 + 1, minute=moment.minute,
                                ampm=f["am"] if moment.hour < 12 else f["pm"])

    def datetime(self, moment: dt.datetime) -> str:
        return self._format["datetime"].format(date=self.date(moment.date()), time=self.time(moment))

    def weekday(self, day: dt.date) -> str:
        return self._format["weekdays"][day.weekday()]


@functools.cache
def catalog(lang: str = "en") -> Catalog:
    return Catalog(lang)
