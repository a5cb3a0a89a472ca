"""The letter checker against PDFs built to fool it, and PDFs it used to fail for no reason.

Each case of the issue has a test: the measured size, visibility, page count or verdict.
The PDFs are built byte by byte in `hostile_pdfs.py`.
"""

import base64
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fpdf import FPDF

import hostile_pdfs as h
from conferral_core import api, letters, pdfcrypt, pdfpages
from conferral_core.messages import catalog


def check(data, judge="caed-claire", procedure="informal-conference", lang="en"):
    answer = api.handle({"kind": "letter", "judge": judge, "procedure": procedure, "lang": lang,
                         "pdf": base64.b64encode(data).decode()})
    assert "error" not in answer, answer
    return answer


def messages(answer, level=None):
    return " | ".join(f["message"] for f in answer["findings"] if level is None or f["level"] == level)


def fpdf_letter(pages=1, size=12):
    pdf = FPDF(format="letter")
    pdf.set_margins(25.4, 25.4)
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Times", size=size)
        pdf.multi_cell(0, size * 0.45, h.LINE * 12)
    return bytes(pdf.output())


def test_the_good_letter_of_these_tests_passes():
    answer = check(h.good_letter(2))
    assert answer["ok"] and answer["min_font_pt"] == 12 and answer["pages"] == answer["counted_pages"] == 2
    assert [f["level"] for f in answer["findings"]] == ["ok"]


# ---- type that prints small is measured as it prints ------------------------------------------

@pytest.mark.parametrize("make, size", [
    (h.form_scaled_by_cm, 6),  # 12-point text in a form drawn under 0.5 cm
    (h.form_with_matrix, 9),  # 12-point text in a form whose /Matrix is 0.75
    (h.tounicode_all_spaces, 9),  # a ToUnicode that turns every letter into a space
    (h.cid_font_all_spaces, 9),  # the same in a two-byte (Type 0) font
    (lambda: h.annotation(flags=4), 6),  # a printable annotation's appearance
    (lambda: h.annotation(flags=4, size=12, bbox="0 0 600 40", rect="72 40 372 60"), 6),  # BBox squeezed into /Rect
    (lambda: h.annotation(flags=4, size=12, matrix="/Matrix [2 0 0 2 0 0]", bbox="0 0 300 20",
                          rect="72 40 372 60"), 12),  # /Matrix doubles, the BBox->Rect fit halves
    (h.type3_half, 6),  # a Type 3 font whose FontMatrix halves its glyphs
    (h.pattern_text, 4),  # text in a tiling pattern's cell
])
def test_small_type_is_measured_as_printed(make, size):
    answer = check(make())
    assert answer["min_font_pt"] == size, answer["page_fonts"]
    if size < 12:
        assert not answer["ok"]
        assert f"as small as {size} points" in messages(answer, "error")
    else:
        assert answer["ok"]


def test_the_blank_tounicode_sample_still_shows_the_letters():
    answer = check(h.tounicode_all_spaces())
    assert "Small print" in answer["page_fonts"][0]["sample"]


@pytest.mark.parametrize("flags", [0, 2, 4 | 2, 32])
def test_annotations_that_do_not_print_are_ignored(flags):
    """No Print flag (0, 2, 32 = NoView only), or Hidden (2): the appearance never prints."""
    answer = check(h.annotation(flags=flags))
    assert answer["min_font_pt"] == 12 and answer["ok"]


def test_a_normal_type3_font_is_measured_at_its_size():
    answer = check(h.type3_half(matrix="0.001 0 0 0.001 0 0"))
    assert answer["min_font_pt"] == 12 and answer["ok"]


def test_a_type3_space_glyph_is_not_ink():
    w = h.Writer()
    font = h.type3_font(w, "0.001 0 0 0.001 0 0")
    h.good_page(w, "BT /F3 4 Tf 72 100 Td (     ) Tj ET\n", fonts=f"/F3 {font} 0 R")
    answer = check(w.bytes())
    assert answer["min_font_pt"] == 12 and answer["ok"]


# ---- page size and count ------------------------------------------------------------------------

