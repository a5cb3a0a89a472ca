"""The letter checker on PDFs the tests make (fpdf2): sizes, pages, scans and bad files."""

import base64
import subprocess
import sys
import time

import pytest
from fpdf import FPDF

from conferral_core import api

LOREM = "We met and conferred by phone on December 1 and could not agree on the scope of request 4. "


def letter(pages=1, size=12, footer_size=None, scanned_pages=(), fmt="letter"):
    pdf = FPDF(format=fmt)
    pdf.set_margins(25.4, 25.4)
    pdf.set_auto_page_break(False)
    for number in range(1, pages + 1):
        pdf.add_page()
        if number in scanned_pages:
            # A scan: a picture of a page, with no text layer.
            pdf.set_fill_color(200, 200, 200)
            pdf.rect(30, 30, 150, 200, style="F")
            continue
        pdf.set_font("Times", size=size)
        pdf.multi_cell(0, size * 0.45, LOREM * 6)
        if footer_size:
            pdf.set_font("Times", size=footer_size)
            pdf.set_xy(25.4, 260)
            pdf.cell(0, 5, f"Page {number}")
    return bytes(pdf.output())


def check(data, judge="caed-claire", procedure="informal-conference"):
    answer = api.handle({"kind": "letter", "judge": judge, "procedure": procedure,
                         "pdf": base64.b64encode(data).decode()})
    assert "error" not in answer, answer
    return answer


@pytest.mark.parametrize("size, ok", [(10, False), (11, False), (12, True), (14, True)])
@pytest.mark.parametrize("pages", [1, 2])
def test_type_sizes(size, ok, pages):
    answer = check(letter(pages=pages, size=size))
    assert answer["pages"] == pages and answer["min_font_pt"] == size
    assert answer["ok"] is ok
    assert any("too small" in f["message"] for f in answer["findings"]) is (not ok)


@pytest.mark.parametrize("pages", [1, 2, 3, 4, 5])
def test_page_counts_against_claires_two_pages(pages):
    answer = check(letter(pages=pages, size=12))
    assert answer["pages"] == pages and answer["max_pages"] == 2
    assert answer["ok"] is (pages <= 2)


def test_three_page_ten_point_letter_gets_two_clear_findings():
    answer = check(letter(pages=3, size=10))
    errors = [f for f in answer["findings"] if f["level"] == "error"]
    assert not answer["ok"] and len(errors) == 2
    font, pages = sorted(errors, key=lambda f: "pages" in f["message"] and "limit" in f["message"])
    assert "10 points" in font["message"] and "12-point" in font["message"] and "pages 1, 2 and 3" in font["message"]
    assert "3 pages" in pages["message"] and "2 pages" in pages["message"]


def test_small_footer_is_caught_and_located():
    answer = check(letter(pages=2, size=12, footer_size=8))
    assert answer["min_font_pt"] == 8 and not answer["ok"]
    assert "Page 1" in answer["findings"][0]["message"]


def test_scanned_pages_are_counted_but_not_measured():
    answer = check(letter(pages=2, scanned_pages=(1, 2)))
    assert answer["pages"] == 2 and answer["text_pages"] == 0 and answer["min_font_pt"] is None
    assert sum("no text" in f["message"] for f in answer["findings"]) == 2
    assert not answer["ok"]  # the type size could not be checked, so we cannot say it is fine


def test_mixed_scan_and_text():
    answer = check(letter(pages=2, size=12, scanned_pages=(2,)))
    assert answer["text_pages"] == 1 and answer["min_font_pt"] == 12
    # The scanned page's type could not be checked, so the letter is not "OK" (it used to be).
    assert not answer["ok"] and answer["unchecked_pages"] == [2]
    assert any("no text" in f["message"] and f["page"] == 2 for f in answer["findings"])


def test_page_size_is_reported():
    assert check(letter())["page_sizes"] == [[8.5, 11.0]]
    answer = check(letter(fmt="A4"))
    assert any("not US Letter" in f["message"] for f in answer["findings"])


