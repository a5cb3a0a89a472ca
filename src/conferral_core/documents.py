"""The document a procedure has the parties write (a joint letter, a Joint Statement), as a model a
page can lay out: its parts, caption, signature block and limits, each with its source.

Everything comes from the rules data (rules.py): a `contents` requirement lists the document's parts
in words (`items`) and, in `parts`, how they are written (a section with an English heading and a
prompt, or a part of the caption or of the signature block); `caption` requirements say what the
caption carries (a designation after the case number, words, a title); the letter limits give the
page and type size. Nothing here reads a rule's prose. Where the sources list no parts (or only
some), the model says so with one free section marked `"sourced": false`, never a guessed structure.

The letter itself is written in English, the court's language: its headings, the caption and the
words a letter prints (data/letter.toml) stay in English in every language; the guidance around
them (titles, prompts, labels) comes in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from . import letters, loader, rules, views
from .messages import Catalog
from .rules import Judge, Procedure, Requirement, Source

# The paper the builder lays a letter out on, as the letter check's estimate assumes it (letters.py).
PAPER = "US Letter"
# The language of every letter: the court's.
LETTER_LANG = "en"
# Requirement kinds that bear on writing the document and belong to neither its caption nor its
# signature block: they are listed beside it (other_requirements).
OTHER_KINDS = ("exhibits", "submission", "courtesy-copy")
SIGNATURE_KINDS = ("signatures", "certification")
LETTER_WORDS = ("case_number", "plaintiff", "defendant", "issue", "signatures")
SIDES = ("plaintiff", "defendant")
FREE_SECTION = "free"


@functools.cache
def letter_words() -> dict[str, str]:
    """The words a letter prints that no rule sets (data/letter.toml), read strictly."""
    file = "letter.toml"
    t = loader.Table(file, "", loader.load(file))
    words = {key: t.get(key, str) for key in LETTER_WORDS}
    t.done()
    return words


def names_document(proc: Procedure, day: dt.date | None) -> bool:
    """Does the procedure name a document to write, on `day` (None: its newest rules)? It does when its
    letter limits name one (as its letter check does) or it lists the document's contents."""
    in_force = proc.requirements_on(day)
    return letters.limits_of(in_force).any or any(r.kind == "contents" for r in in_force)


class _Sources:
    """Every source a model uses, once each, in the order first used."""

    def __init__(self) -> None:
        self.used: list[Source] = []

    def add(self, source: Source) -> dict[str, Any]:
        if source not in self.used:
            self.used.append(source)
        return source.to_json()


def _entry(r: Requirement, cat: Catalog, sources: _Sources, items: list[str] | None = None) -> dict[str, Any]:
    """A requirement as the model lists it: the judge page's view of it, without the layout data
    (`parts`); `items`, the ones a part of the document covers."""
    out = {k: v for k, v in views.requirement(r, cat).items() if k != "parts"}
    out["source"] = sources.add(r.source)
    if items is not None:
        out["items"] = items
    return out