def test_a_long_page_counts_as_the_letter_pages_it_fills():
    answer = check(h.long_page())
    assert answer["pages"] == 1 and answer["counted_pages"] == 4 and not answer["ok"]
    assert answer["page_sizes"] == [[8.5, 44.0]]
    assert "The letter has 4 pages. The limit is 2 pages" in messages(answer, "error")
    assert "Larger than US Letter" in messages(answer, "warning") and "fills 4 pages" in messages(answer)


@pytest.mark.parametrize("width, height, count", [
    (8.5, 11, 1), (11, 8.5, 1), (8.27, 11.69, 1), (8.5, 14, 1), (8.5, 22, 2), (8.5, 44, 4),
    (11, 17, 2), (17, 11, 2), (17, 22, 4), (5, 7, 1), (8.5, 14.4, 2),
])
def test_letter_page_equivalents(width, height, count):
    assert letters._letter_pages(width, height) == count


def test_user_unit_scales_the_page_and_the_type():
    answer = check(h.user_unit(2))  # 306 x 396 units of 2 points: Letter, with 6-unit (12-point) type
    assert answer["page_sizes"] == [[8.5, 11.0]] and answer["min_font_pt"] == 12 and answer["ok"]
    big = check(h.user_unit(2, media="0 0 612 792", size=6))  # 17 x 22 inches
    assert big["page_sizes"] == [[17.0, 22.0]] and big["counted_pages"] == 4 and not big["ok"]


def test_the_crop_box_is_the_page():
    answer = check(h.crop_box())
    assert answer["page_sizes"] == [[8.5, 11.0]] and answer["counted_pages"] == 1
    assert answer["min_font_pt"] == 12 and answer["ok"]  # the 6-point text is cut off
    assert "does not print" in messages(answer, "info")


# ---- text that does not print does not fail a good letter ---------------------------------------

@pytest.mark.parametrize("make", [
    h.ocr_layer,
    h.white_text,
    lambda: h.white_text("1 1 1 rg"),
    lambda: h.white_text("0 0 0 0 k"),
    lambda: h.white_text("/CS0 cs 1 1 1 sc", resources="/ColorSpace << /CS0 /DeviceRGB >>"),
    lambda: h.white_text("/CS0 cs 0 sc", resources="/ColorSpace << /CS0 [/Separation /Gold /DeviceCMYK 0 0 R] >>"),
    h.outside_the_page,
    h.zero_size,
])
def test_text_that_does_not_print_passes(make):
    answer = check(make())
    assert answer["ok"] and answer["min_font_pt"] == 12, answer["findings"]
    assert "does not print" in messages(answer, "info")


def test_an_ocr_scan_without_visible_text_cannot_be_checked():
    w = h.Writer()
    w.page("q 612 0 0 792 0 0 cm 0.5 g 0 0 1 1 re f Q " + h.text(prefix="3 Tr"))
    answer = check(w.bytes())
    assert not answer["ok"] and answer["unchecked_pages"] == [1] and "no text" in messages(answer, "warning")


def test_white_text_on_a_dark_box_shows():
    answer = check(h.white_on_black())
    assert answer["min_font_pt"] == 6 and not answer["ok"]


def test_clipping_text_shows_when_painted_through():
    answer = check(h.clip_text_painted())
    assert answer["min_font_pt"] == 6 and not answer["ok"]


def test_a_missing_font_resource_is_still_measured():
    """A viewer shows text in a font it cannot find with a substitute: so is it measured."""
    w = h.Writer()
    h.good_page(w, "BT /Nope 6 Tf 72 100 Td (In a font the page does not have) Tj ET")
    assert check(w.bytes())["min_font_pt"] == 6


