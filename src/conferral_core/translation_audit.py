"""Which of the data's texts have no translation: the completeness audit of data/translations/.

It walks every judge, court, holiday and source for the English texts a reader sees (the same walk
translations.localize uses) and compares them with a language's table. The site build refuses a
language with a gap, scripts/missing_translations.py prints the gaps, and a test keeps them closed.
Nothing the browser loads imports this module.
"""

from __future__ import annotations

from typing import Any

from . import calendars, rules, translations
from .translations import map_texts


def english_titles() -> set[str]:
    """Every judge's title in English: each needs a [[title]] entry with a wording for every way a
    court refers to a judge (translations.TITLE_FORMS)."""
    return {judge.title for judge in rules.judges().values()}


def english_texts() -> tuple[set[str], set[str]]:
    """Every English text of the data that needs a translation, and every quote: what the
    completeness test checks each language against."""
    texts: set[str] = set()
    quotes: set[str] = set()

    def seen_text(english: str) -> str:
        texts.add(english)
        return english

    def seen_quote(english: str) -> None:
        quotes.add(english)

    def seen_title(english: str, form: str) -> str:
        return english  # titles are english_titles(): a table of their own

    def walk(value: Any) -> None:
        map_texts(value, seen_text, seen_quote, on_title=seen_title)

    walk(tuple(rules.judges().values()))
    for court_rules in rules.court_rules().values():
        walk((court_rules.court, court_rules.procedures, court_rules.requirements, court_rules.markers,
              court_rules.caption))
    for cal in (calendars.calendar(c) for c in calendars.courts()):
        for holiday in (h for year in range(cal.first_year, cal.last_year + 1) for h in cal.holidays_in(year)):
            texts.add(holiday.name)
            if holiday.note:
                texts.add(holiday.note)
    for meta in rules.sources().values():
        texts.update((meta["title"], meta["origin"]))
    from . import examples  # the worked examples' titles and reasoning

    for example in examples.load_all().values():
        texts.update((example.title, example.why))
    return texts, quotes


def missing(lang: str) -> tuple[list[str], list[str], list[str]]:
    """For one language: the data's texts and quotes without a translation, and the
    translations whose English the data no longer has (each sorted)."""
    table = translations.translations(lang)
    if table is None:
        return [], [], []
    texts, quotes = english_texts()
    titles = english_titles()
    return (sorted(texts - set(table.texts)) + [f"[title] {t}" for t in sorted(titles - set(table.titles))],
            sorted(quotes - set(table.quotes)),
            sorted((set(table.texts) - texts) | (set(table.quotes) - quotes)
                   | {f"[title] {t}" for t in set(table.titles) - titles}))
