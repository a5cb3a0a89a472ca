"""Every language is complete, and the English a person reads is plain.

Message catalogs (data/messages/<lang>.toml) must have the same ids and the same
placeholders in every language; the data's own texts (titles, labels, requirement texts,
holiday names, the courts' quoted words) must each have a translation
(data/translations/<lang>.toml), and no translation may outlive its English text.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from pathlib import Path

import pytest
import textstat

from conferral_core import api, examples, loader, translation_audit, translations
from conferral_core.loader import DataError
from conferral_core.messages import LANGUAGES, catalog
from conferral_site.pages import first_steps, timeline

DATA = Path(__file__).parent.parent / "src" / "conferral_core" / "data"
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
EXAMPLES = list(examples.load_all().values())
MAX_GRADE = 8.0  # US school grade (Flesch-Kincaid)
DATE_FIELDS = {"weekday", "weekday_short", "month", "month_short", "day", "year"}  # messages.Catalog.date


def messages(lang: str) -> dict[str, dict[str, object]]:
    return tomllib.loads((DATA / "messages" / f"{lang}.toml").read_text(encoding="utf-8"))


def placeholders(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_spanish_is_a_language():
    assert "es" in LANGUAGES


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_message_id_has_a_translation_with_the_same_placeholders(lang):
    english, other = messages("en"), messages(lang)
    missing, extra, mismatched = [], [], []
    for section, entries in english.items():
        for key, text in entries.items():
            if key not in other.get(section, {}):
                missing.append(f"[{section}] {key}")
            elif (section, key) == ("format", "date"):
                # A language writes its dates with the long or the short names ("jueves", "Thu").
                if not placeholders(other[section][key]) <= DATE_FIELDS or not {"day", "year"} <= placeholders(
                        other[section][key]):
                    mismatched.append(f"[format] date: {sorted(placeholders(other[section][key]))}")
            elif placeholders(text) != placeholders(other[section][key]):
                mismatched.append(f"[{section}] {key}: {sorted(placeholders(text))} vs "
                                  f"{sorted(placeholders(other[section][key]))}")
        extra += [f"[{section}] {key}" for key in other.get(section, {}) if key not in entries]
    extra += [f"[{section}]" for section in other if section not in english]
    assert not missing, f"{lang}.toml lacks: {missing}"
    assert not extra, f"{lang}.toml has ids English does not: {extra}"
    assert not mismatched, f"placeholders differ: {mismatched}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_format_lists_are_complete(lang):
    f = messages(lang)["format"]
    assert len(f["weekdays"]) == len(f["weekdays_short"]) == 7
    assert len(f["months_short"]) == 12


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_text_and_quote_of_the_data_has_a_translation(lang):
    table = translations.translations(lang)
    texts, quotes = translation_audit.english_texts()
    assert texts and quotes
    assert not sorted(texts - set(table.texts)), (
        f"no {lang} translation (run scripts/missing_translations.py {lang})")
    assert not sorted(quotes - set(table.quotes)), f"quotes without a {lang} translation"
    assert not sorted(set(table.texts) - texts), "translations of texts the data no longer has"
    assert not sorted(set(table.quotes) - quotes), "translations of quotes the data no longer has"


def test_the_lookup_of_a_translation_knows_nothing_of_the_rules():
    """rules imports translations (to localize what it reads); translations imports no module that
    imports rules, so the two never form a cycle. The audit, which walks the rules, is its own module."""
    import ast

    core = Path(translations.__file__).parent
    tree = ast.parse((core / "translations.py").read_text(encoding="utf-8"))
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1]
    imported = {node.module or alias.name for node in relative for alias in node.names}  # from . import x; from .x import y
    assert imported <= {"loader"}, imported


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translation_file_is_sorted_by_english_text(lang):
    raw = tomllib.loads((DATA / "translations" / f"{lang}.toml").read_text(encoding="utf-8"))
    for key in ("text", "quote"):
        english = [entry["en"] for entry in raw[key]]
        assert english == sorted(english), f"[[{key}]] entries are not sorted by their English text"


def test_translation_loader_rejects_duplicates_and_empty_texts(monkeypatch):
    twice = '[[text]]\nen = "Hearing date"\nes = "Fecha"\n[[text]]\nen = "Hearing date"\nes = "Día"\n'
    empty = '[[text]]\nen = "Hearing date"\nes = " "\n'
    unknown = '[[text]]\nen = "Hearing date"\nes = "Fecha"\nfr = "Date"\n'
    for text, problem in ((twice, "translated twice"), (empty, "empty"), (unknown, "fr")):
        monkeypatch.setattr(loader, "load", lambda path, text=text: loader.parse(text, path))
        translations.translations.cache_clear()
        with pytest.raises(DataError, match=problem) as err:
            translations.Translations("es")
        assert "translations/es.toml" in str(err.value)
    translations.translations.cache_clear()


def test_quotes_stay_in_english_with_their_translation_beside_them():
    en = api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]
    es = api.handle({"kind": "judge", "judge": "caed-claire", "lang": "es"})["judge"]
    for p_en, p_es in zip(en["procedures"], es["procedures"]):
        assert p_en["id"] == p_es["id"] and p_en["title"] != p_es["title"]
        for r_en, r_es in zip(p_en["requirements"], p_es["requirements"]):
            assert r_es["source"]["quote"] == r_en["source"]["quote"]  # the law, word for word
            assert "translation" not in r_en["source"]
            assert r_es["source"]["translation"] and r_es["source"]["translation"] != r_en["source"]["quote"]
            assert r_es["text"] != r_en["text"]


def test_spanish_answers_have_spanish_words():
    answer = api.handle({"kind": "period", "court": "caed", "from": "2027-03-24", "days": 7, "lang": "es"})
    assert answer["due_text"] == "jueves 1 de abril de 2027"
    assert any("Día de César Chávez" in s["text"] for s in answer["steps"])
    bad = api.handle({"kind": "period", "court": "caed", "from": "2027-02-30", "days": 7, "lang": "es"})
    assert "no es una fecha real" in bad["error"]["message"]
    holidays = api.handle({"kind": "calendar", "court": "caed", "year": 2027, "lang": "es"})["holidays"]
    assert "Día de la Independencia" in {h["name"] for h in holidays}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_language_gives_the_same_dates(example, lang):
    english, other = api.handle(example.to_request()), api.handle(example.to_request(lang))

    def dates(answer):
        return ([(d["id"], d["due"], d["safe_due"]) for d in answer["deadlines"]],
                [(w["id"], w["start"], w["end"]) for w in answer["windows"]],
                [(c["id"], c["ok"], c["days"]) for c in answer["checks"]])

    assert dates(english) == dates(other)
    assert json.dumps(english) != json.dumps(other)  # and it really is another language


# ---- plain English ---------------------------------------------------------------------------

def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def test_the_grade_measure_tells_plain_from_legal_english():
    plain = "Meet in person. Bring the letter. Send it a day before the call."
    legal = ("Refusal of any counsel to participate in a discovery conference, or refusal without good cause "
             "to execute the required joint statement, shall be grounds, in the discretion of the Court, for "
             "entry of an order adverse to the party represented by counsel so refusing or adverse to counsel.")
    assert grade(plain) <= MAX_GRADE < grade(legal)


def judges_in_english():
    return [api.handle({"kind": "judge", "judge": j["id"]})["judge"] for j in api.handle({"kind": "judges"})["judges"]]


@pytest.mark.parametrize("judge", judges_in_english(), ids=lambda j: j["id"])
def test_what_to_do_first_and_each_summary_and_timeline_is_plain(judge):
    first = " ".join(first_steps(catalog("en"), judge))
    assert grade(first) <= MAX_GRADE, f"'What to do first' reads at grade {grade(first):.1f}: {first}"
    for p in judge["procedures"]:
        assert grade(p["summary"]) <= MAX_GRADE, f"{p['id']} summary: grade {grade(p['summary']):.1f}"
        lines = []
        for item in timeline(p):
            lines.append(f"{item['event']['label']}. {item['event']['hint']}")
            lines += [f"{d['title']}: {d['rule']}. {d.get('note') or ''}" for d in item["then"]]
        text = " ".join(lines)
        assert grade(text) <= MAX_GRADE, f"{p['id']} timeline: grade {grade(text):.1f}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_the_counting_steps_are_plain(example):
    for d in api.handle(example.to_request())["deadlines"]:
        # Dates ("Mon Dec 7, 2026") are not words a reader must parse; score the sentences around them.
        text = re.sub(r"\b[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2}, \d{4}", "that day", " ".join(s["text"] for s in d["steps"]))
        assert grade(text) <= MAX_GRADE, f"{d['id']}: steps read at grade {grade(text):.1f}: {text}"


def test_the_command_line_answers_in_spanish_with_the_same_dates():
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "conferral_core", *args], capture_output=True, text=True)

    english = run("period", "--court", "caed", "--from", "2027-03-24", "--days", "7")
    spanish = run("period", "--court", "caed", "--from", "2027-03-24", "--days", "7", "--lang", "es")
    assert english.stdout.startswith("Due: Thu Apr 1, 2027  (safe date: Wed Mar 31, 2027)")
    assert spanish.stdout.startswith("Vence: jueves 1 de abril de 2027  (fecha segura: miércoles 31 de marzo de 2027)")
    assert "Cómo se contó:" in spanish.stdout and "Aviso:" in spanish.stdout
    bad = run("deadlines", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--event", "demand", "--lang", "es")
    assert bad.returncode == 2 and "escríbalo como NOMBRE=CUÁNDO" in bad.stderr


def test_a_catalog_missing_or_adding_a_key_fails_when_it_loads():
    from conferral_core.loader import DataError
    from conferral_core.messages import same_keys

    reference = {"page": {"title": "Title", "lede": "Lede"}, "format": {"date": "{day}"}}
    same_keys(reference, {"page": {"title": "Título", "lede": "Entrada"}, "format": {"date": "{day}"}}, "messages/xx.toml")
    with pytest.raises(DataError, match=r"messages/xx.toml: \[page\] lede: missing"):
        same_keys(reference, {"page": {"title": "Título"}, "format": {"date": "{day}"}}, "messages/xx.toml")
    with pytest.raises(DataError, match=r"\[page\] titel: unknown key"):
        same_keys(reference, {"page": {"title": "T", "lede": "L", "titel": "T"}, "format": {"date": "{day}"}},
                  "messages/xx.toml")
    with pytest.raises(DataError, match=r"\[format\]: missing section"):
        same_keys(reference, {"page": {"title": "T", "lede": "L"}}, "messages/xx.toml")


def test_the_worked_examples_are_translated_like_every_other_text_of_the_data():
    """A new language adds its examples' words to data/translations/<lang>.toml, not to each example."""
    texts, _ = translation_audit.english_texts()
    for example in examples.load_all().values():
        assert {example.title, example.why} <= texts
        for lang in LANGUAGES[1:]:
            words = example.words(lang)
            assert words.title != example.title and words.why != example.why, (example.id, lang)