# ---- protected files -----------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"])
def test_restrict_editing_files_are_read(algorithm):
    data = h.protect(fpdf_letter(2), algorithm)
    assert b"/Encrypt" in data
    answer = check(data)
    assert answer["ok"] and answer["pages"] == 2 and answer["min_font_pt"] == 12, answer["findings"]
    small = check(h.protect(fpdf_letter(1, size=10), algorithm))
    assert small["min_font_pt"] == 10 and not small["ok"]


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_password_to_open_is_said_plainly(algorithm):
    answer = check(h.protect(fpdf_letter(), algorithm, user_password="secret"))
    assert not answer["ok"] and "locked with a password" in messages(answer, "error")
    assert "damaged" not in messages(answer)


def test_aes_gives_the_same_answer_whether_or_not_cryptography_is_installed(monkeypatch):
    """pypdf would use `cryptography` when it is installed (CPython) and fail without it
    (Pyodide): the checker lends pypdf its own AES either way, and gives it back afterwards."""
    import pypdf._encryption as enc

    data = h.protect(fpdf_letter(), "AES-256")

    class Refuses:
        def __init__(self, *args, **kwargs):
            raise AssertionError("pypdf's own AES provider was used")

    monkeypatch.setattr(enc, "CryptAES", Refuses)
    monkeypatch.setattr(enc, "aes_cbc_encrypt", Refuses)
    monkeypatch.setattr(enc, "aes_cbc_decrypt", Refuses)
    answer = check(data)
    assert answer["ok"] and answer["min_font_pt"] == 12
    assert enc.CryptAES is Refuses and enc.aes_cbc_decrypt is Refuses  # given back


def test_other_protection_gets_a_precise_answer():
    data = h.protect(fpdf_letter(), "AES-128").replace(b"/Filter /Standard", b"/Filter /Adobe.PubSec", 1)
    answer = check(data)
    assert "protected in a way Conferral cannot open here" in messages(answer, "error")
    spanish = check(data, lang="es")
    assert "protección" in messages(spanish, "error")


def test_if_pypdf_cannot_borrow_our_aes_the_answer_is_still_precise(monkeypatch):
    """Should a future pypdf lose the names pdfcrypt lends it, AES files get "protected", not "damaged"."""
    made = [h.protect(fpdf_letter(), "AES-256"), h.protect(fpdf_letter(), "AES-128")]
    monkeypatch.setattr(pdfcrypt, "_providers", lambda: {}["gone"])
    for data in made:
        answer = check(data)
        assert not answer["ok"] and "protected in a way Conferral cannot open here" in messages(answer, "error")
        assert "damaged" not in messages(answer)


def test_a_protected_file_too_big_to_decrypt_here_says_so():
    data = h.protect(fpdf_letter(3), "AES-128")
    answer = letters.check_pdf(catalog("en"), data, letters.Limits(2, "all-pages", 12),
                               pdfpages.Budget(decrypted_bytes=500))
    assert not answer["ok"] and "too complex to check here" in messages(answer)


# AES itself: FIPS-197 appendix C and NIST SP 800-38A F.2 (CBC) known answers.
@pytest.mark.parametrize("key, plain, cipher", [
    ("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a"),
    ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "00112233445566778899aabbccddeeff",
     "8ea2b7ca516745bfeafc49904b496089"),
])
def test_aes_block_known_answers(key, plain, cipher):
    key, plain, cipher = bytes.fromhex(key), bytes.fromhex(plain), bytes.fromhex(cipher)
    assert pdfcrypt.ecb_encrypt(key, plain) == cipher and pdfcrypt.ecb_decrypt(key, cipher) == plain


SP800_PLAIN = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                            "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")


