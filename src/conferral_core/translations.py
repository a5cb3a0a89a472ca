"""The data's own words in another language.

Courts' and judges' files are written in English: titles, summaries, form labels, requirement
texts, holiday names, and the courts' words quoted verbatim. data/translations/<lang>.toml
gives each English text its translation, keyed by the English text itself (as gettext does):
an edited English text loses its translation, and the completeness test names it.

The courts' words stay in English on every page, because they are the law; their translation
travels beside them (`Source.translation`) and pages mark it as a translation, not the
official text.

This module only looks texts up: it knows the data model's field names, not the rules module
(rules imports it). What the data has left untranslated is translation_audit's question.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable, Protocol, cast

from . import loader
from .loader import DataError, Table

# Per data class, the fields that hold English text for people to read. Names, ids, initials,
# addresses and citations are not translated.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "Judge": (),  # its title is worded by how the court refers to the judge: TITLE_FORMS
    "Status": ("note", "to"),
    "Marker": ("meaning",),
    "Procedure": ("title", "summary"),
    "Event": ("label", "noun", "hint"),
    "Condition": ("label",),
    "Deadline": ("title", "note"),
    "Window": ("title", "note"),
    "Check": ("title",),
    "Requirement": ("text",),
    "Court": ("name",),
}
# A judge's title ("United States Magistrate Judge") is translated once for each way a court refers
# to a judge (rules.ADDRESS_FORMS): in Spanish "Jueza magistrada ..." (she), "Juez magistrado ..." (he),
# and for "unknown" the name of the office, without guessing the person's gender. [[title]] entries
# give all three; none is a fallback for another.
TITLE_FORMS = ("she", "he", "unknown")
# Typed requirement fields that hold text (rules.REQUIREMENT_FIELDS).
REQUIREMENT_TEXT_FIELDS = ("items", "label", "document", "parts")
# The texts of a document's part (a contents requirement's `parts`): what to write there, for the
# reader. Its heading is printed in the letter, which stays in English (the court's language).
PART_TEXT_FIELDS = ("prompt",)


class _Titled(Protocol):
    """What this module needs of a rules.Judge: its title, and how the court refers to the judge."""

    title: str

    @property
    def form(self) -> str: ...


class _Quoted(Protocol):
    """What this module needs of a rules.Source: the courts' words it quotes, and where."""

    quote: str
    pin: str


class Translations:
    """English text -> translation, for one language."""

    def __init__(self, lang: str):
        self.lang = lang
        file = f"translations/{lang}.toml"
        t = Table(file, "", loader.load(file))
        self.texts = self._entries(t, "text", lang)
        self.quotes = self._entries(t, "quote", lang)
        self.titles: dict[str, dict[str, str]] = {}
        for entry in t.tables("title"):
            english = entry.get("en", str)
            forms = {form: entry.get(form, str) for form in TITLE_FORMS}
            entry.done()
            if english in self.titles:
                raise DataError(t.file, f"{entry.where}.en", f"{english[:60]!r} is translated twice")
            empty = [form for form, words in forms.items() if not words.strip()]
            if empty:
                raise DataError(t.file, f"{entry.where}.{empty[0]}", "the translation is empty")
            self.titles[english] = forms
        t.done()

    @staticmethod
    def _entries(t: Table, key: str, lang: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for entry in t.tables(key):
            english, translated = entry.get("en", str), entry.get(lang, str)
            entry.done()
            if english in out:
                raise DataError(t.file, f"{entry.where}.en", f"{english[:60]!r} is translated twice")
            if not translated.strip():
                raise DataError(t.file, f"{entry.where}.{lang}", "the translation is empty")
            out[english] = translated
        return out


@functools.cache
def translations(lang: str) -> Translations | None:
    return None if lang == "en" else Translations(lang)


def text(lang: str, english: str) -> str:
    """The translation of one of the data's texts (the English text where none exists: the
    completeness test keeps that from reaching a page)."""
    table = translations(lang)
    return english if table is None else table.texts.get(english, english)


def title(lang: str, english: str, form: str) -> str:
    """A judge's title in `lang`, worded for how the court refers to the judge (TITLE_FORMS); the
    English title where none exists (the completeness test keeps that from reaching a page)."""
    table = translations(lang)
    return english if table is None else table.titles.get(english, {}).get(form, english)


def quote(lang: str, english: str) -> str | None:
    """A translation of the courts' verbatim words, or None in English."""
    table = translations(lang)
    return None if table is None else table.quotes.get(english)


def localize(value: Any, lang: str) -> Any:
    """A copy of a data object (judge, procedure, court..., or a dict or tuple of them) with its
    texts in `lang`. An object met twice (a court's procedure that many judges inherit) is
    translated once, and its copy is shared as the original is."""
    if lang == "en":
        return value
    memo: dict[int, Any] = {}
    on_text, on_quote = (lambda english: text(lang, english)), (lambda english: quote(lang, english))
    on_title = (lambda english, form: title(lang, english, form))
    if isinstance(value, dict):
        return {key: map_texts(item, on_text, on_quote, memo, on_title) for key, item in value.items()}
    return map_texts(value, on_text, on_quote, memo, on_title)


def map_texts(value: Any, on_text: Callable[[str], str], on_quote: Callable[[str], str | None],
              memo: dict[int, Any] | None = None, on_title: Callable[[str, str], str] | None = None) -> Any:
    """A copy of `value` with each text put through `on_text`, each judge's title through
    `on_title` (with how the court refers to the judge) and each source's translation set from
    `on_quote`: the one walk over the data model that localizing and the completeness test
    share. With `memo` (id of a data object -> its copy, for one walk whose objects all stay
    alive), an object met again is not walked again."""
    if isinstance(value, tuple):
        return tuple(map_texts(v, on_text, on_quote, memo, on_title) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    if memo is not None and id(value) in memo:
        return memo[id(value)]
    name = type(value).__name__
    if name == "Source":
        # The courts' words keep their English (with a translation beside them); the pinpoint is
        # ours ("para. 8", "quoted in ..."), so it is translated like any other text of the data.
        source = cast(_Quoted, value)
        copy = dataclasses.replace(value, translation=on_quote(source.quote), pin=on_text(source.pin))
    else:
        changes: dict[str, Any] = {}
        if name == "Judge" and on_title is not None:
            judge = cast(_Titled, value)
            changes["title"] = on_title(judge.title, judge.form)
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            if f.name in TEXT_FIELDS.get(name, ()) and isinstance(current, str):
                changes[f.name] = on_text(current)
            elif f.name == "fields" and isinstance(current, dict):
                changes[f.name] = {k: _map_field(v, on_text) if k in REQUIREMENT_TEXT_FIELDS else v
                                   for k, v in current.items()}
            elif isinstance(current, tuple) or dataclasses.is_dataclass(current):
                changes[f.name] = map_texts(current, on_text, on_quote, memo, on_title)
        copy = dataclasses.replace(value, **changes)
    if memo is not None:
        memo[id(value)] = copy
    return copy


def _map_field(value: Any, on_text: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return on_text(value)
    if isinstance(value, (list, tuple)):
        return [{k: on_text(v) if k in PART_TEXT_FIELDS else v for k, v in v.items()} if isinstance(v, dict)
                else on_text(v) for v in value]
    return value
