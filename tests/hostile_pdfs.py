"""PDFs built byte by byte for the letter checker's tests: a tiny writer, and letters that
try to fool it (type drawn small by a matrix, hidden by a ToUnicode, in an annotation, in a
Type 3 font) or that it used to fail for no reason (OCR layers, white or off-page text).

Every letter here is US Letter with Times-Roman unless a case says otherwise, and "good" text
is 12-point: `LINES` lines of it fill a page the way a real letter does.
"""

from __future__ import annotations

import io
import zlib

LINE = "We met and conferred by phone on December 1 and could not agree on request 4."
LINES = 40


class Writer:
    """Objects, streams, an xref table and a trailer: just enough PDF."""

    def __init__(self) -> None:
        self.objects: list[bytes | None] = [None, None]  # 1: catalog, 2: page tree
        self.pages: list[int] = []
        self.times = self.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")

    def add(self, body: bytes | str, stream: bytes | None = None, compress: bool = True) -> int:
        body = body.encode() if isinstance(body, str) else body
        if stream is not None:
            if compress:
                stream = zlib.compress(stream)
                body = body[:-2].rstrip() + b" /Filter /FlateDecode >>" if body.endswith(b">>") else body
            body = body[:-2].rstrip() + b" /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        self.objects.append(body)
        return len(self.objects)

    def stream(self, content: bytes | str, extra: str = "", compress: bool = True) -> int:
        content = content.encode("latin-1") if isinstance(content, str) else content
        return self.add(f"<< {extra} >>", content, compress)

    def page(self, content: bytes | str, *, media: str = "0 0 612 792", extra: str = "",
             fonts: str = "", xobjects: str = "", resources: str = "") -> int:
        contents = self.stream(content)
        res = f"<< /Font << /F1 {self.times} 0 R {fonts} >> /XObject << {xobjects} >> {resources} >>"
        number = self.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [{media}] /Resources {res} "
                          f"/Contents {contents} 0 R {extra} >>")
        self.pages.append(number)
        return number

    def bytes(self) -> bytes:
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        kids = " ".join(f"{n} 0 R" for n in self.pages)
        self.objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(self.pages)} >>".encode()
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + (body or b"null") + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, xref))
        return out.getvalue()


def text(size: float = 12, lines: int = LINES, top: float = 720, left: float = 72, font: str = "/F1",
         words: str = LINE, prefix: str = "") -> str:
    """A block of text: `lines` lines at `size` points, 1.2 lines apart."""
    body = "".join(f"({words}) Tj T* " for _ in range(lines))
    return f"BT {prefix} {font} {size} Tf {size * 1.2:.2f} TL {left} {top} Td {body}ET\n"


def good_page(w: Writer, extra_content: str = "", **kw: str) -> int:
    return w.page(text() + extra_content, **kw)


def good_letter(pages: int = 1) -> bytes:
    w = Writer()
    for _ in range(pages):
        good_page(w)
    return w.bytes()


# ---- type that prints small --------------------------------------------------------------

def form_scaled_by_cm() -> bytes:
    """12-point text inside a Form XObject drawn under `0.5 0 0 0.5 cm`: it prints at 6 points."""
    w = Writer()
    form = w.stream(text(lines=5, top=300), f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                            f"/Resources << /Font << /F1 {w.times} 0 R >> >>")
    good_page(w, "q 0.5 0 0 0.5 36 36 cm /Fm1 Do Q\n", xobjects=f"/Fm1 {form} 0 R")
    return w.bytes()


def form_with_matrix() -> bytes:
    """12-point text in a Form XObject whose /Matrix scales by 0.75: it prints at 9 points."""
    w = Writer()
    form = w.stream(text(lines=5, top=300), f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                            f"/Matrix [0.75 0 0 0.75 50 20] /Resources << /Font << /F1 {w.times} 0 R >> >>")
    good_page(w, "/Fm1 Do\n", xobjects=f"/Fm1 {form} 0 R")
    return w.bytes()


def blank_tounicode_font(w: Writer) -> int:
    """Times-Roman with a /ToUnicode that maps every code to a space."""
    entries = "".join(f"<{c:02X}> <0020>\n" for c in range(256))
    cmap = (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Blank def "
            f"1 begincodespacerange <00> <FF> endcodespacerange 100 beginbfchar\n{entries}endbfchar "
            f"endcmap CMapName currentdict /CMap defineresource pop end end")
    tounicode = w.stream(cmap)
    return w.add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding "
                 f"/ToUnicode {tounicode} 0 R >>")


