"""The letter checker: pages and type size of a PDF letter, or an estimate for pasted text.

pypdf is imported only when a PDF is checked, so pages that never check a letter never
download it. Everything runs where this code runs (in the browser, on the reader's own
device): the file is never sent anywhere.

The type is measured as it prints (`pdfpages`: the full transformation, only visible text
inside the crop box, and the appearance of annotations that print); protected files are
opened with `pdfcrypt` (the same AES in CPython and in the browser); one `pdfpages.Budget`
bounds the work on a file, so a file too complex to check gets that answer within seconds.
A page much larger than US Letter counts as the Letter pages it would fill. The verdict is
OK only when every page could be checked.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import textwrap
from dataclasses import dataclass
from typing import Any, cast

from .messages import Catalog

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 300
DECODED_LIMIT = 16 * 1024 * 1024  # what one stream may decode to, in pypdf (its default is 75 MB)
MAX_TEXT_CHARS = 200_000  # pasted text: about 55 pages of 12-point type; more is refused at once
LETTER_POINTS = (612, 792)  # US Letter, 8.5 x 11 inches
LETTER_INCHES = (8.5, 11.0)
# A page larger than Letter counts as the Letter pages it would fill, in each direction; a part
# beyond whole pages counts only when it is more than this share of a page (so A4 and Legal
# count as one page, 8.5 x 22 as two, 8.5 x 44 as four, 11 x 17 as two).
EXTRA_PAGE_AT = 0.3
# Assumptions for estimating pages from pasted text (said to the reader with the answer), and the
# layout the document builder prints a letter in (documents.py), so that the two agree.
MARGIN_INCHES = 1.0
LINE_HEIGHT = 1.2  # single spacing: line height as a multiple of the type size
LINE_POINTS = LETTER_POINTS[0] - 2 * 72 * MARGIN_INCHES  # the width of a line of text: 6.5 inches
# The average character width of English prose in Times-Roman, as a multiple of the type size (0.415
# over the stored source documents): only for the "about N characters per line" a reader is told. The
# estimate itself measures every line with the font's own widths (data/fonts/times-roman.toml).
AVERAGE_CHAR_WIDTH = 0.42
FONT_FILE = "fonts/times-roman.toml"
DEFAULT_PT = 12  # the type size assumed where no rule sets one
FONT_FAMILY = "Times New Roman"  # the font the estimate assumes, and the builder prints in


@dataclass(frozen=True)
class Limits:
    """A letter's limits from the rules: pages, what they count, the smallest type size."""

    max_pages: int | None
    counts: str | None  # "all-pages" | "excluding-exhibits" | "not-stated"
    min_pt: int | None
    document: str | None = None  # what the limits govern, as their source names it ("joint letter")

    @property
    def any(self) -> bool:
        return self.max_pages is not None or self.min_pt is not None


def limits_of(requirements: Any) -> Limits:
    """The letter limits among a procedure's requirements (those in force on one day): its page
    limit and its type size, and the document they govern (rules.LETTER_LIMITS)."""
    page = next((r for r in requirements if r.kind == "page-limit"), None)
    font = next((r for r in requirements if r.kind == "font"), None)
    named = page or font
    return Limits(page.fields["max_pages"] if page else None, page.fields["counts"] if page else None,
                  font.fields["min_pt"] if font else None, named.fields["document"] if named else None)


def limit_sentences(cat: Catalog, limits: Limits) -> list[str]:
    """The limits a letter is checked against, one sentence each ("At most 2 pages.")."""
    out = []
    if limits.max_pages is not None:
        out.append(cat.text("letter-check", cat.plural(f"pages.{limits.counts}", limits.max_pages),
                            pages=limits.max_pages))
    if limits.min_pt is not None:
        out.append(cat.text("letter-check", "font", pt=limits.min_pt))
    return out


def unset_sentences(cat: Catalog, limits: Limits) -> list[str]:
    """What the procedure's sources do not limit, said plainly (never read as "anything goes")."""
    suffix = "" if limits.document else ".unnamed"
    out = []
    if limits.max_pages is None:
        out.append(cat.text("letter-check", f"no-pages{suffix}", document=limits.document))
    if limits.min_pt is None:
        out.append(cat.text("letter-check", f"no-font{suffix}", document=limits.document))
    return out