def test_excluded_exhibits_make_an_over_limit_a_warning_not_an_error():
    answer = check(letter(pages=27), procedure="lr251")  # Claire: 25 pages, exhibits excluded
    levels = {f["level"] for f in answer["findings"]}
    assert "warning" in levels and "error" not in levels and answer["max_pages"] == 25


def test_no_page_limit_is_said_plainly():
    answer = check(letter(pages=3), judge="caed-mcauliffe", procedure="ordered-conferral")
    assert answer["max_pages"] is None and any("No page limit" in f["message"] for f in answer["findings"])


def truncated():
    data = letter(pages=2)
    return data[: len(data) // 2]


def encrypted():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Times", size=12)
    pdf.cell(0, 10, "locked")
    return bytes(pdf.output())


def many_pages():
    pdf = FPDF()
    for _ in range(301):
        pdf.add_page()
    return bytes(pdf.output())


def deeply_nested():
    """A PDF whose page refers to an array nested 5,000 deep: parsers that recurse blow up."""
    body = "[" * 5000 + "]" * 5000
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Junk " + body.encode() +
            b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize("make, words", [
    (lambda: b"", "empty"),
    (lambda: b"Dear Judge, this is plain text.", "not a PDF"),
    (lambda: b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024), "20 MB"),
    (truncated, "damaged"),
    (encrypted, "password"),
    (many_pages, "301 pages"),
    (deeply_nested, "damaged"),
])
def test_bad_files_get_a_clear_finding_quickly(make, words):
    data = make()
    start = time.perf_counter()
    answer = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                         "pdf": base64.b64encode(data).decode()})
    assert time.perf_counter() - start < 5
    if "error" in answer:  # refused before reading (too big to even decode)
        assert words in answer["error"]["message"]
        return
    assert not answer["ok"]
    assert any(words in f["message"] for f in answer["findings"]), answer["findings"]


def test_pasted_text_is_an_estimate_with_its_assumptions():
    short = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                        "text": LOREM * 10})
    assert short["estimate"] and short["pages"] == 1 and short["ok"] and len(short["assumptions"]) == 4
    long = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                       "text": "\n\n".join([LOREM * 8] * 12)})
    assert long["pages"] >= 3 and not long["ok"]
    assert any("estimate" in f["message"] for f in long["findings"])


@pytest.mark.parametrize("fields, code", [
    ({}, "pdf-or-text"),
    ({"pdf": "AAAA", "text": "x"}, "pdf-or-text"),
    ({"pdf": "not base64!"}, "bad-base64"),
    ({"text": 5}, "bad-type"),
])
def test_bad_letter_requests(fields, code):
    answer = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference", **fields})
    assert answer["error"]["code"] == code


def test_cli_letter(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter(pages=3, size=10))
    out = subprocess.run([sys.executable, "-m", "conferral_core", "letter", "--judge", "caed-claire",
                          "--procedure", "informal-conference", str(path)], capture_output=True, text=True)
    assert out.returncode == 1  # the letter fails the check
    assert "Pages: 3 (limit 2)" in out.stdout and "does not meet the limits" in out.stdout
    good = tmp_path / "good.pdf"
    good.write_bytes(letter(pages=2, size=12))
    out = subprocess.run([sys.executable, "-m", "conferral_core", "letter", "--judge", "caed-claire",
                          "--procedure", "informal-conference", str(good), "--json"], capture_output=True, text=True)
    assert out.returncode == 0 and '"ok": true' in out.stdout


def test_pypdf_is_not_imported_until_a_letter_is_checked():
    from imports import imported_by_a_deadline

    assert imported_by_a_deadline("conferral_core.procedures")  # the probe sees what is imported
    assert not imported_by_a_deadline("pypdf")


# ---- which document, and which limits ---------------------------------------------------------

def procedures_with_letter_limits():
    """Every (judge, procedure) whose newest rules limit a letter, read from the data."""
    from conferral_core import rules

    found = {}
    for judge in rules.judges().values():
        for p in judge.procedures:
            limits = [r for r in p.requirements_on(None) if r.kind in rules.LETTER_LIMITS]
            if limits:
                found[(judge.id, p.id)] = {r.kind: r.fields for r in limits}
    return found


