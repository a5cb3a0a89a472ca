"""Source documents: cleaned faithfully from the seeds, and every quote in the data is in its document."""

import importlib.util
import re
from pathlib import Path

import pytest

from conferral_core import rules

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "conferral_core" / "data" / "sources"
spec = importlib.util.spec_from_file_location("import_seeds", ROOT / "scripts" / "import_seeds.py")
import_seeds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_seeds)


def norm(text):
    return " ".join(text.split())


def all_sourced_items():
    """(where, Source) for every sourced item in the data: judges' and courts' rules."""
    for court_id, court in rules.court_rules().items():
        if court.caption:
            yield f"{court_id}/caption", court.caption.source
        for r in court.requirements:
            yield f"{court_id}/requirement/{r.id}", r.source
        for p in court.procedures:
            yield from procedure_items(court_id, p)
    for judge in rules.judges().values():
        if judge.chambers_source:
            yield f"{judge.id}/chambers", judge.chambers_source
        if judge.address:
            yield f"{judge.id}/address", judge.address.source
        for p in judge.procedures:
            yield from procedure_items(judge.id, p)


def procedure_items(owner, p):
    for kind, items in (("deadline", p.deadlines), ("window", p.windows), ("check", p.checks),
                        ("requirement", p.requirements)):
        for item in items:
            yield f"{owner}/{p.id}/{kind}/{item.id}", item.source


def test_seed_texts_are_the_cleaned_seeds():
    for sid, text in import_seeds.cleaned().items():
        assert (SOURCES / f"{sid}.txt").read_text(encoding="utf-8") == text, f"run scripts/import_seeds.py ({sid})"


def test_cleaning_keeps_every_word_of_the_seeds():
    """Cleaning removes line numbers, emphasis marks and noise only: the words are all kept."""
    for name, (sid, fixes) in import_seeds.SEED_SOURCES.items():
        raw = (import_seeds.SEEDS / name).read_text(encoding="utf-8")
        for old, new in fixes:
            raw = raw.replace(old, new)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", raw.replace("*", ""))]
        cleaned = (SOURCES / f"{sid}.txt").read_text(encoding="utf-8")
        assert [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", cleaned)] == words, sid


def test_every_source_file_is_indexed_and_every_index_entry_has_a_file():
    files = {p.stem for p in SOURCES.glob("*.txt")}
    assert files == set(rules.sources())


def test_every_quote_is_verbatim_in_its_document():
    items = list(all_sourced_items())
    assert len(items) > 60
    for where, source in items:
        assert norm(source.quote) in norm(rules.source_text(source.doc)), f"{where}: quote not found in {source.doc}"


def test_paragraph_pins_point_at_the_paragraph_that_holds_the_quote():
    checked = 0
    for where, source in all_sourced_items():
        match = re.match(r"paras?\. (\d+)(?:-(\d+))?", source.pin)
        if not match:
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        paragraphs = [p for p in rules.source_text(source.doc).split("\n\n") if p.strip()]
        held = norm(" ".join(paragraphs[first - 1:last]))
        assert norm(source.quote) in held, f"{where}: quote is not in {source.pin} of {source.doc}"
        checked += 1
    assert checked > 30


def test_summaries_are_marked_and_only_in_quotation_or_secondary_documents():
    for where, source in all_sourced_items():
        if source.form == "summary":
            kind = rules.sources()[source.doc]["kind"]
            assert kind in ("quotations", "secondary"), where
            if kind == "quotations":
                assert "not a quotation" in rules.source_text(source.doc)


@pytest.mark.parametrize("doc", sorted(rules.sources()))
def test_source_api_returns_paragraphs(doc):
    from conferral_core import api

    answer = api.handle({"kind": "source", "doc": doc})
    assert answer["paragraphs"] and answer["title"]