def check_title(cat: Catalog, limits: Limits) -> str:
    """The letter check's heading: which document, and its page limit ("Check your 2-page joint letter")."""
    if limits.max_pages is not None:
        return cat.text("letter-check", cat.plural("title.pages", limits.max_pages), pages=limits.max_pages,
                        document=limits.document)
    return cat.text("letter-check", "title.font", document=limits.document)


def _finding(level: str, message: str, page: int | None = None) -> dict[str, Any]:
    return {"level": level, "page": page, "message": message}


def check_pdf(cat: Catalog, data: bytes, limits: Limits, budget: Any = None) -> dict[str, Any]:
    """Pages, page sizes and type sizes of a PDF letter, against the judge's limits.

    `budget` (a `pdfpages.Budget`; a fresh one by default) bounds the work."""
    out: dict[str, Any] = {"estimate": False, "pages": None, "counted_pages": None, "max_pages": limits.max_pages,
                           "counts": limits.counts, "min_font_pt": None, "required_font_pt": limits.min_pt,
                           "text_pages": 0, "page_sizes": [], "page_fonts": [], "unchecked_pages": [],
                           "ok": False, "findings": []}
    problem = _refuse(cat, data)
    if problem:
        out["findings"].append(_finding("error", problem))
        return out
    import pypdf

    from . import pdfcrypt, pdfpages

    # The clock starts after pypdf is imported: compiling it on a slow phone's first check is not
    # the letter's work, and must not make a plain letter "too complex".
    budget = budget if budget is not None else pdfpages.Budget()

    # pypdf's own limits on what one stream may decode to (75 MB each by default), lowered:
    # the checker never decodes images, and a content stream is refused past 3 MB anyway.
    configure = getattr(pypdf, "apply_configuration", None)
    fields = getattr(getattr(pypdf, "Configuration", None), "__dataclass_fields__", {})
    lowered = {name: DECODED_LIMIT for name in fields if name.endswith("_maximum_output_length")}
    with (configure(**lowered) if configure else contextlib.nullcontext()), pdfcrypt.crypto_for(budget):
        try:
            reader, problem = _open(cat, data)
        except pdfpages.TooComplex:
            reader, problem = None, cat.text("letters", "too-complex-file")
        if problem:
            out["findings"].append(_finding("error", problem))
            return out
        _check_pages(cat, reader, limits, budget, out)
    return out


def _open(cat: Catalog, data: bytes) -> tuple[Any, str | None]:
    """The reader, or why the file cannot be read."""
    import pypdf
    from pypdf.errors import DependencyError

    from . import pdfcrypt

    try:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))  # tries the empty password itself
        except NotImplementedError:  # pypdf knows only the standard (password) security handler
            if b"/Encrypt" in data:
                return None, cat.text("letters", "protected")
            raise
        if reader.is_encrypted:
            if pdfcrypt.protection(reader) != "standard":
                return None, cat.text("letters", "protected")
            if pdfcrypt.uses_aes(reader) and not pdfcrypt.lending():
                # Our AES could not be lent (a pypdf without the names): say so everywhere alike,
                # even where pypdf could borrow `cryptography`, which the browser does not have.
                return None, cat.text("letters", "protected")
            if not _unlocks(reader):
                return None, cat.text("letters", "encrypted")
        pages = len(reader.pages)
    except DependencyError:  # AES without an AES provider (pdfcrypt could not lend its own)
        return None, cat.text("letters", "protected")
    except Exception:  # noqa: BLE001 - any parse failure of an untrusted file is a finding, not a crash
        return None, cat.text("letters", "damaged")
    if pages == 0:
        return None, cat.text("letters", "no-pages")
    if pages > MAX_PAGES:
        return None, cat.text("letters", "too-many-pages", pages=pages, limit=MAX_PAGES)
    return reader, None


