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

# The language every other catalog is checked against (and the site at the root).
ROOT_LANGUAGE = "en"
# How a sentence addresses a judge (rules.ADDRESS_FORMS; repeated here: messages imports no rules).
PRONOUNS = ("she", "he")
ADDRESS_FORMS = (*PRONOUNS, "unknown")


def _discover() -> tuple[str, ...]:
    """Every language with a catalog in data/messages/: adding a language is adding files."""
    found = [name.removesuffix(".toml") for name in loader.list_dir("messages")]
    if ROOT_LANGUAGE not in found:
        raise loader.DataError("messages/", ROOT_LANGUAGE, "the root language has no catalog")
    return (ROOT_LANGUAGE, *sorted(code for code in found if code != ROOT_LANGUAGE))


LANGUAGES = _discover()
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
    plural_one: list[int]  # the counts that take a word's "one" form


class Catalog:
    def __init__(self, lang: str):
        self.lang = lang
        self._data = loader.load(f"messages/{lang}.toml")
        check_addressed(self._data, f"messages/{lang}.toml")
        self._format: _Format = self._data["format"]

    def text(self, section: str, key: str, **params: Any) -> str:
        template = self._data[section][key]
        text = template.format_map({k: self._value(v) for k, v in params.items()})
        # A sentence ending in an abbreviation ("10:00 a.m.") must not get a second full stop.
        return _DOUBLE_STOP.sub("", text)

    def addressed(self, section: str, key: str, form: str, **params: Any) -> str:
        """A sentence about one judge, worded for how the court refers to the judge (`form`: "she",
        "he" or "unknown", rules.ADDRESS_FORMS). A key the catalog words per form ("senior.she",
        "senior.he", "senior.unknown") is only ever read through its form: it has no plain version
        to fall back on (check_addressed), so no judge is given another's words. A key without
        forms is worded the same for every judge (the catalog keeps it neutral)."""
        if form not in ADDRESS_FORMS:
            raise ValueError(f"unknown form of address {form!r}")
        entries = self._data[section]
        if f"{key}.{PRONOUNS[0]}" in entries:
            return self.text(section, f"{key}.{form}", **params)  # KeyError if that form is missing
        return self.text(section, key, **params)

    def section(self, section: str) -> dict[str, str]:
        """A whole section (e.g. the checker's interface strings, shipped to the browser)."""
        return dict(self._data[section])

    def data(self, english: str) -> str:
        """One of the data's own texts (a title, a holiday's name) in this language."""
        return translations.text(self.lang, english)

    def plural(self, key: str, count: int) -> str:
        """The catalog key of `key`'s form for `count` things ("day.one", "day.other"): which
        counts take which form is the catalog's own rule ([format] plural_one)."""
        return f"{key}.{'one' if count in self._format['plural_one'] else 'other'}"

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
        # A language writes dates its own way: English "Thu Jan 7, 2027", Spanish in full, "jueves 7
        # de enero de 2027" ([format] date picks the long or the short names).
        return f["date"].format(weekday=f["weekdays"][day.weekday()], weekday_short=f["weekdays_short"][day.weekday()],
                                month=f["months"][day.month - 1], month_short=f["months_short"][day.month - 1],
                                day=day.day, year=day.year)

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


def check_addressed(data: dict[str, Any], file: str) -> None:
    """A key worded per form of address has every form ("x.she", "x.he", "x.unknown") and no plain
    "x" beside them, which a caller could read for every judge alike."""
    for section, entries in data.items():
        if not isinstance(entries, dict):
            continue
        # "x.she" or "x.he" marks a key worded per form ("service.unknown" alone is just a key).
        stems = {key.rsplit(".", 1)[0] for key in entries if "." in key and key.rsplit(".", 1)[-1] in PRONOUNS}
        for stem in sorted(stems):
            missing = [form for form in ADDRESS_FORMS if f"{stem}.{form}" not in entries]
            if missing:
                raise loader.DataError(file, f"[{section}] {stem}.{missing[0]}", "missing: a key worded per form of "
                                       f"address needs every form ({', '.join(ADDRESS_FORMS)})")
            if stem in entries:
                raise loader.DataError(file, f"[{section}] {stem}", "worded per form of address, so it cannot "
                                       "also have a plain version")


def same_keys(reference: dict[str, Any], data: dict[str, Any], file: str) -> None:
    """A catalog has exactly the sections and keys of the root language's: a missing sentence
    fails when the catalog loads (the build, the first request), never when a reader needs it."""
    for section in sorted(set(reference) | set(data)):
        if section not in data:
            raise loader.DataError(file, f"[{section}]", f"missing section (it is in {ROOT_LANGUAGE}.toml)")
        if section not in reference:
            raise loader.DataError(file, f"[{section}]", f"unknown section (not in {ROOT_LANGUAGE}.toml)")
        if isinstance(reference[section], dict):
            missing = sorted(set(reference[section]) - set(data[section]))
            unknown = sorted(set(data[section]) - set(reference[section]))
            if missing:
                raise loader.DataError(file, f"[{section}] {missing[0]}", f"missing ({len(missing)} keys of "
                                       f"{ROOT_LANGUAGE}.toml are not here)")
            if unknown:
                raise loader.DataError(file, f"[{section}] {unknown[0]}", f"unknown key (not in {ROOT_LANGUAGE}.toml)")


@functools.cache
def catalog(lang: str = "en") -> Catalog:
    return Catalog(lang)