@pytest.mark.parametrize("key, cipher", [
    ("2b7e151628aed2a6abf7158809cf4f3c", "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                                         "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"),
    ("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
     "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
     "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"),
])
def test_aes_cbc_known_answers(key, cipher):
    key, cipher, iv = bytes.fromhex(key), bytes.fromhex(cipher), bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    assert pdfcrypt.cbc_encrypt(key, iv, SP800_PLAIN) == cipher
    assert pdfcrypt.cbc_decrypt(key, iv, cipher) == SP800_PLAIN


# ---- bounded work ----------------------------------------------------------------------------------

def test_a_busy_300_page_file_stops_within_seconds_with_a_clear_answer():
    data = h.busy()  # 2.6 MB, 1,080,000 operators
    start = time.monotonic()
    answer = check(data, procedure="lr251")
    elapsed = time.monotonic() - start
    assert elapsed < pdfpages.MAX_SECONDS + 3, elapsed
    assert not answer["ok"] and answer["pages"] == 300
    found = messages(answer, "warning")
    assert "too complex to check here" in found and "of 300 pages" in found
    assert answer["unchecked_pages"][-1] == 300 and answer["unchecked_pages"][0] > 1  # some were checked


def test_the_budget_stops_at_the_same_place_on_every_machine():
    """The operator count, not the clock, decides (the clock is only a backstop)."""
    data = h.good_letter(5)
    limits = letters.Limits(25, "excluding-exhibits", 12)
    answers = [letters.check_pdf(catalog("en"), data, limits, pdfpages.Budget(operators=300)) for _ in range(2)]
    assert answers[0] == answers[1] and not answers[0]["ok"]
    assert 1 < answers[0]["unchecked_pages"][0] <= 5 and answers[0]["min_font_pt"] == 12


def test_a_slow_clock_also_stops_the_check():
    ticks = iter(range(10**6))
    answer = letters.check_pdf(catalog("en"), h.good_letter(3), letters.Limits(2, "all-pages", 12),
                               pdfpages.Budget(seconds=5, clock=lambda: next(ticks) * 10.0))
    assert not answer["ok"] and "too complex" in messages(answer)


def test_a_deflate_bomb_stops_quickly():
    start = time.monotonic()
    answer = check(h.deflate_bomb())
    assert time.monotonic() - start < pdfpages.MAX_SECONDS
    assert not answer["ok"] and "too complex to check here" in messages(answer) and answer["pages"] == 20


@pytest.mark.parametrize("make", [h.form_bomb, h.form_cycle])
def test_forms_that_multiply_or_loop_are_bounded(make):
    start = time.monotonic()
    answer = check(make())
    assert time.monotonic() - start < pdfpages.MAX_SECONDS + 3
    assert not answer["ok"]  # the bomb is too complex; the cycle's 6-point line is measured once
    if make is h.form_cycle:
        assert answer["min_font_pt"] == 6


def test_ten_megabytes_of_pasted_text_are_refused_at_once():
    start = time.monotonic()
    answer = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                         "text": "x" * (10 * 1024 * 1024)})
    assert time.monotonic() - start < 1
    assert answer["estimate"] and not answer["ok"] and answer["pages"] is None
    assert "Conferral estimates up to 200000 characters" in messages(answer, "error")