def _check_pages(cat: Catalog, reader: Any, limits: Limits, budget: Any, out: dict[str, Any]) -> None:
    from pypdf.errors import DependencyError

    from . import pdfpages

    pages = len(reader.pages)
    out["pages"] = pages
    findings = out["findings"]
    unreadable: list[int] = []
    boxes: dict[int, tuple[tuple[float, float, float, float], float]] = {}
    counted = 0
    large: list[int] = []
    odd_size = False
    stopped_at: int | None = None
    # First every page's size (cheap), so that the page count is complete even if the type
    # cannot all be measured.
    for number, page in enumerate(reader.pages, 1):
        try:
            budget.check()
            crop, user_unit = _page_box(page)
        except pdfpages.TooComplex:
            stopped_at = number
            break
        except Exception:  # noqa: BLE001
            unreadable.append(number)
            counted += 1
            continue
        boxes[number] = (crop, user_unit)
        width = (crop[2] - crop[0]) * user_unit / 72
        height = (crop[3] - crop[1]) * user_unit / 72
        out["page_sizes"].append([round(width, 2), round(height, 2)])
        n = _letter_pages(width, height)
        counted += n
        if n > 1:
            large.append(number)
        if sorted((round(width * 72), round(height * 72))) != sorted(LETTER_POINTS):
            odd_size = True
    smallest: list[float] = []
    too_small: list[tuple[int, float, str]] = []
    hidden: list[int] = []
    no_text: list[int] = []
    doc = pdfpages.Document(budget)
    if stopped_at is None:
        for number, page in enumerate(reader.pages, 1):
            if number not in boxes:
                continue
            try:
                text = doc.page(page, *boxes[number])
                run = text.smallest
                sample = (textwrap.shorten(" ".join(run.text().split()), 40, placeholder="…") or "…") if run else ""
            except pdfpages.TooComplex:
                stopped_at = number
                break
            except DependencyError:  # AES, and pdfcrypt could not lend pypdf its own
                findings.append(_finding("error", cat.text("letters", "protected")))
                unreadable += [n for n in range(number, pages + 1) if n in boxes]
                break
            except Exception:  # noqa: BLE001 - a page pypdf cannot decode is counted, not measured
                unreadable.append(number)
                continue
            if text.hidden:
                hidden.append(number)
            if run is None:
                no_text.append(number)
                findings.append(_finding("warning", cat.text("letters", "no-text"), number))
                continue
            out["text_pages"] += 1
            smallest.append(run.size)
            out["page_fonts"].append({"page": number, "min_font_pt": round(run.size, 1), "sample": sample})
            if limits.min_pt is not None and run.size < limits.min_pt - 0.05:
                too_small.append((number, run.size, sample))
    for number in sorted(unreadable):
        findings.append(_finding("warning", cat.text("letters", "page-unreadable"), number))
    if stopped_at is not None:
        if len(boxes) + len(unreadable) < pages:  # stopped while reading sizes: the type was not measured
            counted += pages - len(boxes) - len(unreadable)  # the rest count as one page each
            stopped_at = 1
        findings.append(_finding("warning", cat.text("letters", "too-complex", checked=stopped_at - 1, pages=pages),
                                 stopped_at))
    out["counted_pages"] = counted
    unchecked = set(unreadable) | (set(range(stopped_at, pages + 1)) if stopped_at is not None else set())
    if limits.min_pt is not None:
        unchecked |= set(no_text)
    out["unchecked_pages"] = sorted(unchecked)
    out["min_font_pt"] = round(min(smallest), 1) if smallest else None
    if too_small:
        # One finding for the whole letter, naming every page, so the reader sees the problem once.
        page, size, sample = min(too_small, key=lambda t: t[1])
        pages_list = _page_list(cat, [t[0] for t in too_small])
        findings.append(_finding("error", cat.text("letters", "font-small", pages=pages_list, size=_pt(size),
                                                   need=limits.min_pt, sample=sample), too_small[0][0]))
    if hidden:
        findings.append(_finding("info", cat.text("letters", "hidden-text", pages=_page_list(cat, hidden)), hidden[0]))
    if large:
        findings.append(_finding("warning", cat.text("letters", "large-pages", pages=_page_list(cat, large),
                                                     counted=counted), large[0]))
    findings += _page_findings(cat, counted, limits)
    if odd_size:
        findings.append(_finding("info", cat.text("letters", "not-letter-size")))
    out["ok"] = (not any(f["level"] == "error" for f in findings) and not unchecked
                 and (limits.min_pt is None or out["min_font_pt"] is not None))
    if limits.min_pt is not None and out["min_font_pt"] is None and stopped_at is None:
        findings.append(_finding("warning", cat.text("letters", "font-unknown", need=limits.min_pt)))
    if out["ok"] and not findings:
        findings.append(_finding("ok", cat.text("letters", "all-ok", pages=counted)))


