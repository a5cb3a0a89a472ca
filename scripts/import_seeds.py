"""Clean the five seed documents (../shared/seeds) into src/conferral_core/data/sources/<id>.txt.

The seeds are public court documents as received, with line numbers, page-break noise and
Markdown emphasis. This keeps every word and removes only that noise, so that a quote in
the rules data can be checked against the text verbatim (whitespace-normalised). Each
seed-specific fix is listed below with the reason. tests/test_sources.py re-runs the
cleaning and fails if the committed text differs.

Usage: .venv/bin/python scripts/import_seeds.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "src" / "conferral_core" / "data" / "sources"

# seed file -> (source id, exact replacements applied before the generic cleaning)
SEED_SOURCES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # A web page saved as text: every line is a paragraph (no hard wraps), except one.
    "000_f49874682ea9f88d.txt": ("claire-informal-conferences", [
        ("[bookmark: _GoBack]", ""),  # a word-processor bookmark, not text
        ("Local Rule \n251.", "Local Rule 251."),  # the one line that was wrapped
    ]),
    "001_53fd2f93cda6c489.txt": ("spero-standing-order-2010", [
        ("stipulation of the parties28 and", "stipulation of the parties and"),  # line number 28 glued to a word
        ("Pursuant to Civil L.\n\nR. 7-7(e)", "Pursuant to Civil L. R. 7-7(e)"),  # a rule cite cut by a page break
        ("\n17\tIn the event", "\n\n17\tIn the event"),  # paragraph breaks the line numbering hid
        ("\n25\tA party or counsel", "\n\n25\tA party or counsel"),
    ]),
    "002_634ee69fdce9aa31.txt": ("flynn-v-canlas-2017", []),
    "003_0c9e7f8832fb32a8.txt": ("order-lr-37-251-2010", []),
    "004_313b27a524d8c4d5.txt": ("wagnon-v-rocklin-2022", [
        ("\n20 _____\n", "\n"),  # signature line
        ("\n21 wagn.1666", "\n"),  # the chambers' file tag
    ]),
}

LINE_NUMBER = re.compile(r"^-?\s*\d{1,2}(?:[\t ]+|$)")  # "12 text", "- 14 1. text", or "28" alone
EMPHASIS = re.compile(r"\*+")
ENDS_SENTENCE = tuple('.:;!?)"”’')
ENUMERATED = re.compile(r"^(?:\d{1,2}\.|\([a-z0-9]\))\s")  # "2. Within ..." or "(b) a statement ..."


LINES_ARE_PARAGRAPHS = {"claire-informal-conferences"}


def clean(text: str, fixes: list[tuple[str, str]], lines_are_paragraphs: bool = False) -> str:
    for old, new in fixes:
        if old not in text:
            raise SystemExit(f"fix not found: {old!r}")
        text = text.replace(old, new)
    if lines_are_paragraphs:
        text = text.replace("\n", "\n\n")
    text = EMPHASIS.sub("", text)
    paragraphs: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = LINE_NUMBER.sub("", raw.strip(), count=1).strip()
        if line:
            if ENUMERATED.match(line) and paragraphs[-1]:
                paragraphs.append([])  # each numbered item is its own paragraph
            paragraphs[-1].append(" ".join(line.split()))
        elif paragraphs[-1]:
            paragraphs.append([])
    joined = [" ".join(p) for p in paragraphs if p]
    # A sentence cut by a page break continues, in lower case, in the next "paragraph".
    merged: list[str] = []
    for para in joined:
        if merged and not merged[-1].endswith(ENDS_SENTENCE) and para[:1].islower():
            merged[-1] += " " + para
        else:
            merged.append(para)
    return "\n\n".join(merged) + "\n"


def cleaned() -> dict[str, str]:
    """Source id -> cleaned text, from the seeds beside the project."""
    return {sid: clean((SEEDS / name).read_text(encoding="utf-8"), fixes, sid in LINES_ARE_PARAGRAPHS)
            for name, (sid, fixes) in SEED_SOURCES.items()}


if __name__ == "__main__":
    for sid, text in cleaned().items():
        (OUT / f"{sid}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {sid}.txt ({len(text)} characters)")