def spanish_texts():
    """Every Spanish sentence a reader may see: the catalog, the data's translations, the hand-written pages."""
    catalog_es = messages("es")
    yield from (v for section in catalog_es.values() if isinstance(section, dict) for v in section.values()
                if isinstance(v, str))
    raw = tomllib.loads((DATA / "translations" / "es.toml").read_text(encoding="utf-8"))
    yield from (entry["es"] for kind in ("text", "quote") for entry in raw[kind])
    yield from ((DATA.parent.parent.parent / "docs" / "es" / name).read_text(encoding="utf-8")
                for name in ("index.md", "about.md", "counting.md", "glossary.md"))


def test_spanish_has_one_word_for_discovery():
    """"Discovery" is always "exhibición de pruebas": never "pruebas" alone for it, nor another term."""
    for text in spanish_texts():
        for other in ("descubrimiento", "intercambio de pruebas", "revelación de pruebas"):
            assert other not in text.lower(), text
        for match in re.finditer(r"pruebas", text, re.IGNORECASE):
            assert text[:match.start()].lower().endswith("exhibición de "), text[max(0, match.start() - 80):match.end()]


def test_spanish_dates_are_in_full_and_english_stays_short():
    day = __import__("datetime").date(2027, 1, 7)
    assert catalog("es").date(day) == "jueves 7 de enero de 2027"
    assert catalog("en").date(day) == "Thu Jan 7, 2027"