LIMITED = procedures_with_letter_limits()
TWELVE_POINT = sorted(key for key, kinds in LIMITED.items() if kinds.get("font", {}).get("min_pt") == 12)


def test_the_data_has_twelve_point_procedures_in_both_courts():
    assert {("caed-claire", "informal-conference"), ("caed-seng", "telephonic-discovery-conference"),
            ("cand-corley", "joint-statement")} <= set(TWELVE_POINT)
    assert {judge.split("-")[0] for judge, _ in TWELVE_POINT} == {"caed", "cand"}


def test_a_procedure_names_its_document_and_limits_on_the_page():
    claire = api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]
    checks = {p["id"]: p["letter_check"] for p in claire["procedures"]}
    assert checks["informal-conference"] == {
        "document": "joint letter", "title": "Check your 2-page joint letter",
        "limits": ["At most 2 pages, exhibits and attachments included.", "Type at least 12 points."], "unset": []}
    statement = checks["lr251"]
    assert statement["document"] == "Joint Statement" and statement["title"] == "Check your 25-page Joint Statement"
    assert statement["limits"] == ["At most 25 pages, not counting exhibits."]
    assert "no type-size rule for the Joint Statement" in statement["unset"][0]
    assert checks["informal-conference"]["title"] != statement["title"]  # never two boxes alike
    # A procedure whose sources limit no letter has no check at all (null, falsy in JSON).
    austin = api.handle({"kind": "judge", "judge": "caed-austin"})["judge"]
    assert all(p["letter_check"] is None for p in austin["procedures"])


def test_the_page_names_the_document_in_spanish():
    claire = api.handle({"kind": "judge", "judge": "caed-claire", "lang": "es"})["judge"]
    checks = {p["id"]: p["letter_check"] for p in claire["procedures"]}
    assert checks["informal-conference"]["title"] == "Revise su carta conjunta de 2 páginas"
    assert checks["lr251"]["document"] == "Declaración Conjunta"


def test_every_limited_procedure_offers_a_check_and_others_none():
    from conferral_core import rules

    for judge in rules.judges().values():
        view = api.handle({"kind": "judge", "judge": judge.id})["judge"]
        for p in view["procedures"]:
            assert (p["letter_check"] is not None) is ((judge.id, p["id"]) in LIMITED), (judge.id, p["id"])
            if p["letter_check"]:
                assert p["letter_check"]["document"] and p["letter_check"]["limits"]


def eleven_point_letter():
    return letter(pages=2, size=11)


def test_an_eleven_point_two_page_letter_passes_the_joint_statement_and_says_why():
    answer = check(eleven_point_letter(), procedure="lr251")
    assert answer["ok"] and answer["document"] == "Joint Statement" and answer["min_font_pt"] == 11
    assert answer["applied"][0] == "At most 25 pages, not counting exhibits."
    assert "no type-size rule for the Joint Statement" in answer["applied"][1]
    text = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "lr251", "text": LOREM * 40})
    assert text["ok"] and text["document"] == "Joint Statement"
    assert any("no type-size rule for the Joint Statement" in a for a in text["applied"])


@pytest.mark.parametrize("judge, procedure", TWELVE_POINT)
def test_the_same_letter_fails_every_procedure_that_needs_twelve_points(judge, procedure):
    answer = check(eleven_point_letter(), judge, procedure)
    assert not answer["ok"] and answer["required_font_pt"] == 12
    assert "Type at least 12 points." in answer["applied"] and answer["document"] == LIMITED[(judge, procedure)]["font"]["document"]
    assert any(f["level"] == "error" and "too small" in f["message"] for f in answer["findings"])


def test_a_letter_check_on_a_date_uses_that_days_document_and_limits():
    spero = api.handle({"kind": "letter", "judge": "cand-spero", "procedure": "discovery-dispute",
                        "text": "Short.", "date": "2013-01-10"})
    assert spero["document"] == "Joint Letter" and spero["max_pages"] == 10
    assert spero["applied"][0].startswith("At most 10 pages.")