def _rect(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    value = value.get_object() if hasattr(value, "get_object") else value
    nums = [float(v.get_object() if hasattr(v, "get_object") else v) for v in value]
    if len(nums) != 4 or not all(math.isfinite(v) for v in nums):
        return None
    return min(nums[0], nums[2]), min(nums[1], nums[3]), max(nums[0], nums[2]), max(nums[1], nums[3])


def _page_box(page: Any) -> tuple[tuple[float, float, float, float], float]:
    """The crop box (the visible page: the CropBox within the MediaBox, default the MediaBox),
    in default user space units, and the /UserUnit (points per unit, default 1)."""
    media = _rect(page.get("/MediaBox")) or cast("tuple[float, float, float, float]",
                                                 (0.0, 0.0, *map(float, LETTER_POINTS)))
    crop = _rect(page.get("/CropBox")) or media
    crop = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if crop[2] <= crop[0] or crop[3] <= crop[1]:
        crop = media
    unit = page.get("/UserUnit", 1)
    unit = float(unit.get_object() if hasattr(unit, "get_object") else unit)
    if not (math.isfinite(unit) and unit > 0):
        unit = 1.0
    return crop, unit


def _letter_pages(width: float, height: float) -> int:
    """How many US Letter pages a page of this size (inches) would print on, upright or turned."""
    def fit(w: float, h: float) -> int:
        across = max(1, math.ceil(w / LETTER_INCHES[0] - EXTRA_PAGE_AT))
        down = max(1, math.ceil(h / LETTER_INCHES[1] - EXTRA_PAGE_AT))
        return min(across * down, 10**6)

    return min(fit(width, height), fit(height, width))


def _refuse(cat: Catalog, data: bytes) -> str | None:
    if not data:
        return cat.text("letters", "empty")
    if len(data) > MAX_BYTES:
        return cat.text("letters", "too-big", mb=round(len(data) / 1024 / 1024, 1), limit=MAX_BYTES // 1024 // 1024)
    if b"%PDF-" not in data[:1024]:
        return cat.text("letters", "not-pdf")
    return None


def _unlocks(reader: Any) -> bool:
    """Many PDFs are "encrypted" only against editing, with an empty password for reading.
    pypdf tries that password when it opens the file; asking again would repeat the key
    derivation (for AES-256, thousands of AES blocks)."""
    from .pdfpages import TooComplex

    try:
        encryption = getattr(reader, "_encryption", None)
        if encryption is not None and encryption.is_decrypted():
            return True
        return bool(reader.decrypt(""))
    except TooComplex:
        raise
    except Exception:  # noqa: BLE001 - a broken encryption dictionary
        return False


def _page_list(cat: Catalog, pages: list[int]) -> str:
    listed = str(pages[-1]) if len(pages) == 1 else (
        ", ".join(str(p) for p in pages[:-1]) + f" {cat.lookup('words', 'and')} {pages[-1]}")
    return cat.text("letters", cat.plural("page-list", len(pages)), pages=listed)


def _pt(size: float) -> str:
    return f"{size:.1f}".rstrip("0").rstrip(".")


def _page_findings(cat: Catalog, pages: int, limits: Limits) -> list[dict[str, Any]]:
    if limits.max_pages is None:
        return [_finding("info", cat.text("letters", "no-page-limit"))]
    if pages <= limits.max_pages:
        return []
    if limits.counts == "excluding-exhibits":
        return [_finding("warning", cat.text("letters", "pages-over-exhibits", pages=pages, limit=limits.max_pages,
                                             extra=pages - limits.max_pages))]
    key = "pages-over" if limits.counts == "all-pages" else "pages-over-unclear"
    return [_finding("error", cat.text("letters", key, pages=pages, limit=limits.max_pages))]


def chars_per_line(size: float) -> int:
    """About how many characters of ordinary text fill a line between 1-inch margins at `size` points."""
    return int(LINE_POINTS / (AVERAGE_CHAR_WIDTH * size))


@functools.cache
def font_widths() -> tuple[dict[str, int], int]:
    """The width of each character in the font the estimate assumes (thousandths of the type size),
    and the width of any other character: data/fonts/times-roman.toml, read strictly."""
    from . import loader

    t = loader.Table(FONT_FILE, "", loader.load(FONT_FILE))
    t.get("font", str)
    default = t.get("default", int)
    table = t.table("widths")
    widths: dict[str, int] = {}
    for char in table.raw:
        if len(char) != 1:
            raise loader.DataError(FONT_FILE, f"widths.{char}", "one character per key")
        widths[char] = table.get(char, int)
    table.done()
    t.done()
    return widths, default


def paragraph_lines(paragraph: str, size: float) -> int:
    """The lines one paragraph fills between 1-inch margins at `size` points in Times-Roman: words
    measured with the font's widths and wrapped at spaces, as a browser or a word processor lays them
    out (runs of spaces count as one; a word wider than the line is broken where it reaches the edge).
    An empty paragraph is one blank line."""
    widths, default = font_widths()
    room = LINE_POINTS * 1000 / size  # in thousandths of the type size, as the widths are
    space = widths.get(" ", default)
    lines, used = 1, 0.0
    for word in paragraph.split():
        width = sum(widths.get(char, default) for char in word)
        if used and used + space + width <= room:
            used += space + width
            continue
        if used:  # the word starts the next line
            lines += 1
        if width <= room:
            used = width
            continue
        used = 0
        for char in word:  # wider than a whole line: broken where it reaches the edge
            char_width = widths.get(char, default)
            if used and used + char_width > room:
                lines += 1
                used = 0
            used += char_width
    return lines


def lines_per_page(size: float) -> int:
    """How many single-spaced lines at `size` points fit between 1-inch margins on a Letter page."""
    return math.floor((LETTER_POINTS[1] - 2 * 72 * MARGIN_INCHES) / (LINE_HEIGHT * size))


def estimate_text(cat: Catalog, text: str, limits: Limits) -> dict[str, Any]:
    """Pages the text would fill on US Letter with 1-inch margins, at the judge's minimum type
    size (12 points if none), single-spaced. It is an estimate and says so.

    Text longer than MAX_TEXT_CHARS is refused at once, with a finding saying so."""
    size = limits.min_pt or DEFAULT_PT
    if len(text) > MAX_TEXT_CHARS:
        finding = _finding("error", cat.text("letters", "text-too-long", chars=len(text), limit=MAX_TEXT_CHARS))
        return {"estimate": True, "pages": None, "max_pages": limits.max_pages, "counts": limits.counts,
                "font_pt": size, "lines": None, "assumptions": [], "ok": False, "findings": [finding]}
    per_page = lines_per_page(size)
    lines = sum(paragraph_lines(paragraph, size) for paragraph in text.splitlines())
    pages = max(1, math.ceil(lines / per_page)) if text.strip() else 0
    assumptions = [cat.text("letters", "assume.paper"), cat.text("letters", "assume.type", size=size),
                   cat.text("letters", "assume.spacing"), cat.text("letters", "assume.fit",
                                                                  chars=chars_per_line(size), lines=per_page)]
    findings = [_finding("info", cat.text("letters", "estimate-only"))]
    findings += _page_findings(cat, pages, limits) if pages else [_finding("error", cat.text("letters", "empty-text"))]
    ok = bool(pages) and not any(f["level"] in ("error", "warning") for f in findings)
    return {"estimate": True, "pages": pages, "max_pages": limits.max_pages, "counts": limits.counts,
            "font_pt": size, "lines": lines, "assumptions": assumptions, "ok": ok, "findings": findings}