def test_finding_a_judge_is_worded_as_the_reader_does_it():
    es = messages("es")
    assert es["checker"]["find.title"] == es["site"]["judges.title"] == es["nav"]["judges/index.md"] == "Busque a su juez"
    assert not any("cubra Conferral" in text for text in spanish_texts())  # it said Conferral covers the judge
    for lang in LANGUAGES:
        assert {"form.date-hint", "form.datetime-hint"} <= set(messages(lang)["checker"])


# ---- how a sentence addresses a judge ----------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_keys_worded_per_form_of_address_have_every_form_and_no_plain_version(lang):
    from conferral_core.messages import ADDRESS_FORMS, check_addressed

    data = messages(lang)
    check_addressed(data, f"messages/{lang}.toml")
    varied = {key.rsplit(".", 1)[0] for section in data.values() if isinstance(section, dict) for key in section
              if key.endswith(".she")}
    assert {"judge.name", "senior", "label.retired"} <= varied
    for section in data.values():
        if isinstance(section, dict):
            for stem in varied & set(section):
                pytest.fail(f"{stem} has a plain version beside its forms {ADDRESS_FORMS}")


def test_a_catalog_cannot_fall_back_to_one_form_for_another():
    from conferral_core.messages import check_addressed

    with pytest.raises(DataError, match=r"\[page\] x.unknown: missing"):
        check_addressed({"page": {"x.she": "Jueza {name}", "x.he": "Juez {name}"}}, "messages/xx.toml")
    with pytest.raises(DataError, match=r"\[page\] x: worded per form"):
        check_addressed({"page": {"x": "Juez {name}", "x.she": "a", "x.he": "b", "x.unknown": "c"}}, "messages/xx.toml")
    check_addressed({"checker": {"service.unknown": "No lo sé"}}, "messages/xx.toml")  # not a form of address
    with pytest.raises(ValueError):
        catalog("es").addressed("page", "judge.name", "they", name="X")