def model(cat: Catalog, judge: Judge, proc: Procedure, day: dt.date | None) -> dict[str, Any] | None:
    """The document `proc` has the parties write, in the reader's language `cat` (judge and procedure
    read in that language), with the requirements in force on `day` (None: the newest version of each,
    as the judge's page and the letter check use). None: the procedure names no document."""
    if not names_document(proc, day):
        return None
    english_judge = rules.judge(judge.id)
    english = english_judge.procedure(proc.id) if english_judge else None
    assert english is not None  # the same judge and procedure, in the data's own English
    in_force = proc.requirements_on(day)
    pairs = list(zip(in_force, english.requirements_on(day), strict=True))
    words = letter_words()
    sources = _Sources()
    limits, limits_en = letters.limits_of(in_force), letters.limits_of([e for _, e in pairs])
    contents = [(r, e) for r, e in pairs if r.kind == "contents"]
    # Every limit and list of contents in force at once names the same document (rules._check_documents).
    document = limits.document or contents[0][0].fields["document"]
    document_en = limits_en.document or contents[0][1].fields["document"]

    sections: list[dict[str, Any]] = []
    caption_parts: list[dict[str, Any]] = []
    signature_parts: list[dict[str, Any]] = []
    for r, _ in contents:
        parts = r.fields.get("parts")
        if parts is None:  # a rule about the whole document, not a part of it
            continue
        items = r.fields["items"]
        for part in parts:
            covered = [items[n - 1] for n in part["covers"]]
            if part["role"] == "caption":
                caption_parts.append(_entry(r, cat, sources, covered))
            elif part["role"] == "signature":
                signature_parts.append(_entry(r, cat, sources, covered))
            else:
                sections.append({"id": part["id"], "heading": part["heading"], "prompt": part["prompt"],
                                 "items": covered, "per_issue": part["per_issue"], "sides": part["sides"],
                                 "sourced": True, "requirement": r.id, "source": sources.add(r.source)})
    partial = any(r.fields.get("partial") for r, _ in contents)
    if not sections or partial:
        # Only what is sourced: the reader writes the rest, and is told the sources do not list it.
        sections.append({"id": FREE_SECTION, "heading": "",
                         "prompt": cat.text("document", "free.partial" if sections else "free.none",
                                            document=document),
                         "items": [], "per_issue": False, "sides": False, "sourced": False, "requirement": None,
                         "source": None})

    caption_reqs = [(r, e) for r, e in pairs if r.kind == "caption"]
    designation = next((e.fields["designation"] for _, e in caption_reqs if "designation" in e.fields), None)
    title = next((e.fields["title"] for _, e in caption_reqs if "title" in e.fields), document_en)
    court = rules.court_rules(cat.lang)[judge.court]
    if court.caption is None:
        raise loader.DataError(f"courts/{judge.court}.toml", "caption", "missing")
    caption = {
        "lines": list(court.caption.lines), "lines_source": sources.add(court.caption.source),
        "words": [e.fields["words"] for _, e in caption_reqs if "words" in e.fields],
        "fields": [
            {"id": "case_number", "label": cat.text("document", "field.case_number"),
             "hint": cat.text("document", "field.case_number.hint" + (".suffix" if designation else ""),
                              suffix=designation),
             "suffix": designation, "letter_label": words["case_number"]},
            {"id": "case_name", "label": cat.text("document", "field.case_name"),
             "hint": cat.text("document", "field.case_name.hint"), "suffix": None},
            {"id": "title", "label": cat.text("document", "field.title"),
             "hint": cat.text("document", "field.title.hint"), "default": title.upper()},
        ],
        "requirements": [_entry(r, cat, sources) for r, _ in caption_reqs] + caption_parts,
    }

    joint = not any(r.fields.get("each_side") for r, _ in contents)
    signed = [_entry(r, cat, sources) for r, _ in pairs if r.kind in SIGNATURE_KINDS] + signature_parts
    signature = {"heading": words["signatures"], "prompt": cat.text("document", "signature.joint" if joint
                                                                     else "signature.own"),
                 "per_party": joint, "requirements": signed} if signed else None
    others = [_entry(r, cat, sources) for r, _ in pairs
              if r.kind in OTHER_KINDS or (r.kind == "contents" and "parts" not in r.fields)]

    font = next((r for r in in_force if r.kind == "font"), None)
    page_limit = next((r for r in in_force if r.kind == "page-limit"), None)
    for limit in (page_limit, font):
        if limit is not None:
            sources.add(limit.source)
    filing = [d for d in rules.in_force_on(proc.deadlines, day) if d.files_document]
    for d in filing:
        sources.add(d.source)
    size = limits.min_pt or letters.DEFAULT_PT
    return {
        "kind": "document", "judge": judge.id, "procedure": proc.id, "judge_name": judge.name,
        "procedure_title": proc.title, "date": day.isoformat() if day else None,
        "document": document, "title": cat.text("document", "title", document=document),
        "letter_lang": LETTER_LANG, "why_english": cat.text("document", "why-english"), "joint": joint,
        "page": {"paper": PAPER, "width_in": letters.LETTER_INCHES[0], "height_in": letters.LETTER_INCHES[1],
                 "margin_in": letters.MARGIN_INCHES, "font_pt": size,
                 "font_pt_source": font.source.to_json() if font else None,
                 "font_pt_required": limits.min_pt is not None, "font_family": letters.FONT_FAMILY,
                 "line_height": letters.LINE_HEIGHT, "lines_per_page": letters.lines_per_page(size),
                 "chars_per_line": letters.chars_per_line(size)},
        "letter_check": views.letter_check(proc, cat, day),
        "caption": caption,
        "parties": [{"id": side, "label": cat.text("document", f"party.{side}"), "letter_label": words[side]}
                    for side in SIDES],
        "issue": {"label": cat.text("document", "issue"), "letter_label": words["issue"]},
        "sections": sections, "signature": signature, "other_requirements": others,
        "filing_deadline": filing[0].id if filing else None,
        "filing_deadlines": list(dict.fromkeys(d.id for d in filing)),
        "sources": [s.to_json() for s in sources.used],
        "caveats": views.caveats(judge, cat, sources.used),
        "notice": cat.text("document", "notice"),
    }
