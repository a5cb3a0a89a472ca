"""The same requests answered by the browser's Pyodide worker and by CPython must be equal."""

from __future__ import annotations

import base64

from fpdf import FPDF

import hostile_pdfs as hostile
from conferral_core import api, examples


def pdf(pages: int, size: int, scanned: bool = False) -> str:
    doc = FPDF(format="letter")
    for _ in range(pages):
        doc.add_page()
        if scanned:
            doc.rect(20, 20, 100, 100, style="F")
        else:
            doc.set_font("Times", size=size)
            doc.multi_cell(0, size * 0.45, "We met and conferred by phone. " * 30)
    return base64.b64encode(bytes(doc.output())).decode()


def hostile_letters() -> list[dict]:
    """Letters built to fool the checker (or that it used to fail): the browser must measure
    them exactly as CPython does, down to the samples and the page where the budget ran out."""
    cases = [hostile.form_scaled_by_cm, hostile.form_with_matrix, hostile.tounicode_all_spaces,
             hostile.cid_font_all_spaces, hostile.annotation, lambda: hostile.annotation(flags=0),
             hostile.type3_half, hostile.pattern_text, hostile.long_page, lambda: hostile.user_unit(2), hostile.crop_box,
             hostile.ocr_layer, hostile.white_text, hostile.white_on_black, hostile.outside_the_page,
             hostile.zero_size, hostile.clip_text_painted, hostile.form_cycle, hostile.form_bomb,
             lambda: hostile.protect(hostile.good_letter(2), "AES-128"),
             lambda: hostile.protect(hostile.good_letter(1), "AES-256"),
             lambda: hostile.protect(hostile.good_letter(1), "RC4-128"),
             lambda: hostile.protect(hostile.good_letter(1), "AES-256", user_password="secret")]
    return [{"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
             "pdf": base64.b64encode(make()).decode()} for make in cases]


def requests() -> list[dict]:
    out: list[dict] = []
    for court, start, count, direction, service in [
        ("caed", "2027-03-24", 7, "after", None), ("cand", "2026-11-20", 7, "after", "mail"),
        ("caed", "2026-12-08", 7, "before", None), ("cand", "2021-12-24", 7, "after", None),
        ("caed", "2026-06-26", 7, "after", "electronic"), ("caed", "2015-06-01", 14, "after", "electronic"),
        ("cand", "2026-12-08", 14, "after", "mail"), ("caed", "2026-05-15", 8, "after", "personal"),
        ("caed", "2027-01-25", 7, "before", None), ("cand", "2026-09-18", 7, "after", "clerk"),
        ("caed", "2030-02-01", 30, "after", "consent"), ("cand", "2040-11-20", 21, "before", None),
    ]:
        request = {"kind": "period", "court": court, "from": start, "days": count, "direction": direction}
        if service:
            request["service"] = service
        out.append(request)
    for start, hours, direction in [("2026-12-07T10:00", 24, "before"), ("2026-03-07T10:00", 48, "after"),
                                    ("2026-11-02T10:00", 48, "before"), ("2026-10-30T10:00", 72, "after"),
                                    ("2026-12-24T09:00", 24, "after"), ("2026-03-30T15:00", 24, "after")]:
        out.append({"kind": "period", "court": "caed", "from": start, "hours": hours, "direction": direction})
    for example in examples.load_all().values():
        request = example.to_request()
        out.append(request)
        out.append({**request, "today": "2026-12-01"})
        # A fixed stamp: without one, DTSTAMP is the moment each engine made its file.
        out.append({**request, "kind": "ics", "stamp": "2026-12-01T17:30:00Z",
                    "link": "https://conferral.example/checker/#judge=" + request["judge"]})
    out += [{"kind": "calendar", "court": c, "year": y} for c in ("caed", "cand") for y in (2025, 2027)]
    out += [
        {"kind": "conferral", "judge": "caed-newman", "modes": ["letter", "email"], "response_hours": 18},
        {"kind": "conferral", "judge": "cand-spero", "modes": ["phone"], "participants": ["counsel"]},
        {"kind": "conferral", "judge": "caed-claire", "modes": ["video"]},
        {"kind": "conferral", "judge": "caed-mcauliffe", "procedure": "ordered-conferral", "modes": ["phone"]},
        {"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "pdf": pdf(1, 12)},
        {"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "pdf": pdf(3, 10)},
        {"kind": "letter", "judge": "cand-spero", "procedure": "discovery-dispute", "pdf": pdf(2, 11, scanned=True)},
        {"kind": "letter", "judge": "caed-claire", "procedure": "lr251", "pdf": base64.b64encode(b"not a pdf").decode()},
        {"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "text": "Dear Judge,\n\n" * 40},
        *hostile_letters(),
        {"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "text": "x" * 250_000},
        {"kind": "find-judge", "case_number": "2:17-cv-1666-KJN"},
        {"kind": "find-judge", "case_number": "3:15-cv-01953-JST (LB)"},
        {"kind": "judges"}, {"kind": "courts"}, {"kind": "judge", "judge": "cand-spero"},
        {"kind": "court", "court": "caed"}, {"kind": "source", "doc": "claire-informal-conferences"},
        {"kind": "examples"}, {"kind": "sources"},
        {"kind": "document", "judge": "cand-spero", "procedure": "discovery-dispute"},
        {"kind": "document", "judge": "caed-claire", "procedure": "lr251"},
        {"kind": "document", "judge": "cand-westmore", "procedure": "joint-letter"},
        {"kind": "document", "judge": "cand-spero", "procedure": "civil-lr-37"},  # names no document: an error
        # errors are answers too
        {"kind": "period", "court": "caed", "from": "2027-02-30", "days": 3},
        {"kind": "period", "court": "caed", "from": "2026-03-08T02:30", "hours": 3},
        {"kind": "deadlines", "judge": "caed-nobody", "procedure": "lr251"},
        {"kind": "nope"}, {},
    ]
    # The same engine in Spanish: every kind that has words in it.
    worded = ("period", "deadlines", "ics", "calendar", "conferral", "judge", "court", "find-judge", "source",
              "examples", "document")
    spanish = [r for r in out if r.get("kind") in worded][::4]
    spanish += [next(r for r in out if r.get("kind") == kind) for kind in worded]
    spanish.append({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", "pdf": pdf(3, 10)})
    spanish.append({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                    "pdf": base64.b64encode(hostile.long_page()).decode()})
    out += [{**r, "lang": "es"} for r in spanish]
    return out


def test_browser_and_cpython_answer_alike(page):
    page.goto("checker/")
    reqs = requests()
    assert len(reqs) >= 50
    # Every kind the API answers: the browser's standard library holds only what the engine was
    # seen to import (scripts/precompile.py), so a kind missing here could fail for readers alone.
    assert {r.get("kind") for r in reqs} >= set(api.KINDS)
    browser_answers = page.evaluate(
        "async (reqs) => { const out = []; for (const r of reqs) out.push(await window.conferral.ask(r)); return out; }",
        reqs)
    mismatches = [r for r, got in zip(reqs, browser_answers) if got != api.handle(r)]
    assert mismatches == [], f"{len(mismatches)} of {len(reqs)} differ, first: {mismatches[0]}"