def test_the_longest_pasted_text_is_estimated_quickly():
    start = time.monotonic()
    answer = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                         "text": (h.LINE + " ") * (letters.MAX_TEXT_CHARS // (len(h.LINE) + 1))})
    assert time.monotonic() - start < 2
    assert answer["pages"] > 40 and not answer["ok"]


# ---- OK means every page was checked -------------------------------------------------------------

def test_an_unreadable_page_is_never_ok():
    w = h.Writer()
    h.good_page(w)
    broken = w.add("<< /Length 20 /Filter /FlateDecode >>\nstream\nthis is not deflated\nendstream")
    w.pages.append(w.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {broken} 0 R >>"))
    answer = check(w.bytes())
    assert answer["pages"] == 2 and not answer["ok"] and 2 in answer["unchecked_pages"]
    assert "Result: OK" not in cli_output(w.bytes())


def cli_output(data):
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run([sys.executable, "-m", "conferral_core", "letter", "--judge", "caed-claire",
                               "--procedure", "informal-conference", f.name], capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)


# ---- the content parser ------------------------------------------------------------------------------

def test_the_parser_reads_strings_arrays_and_inline_images():
    ops = pdfpages.parse(b"BT /F#31 12 Tf (a \\(b\\) c) Tj (nested (paren) here) Tj [(A) -120 (B)] TJ <4142 43> Tj "
                         b"ET BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q % comment\n1 0 0 1 5 6 cm")
    assert ops == [(b"BT", []), (b"Tf", ["/F1", 12.0]), (b"Tj", [b"a (b) c"]), (b"Tj", [b"nested (paren) here"]),
                   (b"TJ", [[b"A", -120.0, b"B"]]), (b"Tj", [b"ABC"]), (b"ET", []),
                   (b"BI", [{"/W": 2.0, "/H": 1.0, "/BPC": 8.0, "/CS": "/G"}]), (b"Q", []),
                   (b"cm", [1.0, 0.0, 0.0, 1.0, 5.0, 6.0])]


def test_the_fast_and_careful_parsers_agree():
    data = (b"q 0.1 0 0 .1 -5. +6 cm BT /F1 12 Tf 14.4 TL (x\\061y\\\ny) ' 1 2 (z) \" [(a)1(b)] TJ ET "
            b"<< /A [1 2 <00ff>] >> BDC EMC 12Tf true false null 1-2 re Q")
    assert pdfpages.parse(data) == pdfpages._parse_careful(data)


def test_codes_decide_ink_not_tounicode():
    font = pdfpages.Font()
    assert not font.has_ink(b"   ") and font.has_ink(b" a ")
    two = pdfpages.Font()
    two.two_byte, two.space_codes = True, frozenset({3})
    assert not two.has_ink(struct.pack(">3H", 3, 3, 3)) and two.has_ink(struct.pack(">2H", 3, 4))


def test_spanish_answers_for_the_new_findings():
    answer = check(h.long_page(), lang="es")
    assert "Más grande que el tamaño carta" in messages(answer)
    text = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                       "text": "x" * 300_000, "lang": "es"})
    assert "caracteres" in messages(text)


# ---- letters from real tools -------------------------------------------------------------------------

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


@pytest.mark.parametrize("name, size, ok", [
    ("chromium-12pt.pdf", 12, True),  # Chromium's "Save as PDF" (Skia): 12-point, with a white line and a link
    ("chromium-8pt-footnote.pdf", 8, False),  # the same with an 8-point footnote mark
])
def test_letters_printed_by_chromium(name, size, ok):
    answer = check((LETTERS / name).read_bytes())
    assert answer["min_font_pt"] == size and answer["ok"] is ok


LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


@pytest.mark.skipif(not LIBERATION.exists(), reason="needs the Liberation fonts (Chromium's dependency)")
def test_an_embedded_truetype_font_with_tiny_spaces():
    """fpdf2 with a TrueType font writes a two-byte (Identity-H) font with a ToUnicode: a tiny run
    of spaces in it is not type."""
    pdf = FPDF(format="letter")
    pdf.add_font("Serif", fname=str(LIBERATION))
    pdf.add_page()
    pdf.set_font("Serif", size=12)
    pdf.multi_cell(0, 5, "We met and conferred \u2014 \u201cquotes\u201d and spaces.   " * 20)
    pdf.set_font("Serif", size=2)
    pdf.cell(0, 5, "     ")
    answer = check(bytes(pdf.output()))
    assert answer["min_font_pt"] == 12 and answer["ok"]
    assert "\u201cquotes\u201d" in answer["page_fonts"][0]["sample"]


# ---- an independent oracle -----------------------------------------------------------------

def pdfminer_smallest(data):
    """The smallest character size pdfminer.six (an independent extractor) lays out on the pages."""
    import io

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    sizes = []

    def walk(item):
        if isinstance(item, LTChar):
            sizes.append(item.size)
        for child in getattr(item, "_objs", None) or []:
            walk(child)

    for page in extract_pages(io.BytesIO(data)):
        walk(page)
    return min(sizes)


@pytest.mark.parametrize("make", ["form_scaled_by_cm", "form_with_matrix", "tounicode_all_spaces", "good_letter"])
def test_type_sizes_agree_with_pdfminer(make):
    """The cases pdfminer.six measured right while the old checker did not: same size here."""
    import base64

    from conferral_core import api

    data = getattr(h, make)()
    ours = api.handle({"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                       "pdf": base64.b64encode(data).decode()})["min_font_pt"]
    assert ours == pytest.approx(pdfminer_smallest(data), abs=0.05)