def test_spanish_sentences_that_name_a_judge_use_no_gendered_word_unless_worded_per_form():
    """A plain key names every judge alike, so its Spanish must be neutral: no "el juez", "jubilado"..."""
    gendered = re.compile(r"\b(el juez|la jueza|este juez|esta jueza|del juez|al juez|jueza|jubilad[oa]|"
                          r"llamad[oa] de nuevo|semijubilad[oa]|retirad[oa])\b", re.IGNORECASE)
    es = messages("es")
    for section, entries in es.items():
        if not isinstance(entries, dict) or section in ("rows", "fields"):
            continue
        for key, text in entries.items():
            if key.endswith((".she", ".he")) or "{name}" not in text:
                continue
            assert not gendered.search(text), f"[{section}] {key}: {text}"


def test_every_judge_title_is_translated_for_every_form_of_address():
    table = translations.translations("es")
    assert translation_audit.english_titles() == set(table.titles)
    for english, forms in table.titles.items():
        assert forms["she"].lower().startswith("jueza") and forms["he"].lower().startswith("juez "), english
        assert not re.search(r"\b(jueza|magistrada|jubilada|jubilado|retirado|llamado|ascendido)\b",
                             forms["unknown"]), english


def test_the_api_says_how_the_court_refers_to_each_judge():
    judges = {j["id"]: j for j in api.handle({"kind": "judges", "lang": "es"})["judges"]}
    assert judges["cand-kim"]["address"] == "she" and judges["cand-kim"]["addressed"] == "Jueza Sallie Kim"
    assert judges["caed-newman"]["address"] == "he" and judges["caed-newman"]["addressed"] == "Juez Kendall J. Newman"
    assert judges["caed-claire"]["address"] == "unknown" and judges["caed-claire"]["addressed"] == "Allison Claire"
    english = api.handle({"kind": "judge", "judge": "cand-kim"})["judge"]
    assert english["addressed"] == "Judge Sallie Kim" and english["title"] == "United States Magistrate Judge"
    assert "her analysis" in english["address_source"]["quote"]
    spanish = api.handle({"kind": "judge", "judge": "cand-kim", "lang": "es"})["judge"]
    assert spanish["title"] == "Jueza magistrada de los Estados Unidos"
    assert api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]["address_source"] is None
