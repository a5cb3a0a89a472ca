"""The letter checker: pages and type size of a PDF letter, or an estimate for pasted text.

pypdf is imported only when a PDF is checked, so pages that never check a letter never
download it. Everything runs where this code runs (in the browser, on the reader's own
device): the file is never sent anywhere.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from typing import Any

from .messages import Catalog

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 300
LETTER_POINTS = (612, 792)  # US Letter, 8.5 x 11 inches
# Assumptions for estimating pages from pasted text (said to the reader with the answer).
MARGIN_INCHES = 1.0
LINE_HEIGHT = 1.2  # single spacing: line height as a multiple of the type size
AVERAGE_CHAR_WIDTH = 0.5  # average character width as a multiple of the type size (Times-like)


@dataclass(frozen=True)
class Limits:
    max_pages: int | None
    counts: str | None  # "all-pages" | "excluding-exhibits" | "not-stated"
    min_pt: int | None


def _finding(level: str, message: str, page: int | None = None) -> dict[str, Any]:
    return {"level": level, "page": page, "message": message}


def check_pdf(cat: Catalog, data: bytes, limits: Limits) -> dict[str, Any]:
    out: dict[str, Any] = {"estimate": False, "pages": None, "max_pages": limits.max_pages,
                           "counts": limits.counts, "min_font_pt": None, "required_font_pt": limits.min_pt,
                           "text_pages": 0, "page_sizes": [], "page_fonts": [], "ok": False, "findings": []}
    problem = _refuse(cat, data)
    if problem:
        out["findings"].append(_finding("error", problem))
        return out
    try:
        import pypdf
        from pypdf.errors import PdfReadError  # noqa: F401 - listed to show what the except below covers

        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _unlocks(reader):
            out["findings"].append(_finding("error", cat.text("letters", "encrypted")))
            return out
        pages = len(reader.pages)
    except Exception:  # noqa: BLE001 - any parse failure of an untrusted file is a finding, not a crash
        out["findings"].append(_finding("error", cat.text("letters", "damaged")))
        return out
    out["pages"] = pages
    if pages == 0:
        out["findings"].append(_finding("error", cat.text("letters", "no-pages")))
        return out
    if pages > MAX_PAGES:
        out["findings"].append(_finding("error", cat.text("letters", "too-many-pages", pages=pages, limit=MAX_PAGES)))
        return out
    smallest: list[float] = []
    too_small: list[tuple[int, float, str]] = []
    for number, page in enumerate(reader.pages, 1):
        try:
            size, sample, has_text = _smallest_type(page)
            box = page.mediabox
            out["page_sizes"].append([round(float(box.width) / 72, 2), round(float(box.height) / 72, 2)])
        except Exception:  # noqa: BLE001
            out["findings"].append(_finding("warning", cat.text("letters", "page-unreadable"), number))
            continue
        if not has_text:
            out["findings"].append(_finding("warning", cat.text("letters", "no-text"), number))
            continue
        out["text_pages"] += 1
        smallest.append(size)
        out["page_fonts"].append({"page": number, "min_font_pt": round(size, 1), "sample": sample})
        if limits.min_pt is not None and size < limits.min_pt - 0.05:
            too_small.append((number, size, sample))
    out["min_font_pt"] = round(min(smallest), 1) if smallest else None
    if too_small:
        # One finding for the whole letter, naming every page, so the reader sees the problem once.
        page, size, sample = min(too_small, key=lambda t: t[1])
        pages_list = _page_list(cat, [t[0] for t in too_small])
        out["findings"].append(_finding("error", cat.text("letters", "font-small", pages=pages_list, size=_pt(size),
                                                          need=limits.min_pt, sample=sample), too_small[0][0]))
    out["findings"] += _page_findings(cat, pages, limits)
    if any(tuple(round(x * 72) for x in s) != LETTER_POINTS for s in out["page_sizes"]):
        out["findings"].append(_finding("info", cat.text("letters", "not-letter-size")))
    out["ok"] = not any(f["level"] == "error" for f in out["findings"]) and (
        limits.min_pt is None or out["min_font_pt"] is not None)
    if limits.min_pt is not None and out["min_font_pt"] is None:
        out["findings"].append(_finding("warning", cat.text("letters", "font-unknown", need=limits.min_pt)))
    if out["ok"] and not out["findings"]:
        out["findings"].append(_finding("ok", cat.text("letters", "all-ok", pages=pages)))
    return out


def _refuse(cat: Catalog, data: bytes) -> str | None:
    if not data:
        return cat.text("letters", "empty")
    if len(data) > MAX_BYTES:
        return cat.text("letters", "too-big", mb=round(len(data) / 1024 / 1024, 1), limit=MAX_BYTES // 1024 // 1024)
    if b"%PDF-" not in data[:1024]:
        return cat.text("letters", "not-pdf")
    return None


def _unlocks(reader: Any) -> bool:
    """Many PDFs are "encrypted" only against editing, with an empty password for reading."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - e.g. AES needs an optional crypto library
        return False


def _smallest_type(page: Any) -> tuple[float, str, bool]:
    """The smallest effective type size on a page, in points, with a sample of that text.

    The effective size is the font size (Tf) scaled by the text matrix and the current
    transformation matrix, so text drawn small with a large Tf (or the reverse) is measured
    as it appears on paper. Whitespace-only runs are ignored.
    """
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        if not text or not text.strip():
            return
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        found.append((abs(font_size) * math.hypot(c, d), text.strip()))

    page.extract_text(visitor_text=visit)
    if not found:
        return 0.0, "", False
    size, sample = min(found, key=lambda f: f[0])
    return size, textwrap.shorten(sample, 40, placeholder="…"), True


def _page_list(cat: Catalog, pages: list[int]) -> str:
    if len(pages) == 1:
        return cat.text("letters", "page-one", page=pages[0])
    listed = ", ".join(str(p) for p in pages[:-1]) + f" {cat.lookup('words', 'and')} {pages[-1]}"
    return cat.text("letters", "page-many", pages=listed)


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


def estimate_text(cat: Catalog, text: str, limits: Limits) -> dict[str, Any]:
    """Pages the text would fill on US Letter with 1-inch margins, at the judge's minimum type
    size (12 points if none), single-spaced. It is an estimate and says so."""
    size = limits.min_pt or 12
    width = (LETTER_POINTS[0] - 2 * 72 * MARGIN_INCHES) / (AVERAGE_CHAR_WIDTH * size)
    per_page = math.floor((LETTER_POINTS[1] - 2 * 72 * MARGIN_INCHES) / (LINE_HEIGHT * size))
    lines = 0
    for paragraph in text.splitlines():
        lines += max(1, len(textwrap.wrap(paragraph, int(width)))) if paragraph.strip() else 1
    pages = max(1, math.ceil(lines / per_page)) if text.strip() else 0
    assumptions = [cat.text("letters", "assume.paper"), cat.text("letters", "assume.type", size=size),
                   cat.text("letters", "assume.spacing"), cat.text("letters", "assume.fit",
                                                                  chars=int(width), lines=per_page)]
    findings = [_finding("info", cat.text("letters", "estimate-only"))]
    findings += _page_findings(cat, pages, limits) if pages else [_finding("error", cat.text("letters", "empty-text"))]
    ok = bool(pages) and not any(f["level"] in ("error", "warning") for f in findings)
    return {"estimate": True, "pages": pages, "max_pages": limits.max_pages, "counts": limits.counts,
            "font_pt": size, "lines": lines, "assumptions": assumptions, "ok": ok, "findings": findings}