def tounicode_all_spaces() -> bytes:
    """Visible 9-point text in a font whose /ToUnicode maps every code to a space."""
    w = Writer()
    blank = blank_tounicode_font(w)
    good_page(w, text(size=9, lines=3, top=120, font="/F2", words="Small print the judge must read"),
              fonts=f"/F2 {blank} 0 R")
    return w.bytes()


def cid_font_all_spaces() -> bytes:
    """9-point text in a Type 0 (Identity-H) font whose ToUnicode maps every code to a space."""
    w = Writer()
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
            "endcodespacerange 1 beginbfrange <0000> <00FF> [" + " ".join("<0020>" for _ in range(256)) +
            "] endbfrange endcmap end end")
    tounicode = w.stream(cmap)
    descendant = w.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hidden /CIDSystemInfo "
                       "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>")
    font = w.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /Hidden /Encoding /Identity-H "
                 f"/DescendantFonts [{descendant} 0 R] /ToUnicode {tounicode} 0 R >>")
    good_page(w, "BT /F2 9 Tf 72 100 Td <0021002200230024> Tj ET\n", fonts=f"/F2 {font} 0 R")
    return w.bytes()


def annotation(flags: int = 4, size: float = 6, bbox: str = "0 0 300 20", rect: str = "72 40 372 60",
               matrix: str = "") -> bytes:
    """A FreeText annotation whose normal appearance holds `size`-point text."""
    w = Writer()
    appearance = w.stream(f"BT /F1 {size} Tf 2 6 Td (Signed and filed under penalty of perjury) Tj ET",
                          f"/Type /XObject /Subtype /Form /BBox [{bbox}] {matrix} "
                          f"/Resources << /Font << /F1 {w.times} 0 R >> >>")
    annot = w.add(f"<< /Type /Annot /Subtype /FreeText /Rect [{rect}] /F {flags} /DA (/F1 {size} Tf) "
                  f"/AP << /N {appearance} 0 R >> >>")
    good_page(w, extra=f"/Annots [{annot} 0 R]")
    return w.bytes()


def type3_font(w: Writer, matrix: str) -> int:
    """A Type 3 font whose glyphs are drawn on a 1000-unit em; `matrix` is its /FontMatrix."""
    glyph = w.stream("600 0 0 0 500 700 d1 0 0 500 700 re f")
    space = w.stream("250 0 d0")
    differences = "[32 /space 65 " + " ".join(["/box"] * 58) + "]"
    return w.add(f"<< /Type /Font /Subtype /Type3 /FontMatrix [{matrix}] /FontBBox [0 0 500 700] "
                 f"/CharProcs << /box {glyph} 0 R /space {space} 0 R >> "
                 f"/Encoding << /Type /Encoding /Differences {differences} >> "
                 f"/FirstChar 32 /LastChar 122 /Widths [250 " + " ".join(["0"] * 32) + " " +
                 " ".join(["600"] * 58) + "] >>")


def type3_half(matrix: str = "0.0005 0 0 0.0005 0 0") -> bytes:
    """12-point text in a Type 3 font whose FontMatrix halves its glyphs: 6 points on paper."""
    w = Writer()
    font = type3_font(w, matrix)
    good_page(w, text(size=12, lines=3, top=120, font="/F3", words="Small print"), fonts=f"/F3 {font} 0 R")
    return w.bytes()


def pattern_text() -> bytes:
    """A tiling pattern whose cell holds 4-point text, filling a box on the page."""
    w = Writer()
    cell = w.stream("BT /F1 4 Tf 2 10 Td (Tiny print in a pattern cell) Tj ET",
                    f"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 100 20] /XStep 100 "
                    f"/YStep 20 /Matrix [1 0 0 1 0 0] /Resources << /Font << /F1 {w.times} 0 R >> >>")
    good_page(w, "q /Pattern cs /P1 scn 72 40 300 40 re f Q\n", resources=f"/Pattern << /P1 {cell} 0 R >>")
    return w.bytes()


# ---- page size -----------------------------------------------------------------------------

def long_page() -> bytes:
    """One 8.5 x 44 in page holding four pages of 12-point text."""
    w = Writer()
    content = "".join(text(top=3168 - 72 - 792 * i) for i in range(4))
    w.page(content, media="0 0 612 3168")
    return w.bytes()


def user_unit(unit: float = 2, media: str = "0 0 306 396", size: float = 6) -> bytes:
    """A page in user units of `unit` points: 6-unit type on it is 12 points at UserUnit 2."""
    w = Writer()
    w.page(text(size=size, lines=30, top=360, left=36), media=media, extra=f"/UserUnit {unit}")
    return w.bytes()


