"""The letter check's estimate from text: lines measured with Times-Roman's widths, as the document
builder prints a letter (US Letter, 1-inch margins, the judge's type size, line height 1.2), so the
estimate while typing and the PDF checker agree on the pages."""

import base64
import importlib.util
from pathlib import Path

import pytest
from fpdf import FPDF

from conferral_core import api, letters, rules

ROOT = Path(__file__).resolve().parent.parent
LOREM = "We met and conferred by phone on December 1 and could not agree on the scope of request 4. "


def laid_out(size):
    """A PDF laid out as the builder prints: Times at `size` points, 1-inch margins, line height 1.2."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_margins(72, 72, 72)
    pdf.c_margin = 0  # no padding inside the text box: the text runs margin to margin
    pdf.set_auto_page_break(True, 72)
    pdf.add_page()
    pdf.set_font("Times", size=size)
    return pdf


def pdf_of(text, size=12):
    pdf = laid_out(size)
    for paragraph in text.split("\n"):
        pdf.multi_cell(0, size * letters.LINE_HEIGHT, paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pages_of_pdf(data, judge="caed-claire", procedure="informal-conference"):
    answer = api.handle({"kind": "letter", "judge": judge, "procedure": procedure,
                         "pdf": base64.b64encode(data).decode()})
    return answer["pages"]


def estimate(text, judge="caed-claire", procedure="informal-conference"):
    answer = api.handle({"kind": "letter", "judge": judge, "procedure": procedure, "text": text})
    assert "error" not in answer, answer
    return answer


def test_lines_are_measured_with_the_fonts_widths():
    assert [letters.paragraph_lines(LOREM * k, 12) for k in (1, 2, 5, 10)] == [1, 2, 5, 10]
    assert letters.paragraph_lines(LOREM * 10, 10) == 9
    assert letters.paragraph_lines("", 12) == letters.paragraph_lines("   ", 12) == 1
    assert letters.paragraph_lines("x" * 200, 12) == 3  # one word wider than a line is broken at the edge
    assert letters.paragraph_lines("W" * 60, 12) == letters.paragraph_lines("i" * 170, 12) == 2  # wide and narrow
    assert (letters.chars_per_line(12), letters.lines_per_page(12)) == (92, 45)
    assert (letters.chars_per_line(10), letters.lines_per_page(10)) == (111, 54)
    short = estimate(LOREM * 10)
    assert (short["pages"], short["lines"]) == (1, 10)
    assert short["assumptions"][-1] == "About 92 characters per line and 45 lines per page."
    assert estimate("\n\n".join([LOREM * 8] * 12))["lines"] == 107  # 12 paragraphs of 8 lines, 11 blank lines


@pytest.mark.parametrize("size", [10, 11, 12, 14])
def test_every_paragraph_of_the_sources_wraps_as_a_pdf_laid_out_the_same_way(size):
    """fpdf2 wraps with the same Adobe metrics: line for line, the same count (Latin-1 text: fpdf2's
    core fonts take no other)."""
    paragraphs = [" ".join(p.split()) for doc in sorted(rules.sources()) for p in rules.paragraphs(doc)]
    checked = 0
    for paragraph in paragraphs[::3]:
        try:
            paragraph.encode("latin-1")
        except UnicodeEncodeError:
            continue
        pdf = laid_out(size)
        assert letters.paragraph_lines(paragraph, size) == len(
            pdf.multi_cell(0, size * 1.2, paragraph, dry_run=True, output="LINES")), paragraph[:80]
        checked += 1
    assert checked > 200


@pytest.mark.parametrize("count", [44, 45, 46, 90, 91])
def test_the_estimate_and_the_pdf_checker_agree_on_the_pages_at_the_page_edges(count):
    text = "\n".join(f"Line {i}." for i in range(count))
    assert estimate(text)["pages"] == pages_of_pdf(pdf_of(text)) == -(-count // 45)


def test_a_letter_laid_out_from_the_document_model_is_estimated_as_it_prints():
    """A Spero joint letter written from the builder's parts: caption, each section's heading, and
    the sides' parts issue by issue; the estimate of its text and the PDF's page count agree."""
    model = api.handle({"kind": "document", "judge": "cand-spero", "procedure": "discovery-dispute"})
    fields = {f["id"]: f for f in model["caption"]["fields"]}
    lines = [*model["caption"]["lines"], "",
             f"{fields['case_number']['letter_label']} 3:24-cv-01234-JST {fields['case_number']['suffix']}",
             "Jane Doe v. Acme Corp.", fields["title"]["default"], ""]
    for section in model["sections"]:
        for issue in range(1, 4) if section["per_issue"] else [None]:
            lines.append(section["heading"] + (f" ({model['issue']['letter_label']} {issue})" if issue else ""))
            for party in model["parties"] if section["sides"] else [None]:
                lead = f"{party['letter_label']}: " if party else ""
                lines += [lead + LOREM * 14, ""]
    text = "\n".join(lines)
    answer = estimate(text, "cand-spero", "discovery-dispute")
    assert answer["pages"] == pages_of_pdf(pdf_of(text, model["page"]["font_pt"]), "cand-spero", "discovery-dispute")
    assert answer["pages"] == 5 and answer["ok"]  # within his 5 pages
    longer = text + "\n" + "\n\n".join([LOREM * 6] * 6)
    over = estimate(longer, "cand-spero", "discovery-dispute")
    assert over["pages"] == 6 and not over["ok"]
    assert pages_of_pdf(pdf_of(longer), "cand-spero", "discovery-dispute") == 6


def test_the_font_widths_file_is_what_the_script_writes_from_the_pinned_pypdf():
    spec = importlib.util.spec_from_file_location("make_font_widths", ROOT / "scripts" / "make_font_widths.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.OUT.read_text(encoding="utf-8") == script.render(), "run scripts/make_font_widths.py"
    widths, default = letters.font_widths()
    assert (widths[" "], widths["e"], widths["W"], widths["’"], default) == (250, 444, 944, 333, 500)


def test_the_estimate_does_not_import_pypdf():
    import subprocess
    import sys

    code = ("import sys; from conferral_core import api; "
            "a = api.handle({'kind': 'letter', 'judge': 'caed-claire', 'procedure': 'informal-conference', "
            "'text': 'Hello.'}); assert a['pages'] == 1, a; assert 'pypdf' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