def crop_box() -> bytes:
    """An 8.5 x 22 in MediaBox cropped to its top half (Letter); 6-point text in the cut-off part."""
    w = Writer()
    w.page(text(top=1512) + text(size=6, lines=10, top=500), media="0 0 612 1584",
           extra="/CropBox [0 792 612 1584]")
    return w.bytes()


# ---- text that does not print ----------------------------------------------------------------

def ocr_layer() -> bytes:
    """A good letter with an invisible (render mode 3) 6-point text layer over it, as OCR makes."""
    w = Writer()
    good_page(w, text(size=6, lines=60, top=740, prefix="3 Tr"))
    return w.bytes()


def white_text(colour: str = "1 g", resources: str = "") -> bytes:
    w = Writer()
    good_page(w, f"{colour} " + text(size=6, lines=5, top=100) + "0 g\n", resources=resources)
    return w.bytes()


def white_on_black() -> bytes:
    """White 6-point text on a black box: it shows."""
    w = Writer()
    good_page(w, "0 g 60 50 400 60 re f 1 g " + text(size=6, lines=5, top=100) + "0 g\n")
    return w.bytes()


def outside_the_page() -> bytes:
    w = Writer()
    good_page(w, text(size=4, lines=5, top=400, left=-2000) + text(size=4, lines=5, top=2000))
    return w.bytes()


def zero_size() -> bytes:
    w = Writer()
    good_page(w, text(size=0, lines=5, top=100) + "BT /F1 12 Tf 0 0 0 0 72 100 Tm (degenerate) Tj ET\n")
    return w.bytes()


def clip_text_painted() -> bytes:
    """6-point text in render mode 7 (a clipping path), then a black box painted through it."""
    w = Writer()
    good_page(w, "q BT 7 Tr /F1 6 Tf 72 100 Td (Painted through a clip) Tj ET 0 g 0 0 612 792 re f Q\n")
    return w.bytes()


# ---- work ---------------------------------------------------------------------------------------

def busy(pages: int = 300, runs: int = 1800) -> bytes:
    """Pages of many small text runs, each placed with its own Tm, as some generators write:
    at 300 x 1800 about 2.6 MB, like the file of the issue that ran past 120 s."""
    w = Writer()
    for page in range(pages):
        body = "".join(f"1 0 0 1 {72 + (i * 7 + page) % 400} {720 - (i // 40) % 600} Tm (w{i * 31 + page}) Tj "
                       for i in range(runs))
        w.page(f"BT /F1 12 Tf {body} ET")
    return w.bytes()


def form_bomb(fan: int = 10, depth: int = 7) -> bytes:
    """Forms that each draw the next one `fan` times, `depth` deep: fan**depth text runs."""
    w = Writer()
    inner = w.stream(text(lines=1), f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                    f"/Resources << /Font << /F1 {w.times} 0 R >> >>")
    for _ in range(depth):
        inner = w.stream("/X Do " * fan, f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                         f"/Resources << /XObject << /X {inner} 0 R >> >>")
    good_page(w, "/X Do\n", xobjects=f"/X {inner} 0 R")
    return w.bytes()


def deflate_bomb(pages: int = 20, megabytes: int = 30) -> bytes:
    """Pages whose content streams each inflate from about 45 KB to `megabytes` MB."""
    w = Writer()
    bomb = zlib.compress(b"0 0 m " * (megabytes * 1024 * 1024 // 6), 9)
    for _ in range(pages):
        content = w.add(b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(bomb) + bomb + b"\nendstream")
        w.pages.append(w.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R >>"))
    return w.bytes()


def form_cycle() -> bytes:
    """A form that draws itself."""
    w = Writer()
    number = len(w.objects) + 1
    w.stream("/Me Do " + text(lines=1, size=6), f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                                f"/Resources << /Font << /F1 {w.times} 0 R >> /XObject << /Me {number} 0 R >> >>")
    good_page(w, "/Me Do\n", xobjects=f"/Me {number} 0 R")
    return w.bytes()


# ---- protection ---------------------------------------------------------------------------------

def protect(data: bytes, algorithm: str, user_password: str = "") -> bytes:
    """`data` saved by pypdf's writer with "restrict editing" (an owner password, and by default
    no password to open it). pypdf needs an AES implementation to write AES: it borrows the
    checker's own, as the checker does to read."""
    import pypdf

    from conferral_core import pdfcrypt, pdfpages

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    with pdfcrypt.crypto_for(pdfpages.Budget(decrypted_bytes=10**9, seconds=600)):
        writer.encrypt(user_password=user_password, owner_password="x", algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()
