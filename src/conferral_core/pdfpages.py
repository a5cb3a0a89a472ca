"""Type as it lands on the page: a small interpreter of PDF page content for the letter checker.

Pure Python on top of pypdf (which reads the file, its objects and its compressed streams), so
it runs the same in CPython and in the browser's Pyodide. `parse` splits a content stream into
operators; `Document.page` follows the page's content, the Form XObjects it draws (`Do`,
recursively, each with its /Matrix and own /Resources, at most MAX_FORM_DEPTH deep, never into
itself), the cells of tiling patterns that fill or stroke a path on the page (text in a cell is
measured wherever in the cell it lies, since the cell repeats over the painted area), and the
normal appearance (/AP /N, by /AS if several) of every annotation that prints
(flag Print set, Hidden not set), placed on its /Rect as PDF 32000-1 12.5.5 says: the /BBox,
mapped by the appearance's /Matrix, is fitted to the /Rect. For every piece of text shown (each
Tj, TJ, ' or " operator) it works out

- the **type size as printed**: the height of the font's em square on the page, in points.
  The text rendering matrix is Trm = [Tfs*Th 0 0 Tfs 0 Trise] x Tm x CTM (9.4.4); the CTM
  includes every `cm` and every form's and appearance's matrix. For a Type 3 font the glyph
  space is mapped by the font's own /FontMatrix, taken relative to the usual 0.001, so a
  FontMatrix of 0.0005 halves the glyphs. Horizontal scaling (Tz) is left out of the height:
  the size is the em's extent at right angles to the baseline, |det M| / |first row of M| with
  M = (FontMatrix x 1000, Type 3 only) x Tm x CTM, times |Tfs|, times the page's /UserUnit;
- whether it is **visible**. It is not when its rendering mode is 3 (invisible: the text layer
  OCR puts on a scan) or 7 (clip only, unless something is painted through it afterwards); when
  every colour it is painted with is white (fill for modes 0/2/4/6, stroke for 1/2/5/6; gray 1,
  RGB 1 1 1, CMYK 0 0 0 0, a Separation or DeviceN tint of 0, the /None colourant) and it does
  not lie on something dark painted before it (a filled or stroked non-white path, an image or
  a shading: white type on a black box is visible); when its size is zero (`Tf 0`, `Tz 0`, a
  degenerate matrix); and when its box (from its origin along its advance, from 0.25 em below
  the baseline to 1 em above) lies wholly outside the crop box (the CropBox within the MediaBox,
  default the MediaBox). An invalid rendering mode is read as 0 (filled), as pdf.js does;
- whether it is **ink** or only spaces, from the character codes, never from /ToUnicode (a
  font whose ToUnicode maps every code to a space still prints letters). Simple fonts: codes
  other than 32 (and 160 in WinAnsi, 202 in MacRoman) are ink, unless the /Differences name
  them /space (at most four such codes are believed; a font naming more has only its code 32
  taken as space), and a code 32 that /Differences renames is ink. Type 3 fonts: a code is
  ink when its glyph procedure paints anything. Composite (Type 0) fonts: the codes that the
  ToUnicode maps to white space are spaces when there are at most four of them; a font mapping
  more (as a font built to hide text would) has every code counted as ink;
- a sample of its text, for messages: from the ToUnicode where that gives more than white
  space, else from the encoding (glyph names, WinAnsi or MacRoman).

Limits, said plainly: glyph outlines are not read, so a font program whose glyphs are drawn
small inside a normal em (or a Type 1 "space" glyph that draws a letter) is measured by its em;
clipping paths other than text clipping, soft masks, transparency (/ca 0), optional content and
a form's /BBox are not followed (text they hide is still measured: a false alarm at worst, never
a pass); vertical writing is measured as if horizontal; every Type 0 font is read with 2-byte
codes; text drawn inside a Type 3 glyph procedure is not measured (the glyph is, by its em);
text shown before any font is set is not drawn by viewers and is not measured.

Every operator interpreted, every byte of content decoded, and the wall time are charged to
one `Budget` for the whole document; when it runs out `TooComplex` stops the check.
"""

from __future__ import annotations

import math
import re
import struct
import time
from typing import Any, cast

MAX_OPERATORS = 200_000  # content operators interpreted, for the whole document
MAX_CONTENT_BYTES = 10 * 1024 * 1024  # decoded content (pages, forms, glyph procedures, CMaps)
MAX_STREAM_BYTES = 3 * 1024 * 1024  # one decoded content stream (parsed whole, so this bounds memory)
MAX_DECRYPTED_BYTES = 2 * 1024 * 1024  # bytes our pure-Python AES (or RC4) decrypts
MAX_SECONDS = 4.0  # wall time of the whole check (once pypdf is imported), a backstop for slow devices
MAX_FORM_DEPTH = 12  # Form XObjects inside Form XObjects
MAX_DARK_AREAS = 48  # painted areas kept per page to decide whether white type is on a dark one
MAX_CMAP_ENTRIES = 70_000
SPACE_CODES_BELIEVED = 4
DESCENT, ASCENT = -0.25, 1.0  # the box of a text run, in ems, below and above the baseline

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class TooComplex(BaseException):
    """The check's budget ran out.

    A BaseException, like KeyboardInterrupt, on purpose: it can be raised from inside pypdf
    (while a stream is decrypted), and pypdf recovers from ordinary exceptions in many places
    by trying again another way, which would only spend more time.
    """


class Budget:
    """Work allowed for one document: operators, bytes of content, decrypted bytes, seconds.

    The counts are the same on every machine, so CPython and the browser stop at the same
    place; the clock is only a backstop (the browser is slower than the command line).
    """

    def __init__(self, operators: int = MAX_OPERATORS, content_bytes: int = MAX_CONTENT_BYTES,
                 decrypted_bytes: int = MAX_DECRYPTED_BYTES, seconds: float = MAX_SECONDS,
                 clock: Any = time.monotonic) -> None:
        self.operators = operators
        self.content_bytes = content_bytes
        self.decrypted_bytes = decrypted_bytes
        self.clock = clock
        self.deadline = clock() + seconds

    def charge(self, operators: int) -> None:
        self.operators -= operators
        if self.operators < 0 or self.clock() > self.deadline:
            raise TooComplex

    def charge_content(self, n: int) -> None:
        """Bytes of one decoded stream about to be parsed."""
        self.content_bytes -= n
        if n > MAX_STREAM_BYTES or self.content_bytes < 0 or self.clock() > self.deadline:
            raise TooComplex

    def charge_bytes(self, n: int) -> None:
        """Bytes decrypted (called by pdfcrypt while pypdf reads)."""
        self.decrypted_bytes -= n
        if self.decrypted_bytes < 0 or self.clock() > self.deadline:
            raise TooComplex

    def check(self) -> None:
        if self.clock() > self.deadline:
            raise TooComplex


# ---- tokens ---------------------------------------------------------------------------------

_D = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"  # white space and delimiters (7.2.2)
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?=[" + _D + rb"]|$)"
    rb"|/(?P<name>[^" + _D + rb"]*)"
    rb"|\((?P<str>[^()\\]*(?:\\[\s\S][^()\\]*)*)\)"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<op>[^" + _D + rb"]+)"
    rb"|(?P<other>[\s\S])")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\r": b"", b"\n": b""}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_END_INLINE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}


def _unescape(raw: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        e = m.group(1)
        if e[:1].isdigit():
            return bytes((int(e, 8) & 0xFF,))
        return _ESCAPES.get(e, e)

    return _ESCAPE.sub(one, raw)


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string with nested parentheses, from the "(" at `start`; returns its bytes
    and the position after its ")" (or the end, if it is not closed)."""
    depth, i, n = 0, start, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return _unescape(data[start + 1:i]), i + 1
        i += 1
    return _unescape(data[start + 1:]), n


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    try:
        return "/" + raw.decode("utf-8")
    except UnicodeDecodeError:
        return "/" + raw.decode("latin-1")


_FAST = re.compile(
    rb"[-+.\d][-+.\d\x00\t\n\x0c\r ]*(?<![\x00\t\n\x0c\r ])(?![^" + _D + rb"])"  # a run of numbers
    rb"|[^" + _D + rb"]+"  # operators, keywords
    rb"|/[^" + _D + rb"]*"  # names
    rb"|\([^()\\]*(?:\\[\s\S][^()\\]*)*\)"  # strings without nested parentheses
    rb"|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"  # hex strings
    rb"|<<|>>|[\[\]]|%[^\r\n]*|[()<>{}]")
_NUMBER_START = frozenset(b"0123456789+-.")


def parse(data: bytes) -> list[tuple[bytes, list[Any]]]:
    """The operators of a content stream, each with its operands: numbers as floats, names as
    "/Name" strings, strings as bytes, arrays as lists, dictionaries as dicts. An inline image
    (BI ... ID data EI) becomes one operator b"BI" whose operand is its dictionary. Whatever
    does not parse is skipped, as viewers do.

    The usual stream is split into tokens by one regular expression (in C); a stream with an
    inline image or a string holding parentheses takes the careful path, token by token."""
    tokens = _FAST.findall(data)
    if b"(" in tokens or b"BI" in tokens:
        return _parse_careful(data)
    ops: list[tuple[bytes, list[Any]]] = []
    stack: list[Any] = []
    nest: list[tuple[int, list[Any]]] = []
    names: dict[bytes, str] = {}
    numeric = _NUMBER_START
    for tok in tokens:
        c = tok[0]
        if c in numeric:
            words = tok.split()
            depth = len(stack)
            try:
                stack.extend(map(float, words))
                continue
            except ValueError:  # a word like "12Tf" or "1-2" among them: taken one by one
                del stack[depth:]
                for word in words:
                    try:
                        stack.append(float(word))
                    except ValueError:
                        if nest:
                            stack, nest = nest[0][1], []
                        ops.append((word, stack))
                        stack = []
                continue
        elif c == 47:  # /
            name = names.get(tok)
            if name is None:
                name = names[tok] = _name(tok[1:])
            stack.append(name)
            continue
        elif c == 40:  # (
            raw = tok[1:-1]
            stack.append(_unescape(raw) if 92 in raw else raw)
            continue
        elif c == 60:  # <
            if tok == b"<<":
                nest.append((c, stack))
                stack = []
            else:
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", tok)
                stack.append(bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode()))
            continue
        elif c == 91:  # [
            nest.append((c, stack))
            stack = []
            continue
        elif c == 93 or c == 62:  # ] >>
            if nest and (tok == b"]" or tok == b">>"):
                opener, outer = nest.pop()
                outer.append(stack if opener == 91 else dict(zip(stack[::2], stack[1::2])))
                stack = outer
            continue
        elif c == 37 or c == 41 or c == 123 or c == 125:  # % ) { }
            continue
        if tok in _KEYWORDS:
            stack.append(_KEYWORDS[tok])
            continue
        if nest:  # an operator inside an unclosed array or dictionary: drop them
            stack, nest = nest[0][1], []
        ops.append((tok, stack))
        stack = []
    return ops


def _parse_careful(data: bytes) -> list[tuple[bytes, list[Any]]]:
    ops: list[tuple[bytes, list[Any]]] = []
    stack: list[Any] = []
    nest: list[tuple[bytes, list[Any]]] = []
    pos, n = 0, len(data)
    inline = False
    while pos < n:
        resume = n
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastgroup
            if kind is None:
                continue
            if kind == "num":
                stack.append(float(m.group(1)))
            elif kind == "op":
                word = m.group(kind)
                if word in _KEYWORDS:
                    stack.append(_KEYWORDS[word])
                elif word == b"BI":
                    inline, stack, nest = True, [], []
                elif word == b"ID" and inline:
                    end = _END_INLINE.search(data, m.end() + 1)
                    ops.append((b"BI", [dict(zip(stack[::2], stack[1::2]))]))
                    inline, stack = False, []
                    resume = end.end() if end else n
                    break
                else:
                    if nest:  # an operator inside an unclosed array or dictionary: drop them
                        stack, nest = nest[0][1], []
                    ops.append((word, stack))
                    stack = []
            elif kind == "name":
                stack.append(_name(m.group(kind)))
            elif kind == "str":
                raw = m.group(kind)
                stack.append(_unescape(raw) if b"\\" in raw else raw)
            elif kind == "hex":
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", m.group(kind))
                stack.append(bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode()))
            elif kind == "open":
                nest.append((m.group(kind), stack))
                stack = []
            elif kind == "close":
                if nest:
                    opener, outer = nest.pop()
                    value: Any = stack if opener == b"[" else dict(zip(stack[::2], stack[1::2]))
                    stack = outer
                    stack.append(value)
            elif m.group(kind) == b"(":  # a string with nested parentheses
                value, resume = _literal(data, m.start())
                stack.append(value)
                break
        pos = resume
    return ops


# ---- fonts ----------------------------------------------------------------------------------

SPACE_NAMES = frozenset({"/space", "/nbspace", "/nonbreakingspace", "/uni00A0", "/uni0020"})
_BASE_SPACES = {"/WinAnsiEncoding": (32, 160), "/MacRomanEncoding": (32, 202)}
_WHITE = re.compile(r"^\s*$")


class Font:
    """What the checker needs of a font: code length, advance widths (in text space per unit of
    font size), which codes are ink, the Type 3 FontMatrix, and how to decode a sample."""

    __slots__ = ("obj", "two_byte", "widths", "cid_widths", "default", "spaces", "space_codes",
                 "ink_codes", "fm", "tounicode", "encoding", "differences")

    def __init__(self) -> None:
        self.obj: Any = None
        self.two_byte = False
        self.widths: list[float] = [0.5] * 256
        self.cid_widths: dict[int, float] = {}
        self.default = 0.5
        self.spaces = b" "  # simple fonts: codes that are only space
        self.space_codes: frozenset[int] = frozenset()  # composite fonts
        self.ink_codes: bytes | None = None  # Type 3: the codes whose glyph paints something
        self.fm: tuple[float, float, float, float] | None = None  # Type 3: FontMatrix x 1000
        self.tounicode: dict[int, str] | None = None
        self.encoding: Any = None
        self.differences: dict[int, str] = {}

    def codes(self, data: bytes) -> Any:
        if self.two_byte:
            if len(data) % 2:
                data += b"\0"
            return struct.unpack(f">{len(data) // 2}H", data)
        return data

    def has_ink(self, data: bytes) -> bool:
        if self.two_byte:
            return any(c not in self.space_codes for c in self.codes(data))
        if self.ink_codes is not None:
            return bool(data.translate(None, self.ink_codes) != data)
        return bool(data.translate(None, self.spaces))

    def advance(self, data: bytes, size: float, tc: float, tw: float) -> float:
        """Horizontal advance of `data` in unscaled text space (before Tz)."""
        if self.two_byte:
            codes = self.codes(data)
            get, default = self.cid_widths.get, self.default
            return sum(get(c, default) for c in codes) * size + tc * len(codes)
        widths = self.widths
        return sum(map(widths.__getitem__, data)) * size + tc * len(data) + tw * data.count(32)

    def decode(self, data: bytes) -> str:
        """The text, for a message: from /ToUnicode where it gives more than white space, else
        from the encoding (so a ToUnicode that turns every code into a space still shows the
        letters of a simple font)."""
        out = []
        names = None
        for code in self.codes(data):
            text = self.tounicode.get(code) if self.tounicode else None
            if text is None or (not text.strip() and not self._is_space(code)):
                text = None
                if not self.two_byte:
                    name = self.differences.get(code)
                    if name is not None:
                        if names is None:
                            names = _glyph_names()
                        text = names.get(name)
                        if text is None and re.fullmatch(r"/uni[0-9A-Fa-f]{4}", name):
                            text = chr(int(name[4:], 16))
                    if text is None:
                        text = bytes((code,)).decode("mac_roman" if self.encoding == "/MacRomanEncoding"
                                                     else "cp1252", errors="replace")
            out.append(text if text and text.isprintable() else ("?" if self.has_ink(bytes([code])) else " "))
        return "".join(out)

    def _is_space(self, code: int) -> bool:
        return code in self.space_codes if self.two_byte else not self.has_ink(bytes((code,)))


def _glyph_names() -> dict[str, str]:
    try:
        from pypdf._codecs import adobe_glyphs  # about 0.6 MB: imported only to word a message
        return adobe_glyphs
    except Exception:  # noqa: BLE001
        return {}


def _num(x: Any, default: float = 0.0) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def _resolve(x: Any) -> Any:
    return x.get_object() if hasattr(x, "get_object") else x


def _cmap_pairs(text: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap (9.10.3), at most MAX_CMAP_ENTRIES."""
    out: dict[int, str] = {}

    def utf16(h: bytes) -> str:
        raw = bytes.fromhex(re.sub(rb"\s", b"", h).decode() or "")
        if len(raw) % 2:
            raw += b"\0"
        return raw.decode("utf-16-be", errors="replace")

    for block in re.finditer(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>", block.group(1)):
            if len(out) >= MAX_CMAP_ENTRIES:
                return out
            out[int(src or b"0", 16)] = utf16(dst)
    for block in re.finditer(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst, arr in re.findall(
                rb"<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*(?:<([0-9A-Fa-f\s]*)>|\[([^\]]*)\])", block.group(1)):
            lo_i, hi_i = int(lo or b"0", 16), int(hi or b"0", 16)
            if hi_i < lo_i or len(out) + (hi_i - lo_i) >= MAX_CMAP_ENTRIES:
                continue
            if arr:
                for i, item in enumerate(re.findall(rb"<([0-9A-Fa-f\s]*)>", arr)):
                    if lo_i + i > hi_i:
                        break
                    out[lo_i + i] = utf16(item)
            else:
                base = utf16(dst)
                if not base:
                    continue
                head, last = base[:-1], ord(base[-1])
                for i in range(hi_i - lo_i + 1):
                    if last + i < 0x110000:
                        out[lo_i + i] = head + chr(last + i)
    return out


def _differences(encoding: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    diffs = encoding.get("/Differences") if hasattr(encoding, "get") else None
    code = 0
    for item in _resolve(diffs) or []:
        item = _resolve(item)
        if isinstance(item, (int, float)):
            code = int(item)
        elif isinstance(item, str) and 0 <= code < 256:
            out[code] = str(item)
            code += 1
    return out


# ---- the interpreter ------------------------------------------------------------------------

def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _box(m: tuple[float, ...], x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs = (a * x0 + c * y0 + e, a * x1 + c * y0 + e, a * x0 + c * y1 + e, a * x1 + c * y1 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y0 + f, b * x0 + d * y1 + f, b * x1 + d * y1 + f)
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(p: tuple[float, ...], q: tuple[float, ...]) -> bool:
    return p[2] >= q[0] and p[0] <= q[2] and p[3] >= q[1] and p[1] <= q[3]


def _matrix(x: Any) -> tuple[float, float, float, float, float, float] | None:
    x = _resolve(x)
    if not isinstance(x, (list, tuple)) or len(x) != 6:
        return None
    m = tuple(_num(_resolve(v)) for v in x)
    return cast("tuple[float, float, float, float, float, float]", m)  # six numbers: len(x) == 6


class Run:
    """One text-showing operator: its printed size, whether it shows, and its codes."""

    __slots__ = ("size", "in_box", "visible", "data", "font", "where")

    def __init__(self, size: float, in_box: bool, visible: bool, data: bytes, font: Font, where: str) -> None:
        self.size = size
        self.in_box = in_box
        self.visible = visible
        self.data = data
        self.font = font
        self.where = where

    def text(self) -> str:
        return self.font.decode(self.data)


class _State:
    __slots__ = ("ctm", "fill_space", "fill_white", "stroke_space", "stroke_white", "fill_pattern",
                 "stroke_pattern", "font", "size", "tc", "tw", "th", "tl", "rise", "mode", "clip")

    def __init__(self) -> None:
        self.ctm: tuple[float, ...] = IDENTITY
        self.fill_space, self.fill_white = "G", False
        self.stroke_space, self.stroke_white = "G", False
        self.fill_pattern: Any = None  # the tiling pattern's name, when painting with one
        self.stroke_pattern: Any = None
        self.font: Font | None = None
        self.size = 0.0
        self.tc = self.tw = self.tl = self.rise = 0.0
        self.th = 1.0
        self.mode = 0
        self.clip: list[Run] = []  # text in a clipping mode (4-7), shown if something is painted through it

    def copy(self) -> _State:
        s = _State.__new__(_State)
        for name in _State.__slots__:
            setattr(s, name, getattr(self, name))
        s.clip = list(self.clip)
        return s


def _white(space: str, comps: list[Any]) -> bool:
    try:
        values = [float(c) for c in comps]
    except (TypeError, ValueError):
        return False
    if not values:
        return False
    if space in ("G", "RGB"):
        return all(v >= 0.995 for v in values)
    if space in ("CMYK", "TINT"):  # no ink at all
        return all(v <= 0.005 for v in values)
    return space == "NONE"


class Document:
    """Interprets the pages of one pypdf reader, sharing caches and one budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.parsed: dict[Any, list[tuple[bytes, list[Any]]]] = {}
        self.fonts: dict[int, tuple[Any, Font]] = {}
        self.spaces: dict[int, tuple[Any, str]] = {}

    # -- streams

    def data(self, stream: Any) -> bytes:
        """A stream's decoded bytes, charged to the budget."""
        try:
            data: bytes = stream.get_data()
        except Exception as err:
            if type(err).__name__ == "LimitReachedError":  # pypdf's cap on what one stream decodes to
                raise TooComplex from None
            raise
        self.budget.charge_content(len(data))
        return data

    def ops(self, stream: Any, key: Any = None) -> list[tuple[bytes, list[Any]]]:
        if key is not None and key in self.parsed:
            return self.parsed[key]
        ops = parse(self.data(stream))
        if key is not None:
            self.parsed[key] = ops
        return ops

    def font(self, obj: Any) -> Font:
        obj = _resolve(obj)
        cached = self.fonts.get(id(obj))
        if cached is not None:
            return cached[1]
        font = Font()
        try:
            self._fill_font(font, obj)
        except TooComplex:
            raise
        except Exception:  # noqa: BLE001 - a broken font still shows text: keep the defaults
            pass
        self.fonts[id(obj)] = (obj, font)
        return font

    def _tounicode(self, obj: Any) -> dict[int, str] | None:
        stream = _resolve(obj.get("/ToUnicode"))
        if stream is None or not hasattr(stream, "get_data"):
            return None
        return _cmap_pairs(self.data(stream))

    def _fill_font(self, font: Font, obj: Any) -> None:
        font.obj = obj
        subtype = obj.get("/Subtype")
        font.tounicode = self._tounicode(obj)
        if subtype == "/Type0":
            font.two_byte = True
            descendant = _resolve(_resolve(obj.get("/DescendantFonts"))[0])
            font.default = _num(descendant.get("/DW"), 1000) / 1000
            w = _resolve(descendant.get("/W")) or []
            i, count = 0, 0
            while i < len(w) and count < MAX_CMAP_ENTRIES:
                first = _resolve(w[i])
                nxt = _resolve(w[i + 1]) if i + 1 < len(w) else None
                if isinstance(nxt, (list, tuple)):
                    for j, width in enumerate(nxt):
                        font.cid_widths[int(first) + j] = _num(_resolve(width)) / 1000
                    count += len(nxt)
                    i += 2
                elif i + 2 < len(w):
                    last, width = int(_num(nxt)), _num(_resolve(w[i + 2])) / 1000
                    for c in range(int(first), min(last, int(first) + MAX_CMAP_ENTRIES) + 1):
                        font.cid_widths[c] = width
                    count += last - int(first) + 1
                    i += 3
                else:
                    break
            if font.tounicode:
                blank = [c for c, t in font.tounicode.items() if _WHITE.match(t)]
                if len(blank) <= SPACE_CODES_BELIEVED:
                    font.space_codes = frozenset(blank)
            return
        encoding = _resolve(obj.get("/Encoding"))
        base = encoding.get("/BaseEncoding") if hasattr(encoding, "get") else encoding
        font.encoding = str(base) if isinstance(base, str) else None
        font.differences = _differences(encoding)
        if subtype == "/Type3":
            fm = _matrix(obj.get("/FontMatrix")) or (0.001, 0.0, 0.0, 0.001, 0.0, 0.0)
            font.fm = (fm[0] * 1000, fm[1] * 1000, fm[2] * 1000, fm[3] * 1000)
            scale = fm[0]
            font.widths = [0.0] * 256
            self._widths(font, obj, scale)
            font.ink_codes = self._type3_ink(font, obj)
            return
        font.widths = [0.6 if "Courier" in str(obj.get("/BaseFont", "")) else 0.5] * 256
        self._widths(font, obj, 0.001)
        spaces = set()
        diffs = font.differences
        for code in _BASE_SPACES.get(font.encoding or "", (32,)):
            if code not in diffs or diffs[code] in SPACE_NAMES:
                spaces.add(code)
        named = [c for c, name in diffs.items() if name in SPACE_NAMES]
        if len(named) <= SPACE_CODES_BELIEVED:
            spaces.update(named)
        font.spaces = bytes(sorted(spaces))

    def _widths(self, font: Font, obj: Any, scale: float) -> None:
        widths = _resolve(obj.get("/Widths"))
        if widths is None:
            return
        descriptor = _resolve(obj.get("/FontDescriptor"))
        missing = _num(descriptor.get("/MissingWidth")) * scale if hasattr(descriptor, "get") else 0.0
        font.widths = [missing] * 256
        first = int(_num(obj.get("/FirstChar")))
        for i, w in enumerate(widths):
            if 0 <= first + i < 256:
                font.widths[first + i] = _num(_resolve(w)) * scale

    def _type3_ink(self, font: Font, obj: Any) -> bytes:
        """The codes of a Type 3 font whose glyph procedure paints something."""
        procs = _resolve(obj.get("/CharProcs"))
        ink = bytearray()
        if not hasattr(procs, "get"):
            return bytes(ink)
        names = font.differences
        painting = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"Do", b"sh", b"BI",
                    b"Tj", b"TJ", b"'", b'"'}
        seen: dict[str, bool] = {}
        for code, name in names.items():
            if name not in seen:
                proc = _resolve(procs.get(name))
                paints = False
                if hasattr(proc, "get_data"):
                    ops = self.ops(proc)
                    self.budget.charge(len(ops))
                    paints = any(op in painting for op, _ in ops)
                seen[name] = paints
            if seen[name]:
                ink.append(code)
        return bytes(ink)

    def colour_space(self, resources: Any, name: Any) -> str:
        """"G", "RGB", "CMYK", "TINT" (Separation/DeviceN: 0 is no ink), "NONE" (the /None
        colourant: never marks), "PATTERN", or "OTHER" (Indexed, Lab: never taken as white)."""
        direct = {"/DeviceGray": "G", "/G": "G", "/CalGray": "G", "/DeviceRGB": "RGB", "/RGB": "RGB",
                  "/CalRGB": "RGB", "/DeviceCMYK": "CMYK", "/CMYK": "CMYK", "/Pattern": "PATTERN"}
        if name in direct:
            return direct[name]
        spaces: Any = _resolve(resources.get("/ColorSpace")) if hasattr(resources, "get") else None
        value = _resolve(spaces.get(name)) if hasattr(spaces, "get") else None
        if value is None:
            return "OTHER"
        cached = self.spaces.get(id(value))
        if cached is not None:
            return cached[1]
        kind = "OTHER"
        if isinstance(value, str):
            kind = direct.get(value, "OTHER")
        elif isinstance(value, (list, tuple)) and value:
            family = _resolve(value[0])
            if family in direct:
                kind = direct[family]
            elif family == "/ICCBased" and len(value) > 1:
                n = int(_num(_resolve(value[1]).get("/N"), 0))
                kind = {1: "G", 3: "RGB", 4: "CMYK"}.get(n, "OTHER")
            elif family == "/Separation" and len(value) > 1:
                kind = "NONE" if _resolve(value[1]) == "/None" else "TINT"
            elif family == "/DeviceN" and len(value) > 1:
                names = _resolve(value[1])
                kind = "NONE" if names and all(_resolve(x) == "/None" for x in names) else "TINT"
        self.spaces[id(value)] = (value, kind)
        return kind

    def page(self, page: Any, crop: tuple[float, float, float, float], user_unit: float) -> PageText:
        result = PageText(user_unit)
        reader = _PageReader(self, crop, result)
        resources = _resolve(page.get("/Resources"))
        contents = _resolve(page.get("/Contents"))
        streams = contents if isinstance(contents, (list, tuple)) else ([contents] if contents is not None else [])
        # Several content streams are one stream: a token may not straddle them, but an
        # operator's operands may (7.8.2).
        data = b"\n".join(self.data(s) for s in map(_resolve, streams) if hasattr(s, "get_data"))
        reader.run(parse(data), resources, _State(), "page")
        for annot in _resolve(page.get("/Annots")) or []:
            reader.annotation(_resolve(annot), resources)
        result.finish()
        return result


class PageText:
    """What a page shows: how much text shows and how much does not, and its smallest visible
    run (sizes in points, /UserUnit applied)."""

    def __init__(self, user_unit: float) -> None:
        self.user_unit = user_unit
        self.shown = 0  # runs with ink that show
        self.hidden = 0  # runs with ink that do not (invisible, white, outside the page, zero size)
        self.smallest: Run | None = None
        self.clipping: list[Run] = []  # text in a clipping mode: decided at the end

    def add(self, size: float, visible: bool, data: bytes, font: Font, where: str) -> None:
        if not font.has_ink(data):
            return
        if not visible:
            self.hidden += 1
            return
        self.shown += 1
        if self.smallest is None or size < self.smallest.size:
            self.smallest = Run(size, True, True, data, font, where)

    def finish(self) -> None:
        for run in self.clipping:
            self.add(run.size, run.visible, run.data, run.font, run.where)
        self.clipping = []
        if self.smallest is not None:
            self.smallest.size *= self.user_unit


_PAINT_FILL = frozenset({b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})
_PAINT_STROKE = frozenset({b"S", b"s", b"B", b"B*", b"b", b"b*"})


class _PageReader:
    def __init__(self, doc: Document, crop: tuple[float, float, float, float], out: PageText) -> None:
        self.doc = doc
        self.crop = crop
        self.out = out
        self.dark: list[tuple[float, float, float, float]] = []
        self.forms: list[Any] = []  # the Form XObjects (and patterns) being drawn, for cycles
        self.tiles = 0  # > 0 while a tiling pattern's cell is drawn

    def _darken(self, area: tuple[float, float, float, float], gs: _State) -> None:
        """Something non-white was painted on `area`: white text over it shows, and text in a
        clipping mode shows through it."""
        for run in gs.clip:
            if run.in_box and run.size > 0:
                run.visible = True
        self.dark.append(area)
        if len(self.dark) > MAX_DARK_AREAS:
            xs0, ys0, xs1, ys1 = zip(*self.dark)
            self.dark = [(min(xs0), min(ys0), max(xs1), max(ys1))]

    def annotation(self, annot: Any, resources: Any) -> None:
        """A printable annotation's normal appearance (12.5.5), placed on its /Rect."""
        if not hasattr(annot, "get"):
            return
        self.doc.budget.charge(1)
        flags = int(_num(annot.get("/F"), 0))
        if not flags & 4 or flags & 2:  # Print not set, or Hidden
            return
        ap = _resolve(annot.get("/AP"))
        normal = _resolve(ap.get("/N")) if hasattr(ap, "get") else None
        if normal is not None and not hasattr(normal, "get_data") and hasattr(normal, "get"):
            state = annot.get("/AS")
            normal = _resolve(normal.get(state)) if state is not None else None
        if normal is None or not hasattr(normal, "get_data"):
            return
        rect = [_num(_resolve(v)) for v in _resolve(annot.get("/Rect")) or []]
        bbox = [_num(_resolve(v)) for v in _resolve(normal.get("/BBox")) or []]
        if len(rect) != 4 or len(bbox) != 4:
            return
        matrix = _matrix(normal.get("/Matrix")) or IDENTITY
        bx0, by0, bx1, by1 = _box(matrix, *bbox)
        rx0, ry0, rx1, ry1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
        if bx1 - bx0 <= 0 or by1 - by0 <= 0:
            return
        sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
        fit = (sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
        gs = _State()
        gs.ctm = _mul(matrix, fit)
        self._form_body(normal, gs, resources, "annotation")

    def _form_body(self, form: Any, gs: _State, resources: Any, where: str) -> None:
        key = getattr(form, "indirect_reference", None)
        key = (key.idnum, key.generation) if key is not None else id(form)
        if key in self.forms or len(self.forms) >= MAX_FORM_DEPTH:
            return
        ops = self.doc.ops(form, key)
        own = _resolve(form.get("/Resources"))
        self.forms.append(key)
        try:
            self.run(ops, own if own is not None else resources, gs, where)
        finally:
            self.forms.pop()

    def run(self, ops: list[tuple[bytes, list[Any]]], resources: Any, gs: _State, where: str) -> None:
        doc, budget = self.doc, self.doc.budget
        base = gs.ctm  # this stream's own space: a pattern's /Matrix starts from it (8.7.3.1)
        stack: list[_State] = []
        tm: tuple[float, ...]
        tlm: tuple[float, ...]
        tm = tlm = IDENTITY
        path: list[float] | None = None
        pending = 0
        for op, args in ops:
            pending += 1
            if pending >= 512:
                budget.charge(pending)
                pending = 0
            try:
                if op == b"Tj" or op == b"'" or op == b'"' or op == b"TJ":
                    if op != b"Tj" and op != b"TJ":
                        if op == b'"':
                            gs.tw, gs.tc = float(args[0]), float(args[1])
                        tlm = tm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                    tm = self._show(args[-1], tm, gs, where)
                elif op == b"Td" or op == b"TD":
                    tx, ty = float(args[0]), float(args[1])
                    if op == b"TD":
                        gs.tl = -ty
                    tlm = tm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                elif op == b"Tm":
                    a, b, c, d, e, f = args
                    tlm = tm = (a + 0.0, b + 0.0, c + 0.0, d + 0.0, e + 0.0, f + 0.0)
                elif op == b"T*":
                    tlm = tm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                elif op == b"BT":
                    tm = tlm = IDENTITY
                elif op == b"Tf":
                    fonts: Any = _resolve(resources.get("/Font")) if hasattr(resources, "get") else None
                    entry = fonts.get(args[0]) if hasattr(fonts, "get") else None
                    gs.font = doc.font(entry) if entry is not None else Font()
                    gs.size = float(args[1])
                elif op == b"Tc":
                    gs.tc = float(args[0])
                elif op == b"Tw":
                    gs.tw = float(args[0])
                elif op == b"Tz":
                    gs.th = float(args[0]) / 100
                elif op == b"TL":
                    gs.tl = float(args[0])
                elif op == b"Ts":
                    gs.rise = float(args[0])
                elif op == b"Tr":
                    mode = int(args[0])
                    gs.mode = mode if 0 <= mode <= 7 else 0  # an invalid mode: shown filled, as pdf.js does
                elif op == b"q":
                    stack.append(gs)
                    gs = gs.copy()
                elif op == b"Q":
                    if stack:
                        gs = stack.pop()
                elif op == b"cm":
                    a, b, c, d, e, f = args
                    gs.ctm = _mul((a + 0.0, b + 0.0, c + 0.0, d + 0.0, e + 0.0, f + 0.0), gs.ctm)
                elif op in (b"m", b"l", b"c", b"v", b"y", b"re"):
                    xs, ys = [float(x) for x in args[0::2]], [float(y) for y in args[1::2]]
                    if op == b"re" and len(xs) == 2:
                        xs[1] += xs[0]
                        ys[1] += ys[0]
                    if xs and ys:
                        if path is None:
                            path = [min(xs), min(ys), max(xs), max(ys)]
                        else:
                            path = [min(path[0], *xs), min(path[1], *ys), max(path[2], *xs), max(path[3], *ys)]
                elif op in _PAINT_FILL or op in _PAINT_STROKE or op == b"n":
                    if path is not None and op != b"n":
                        area = _box(gs.ctm, *path)
                        if (op in _PAINT_FILL and not gs.fill_white) or (op in _PAINT_STROKE and not gs.stroke_white):
                            self._darken(area, gs)
                        for paints, space, name in ((op in _PAINT_FILL, gs.fill_space, gs.fill_pattern),
                                                    (op in _PAINT_STROKE, gs.stroke_space, gs.stroke_pattern)):
                            if paints and space == "PATTERN" and name is not None and _overlap(area, self.crop):
                                self._pattern(name, resources, base, where)
                    path = None
                elif op in (b"g", b"rg", b"k", b"G", b"RG", b"K"):
                    space = {b"g": "G", b"rg": "RGB", b"k": "CMYK"}[op.lower()]
                    if op.islower():
                        gs.fill_space, gs.fill_white = space, _white(space, args)
                    else:
                        gs.stroke_space, gs.stroke_white = space, _white(space, args)
                elif op in (b"cs", b"CS"):
                    space = doc.colour_space(resources, args[0])
                    white = space == "NONE"  # the initial colour is black, or full tint (9.1, 8.6.8)
                    if op == b"cs":
                        gs.fill_space, gs.fill_white, gs.fill_pattern = space, white, None
                    else:
                        gs.stroke_space, gs.stroke_white, gs.stroke_pattern = space, white, None
                elif op in (b"sc", b"scn", b"SC", b"SCN"):
                    name = args[-1] if args and isinstance(args[-1], str) else None
                    if op.islower():
                        gs.fill_white, gs.fill_pattern = _white(gs.fill_space, args), name
                    else:
                        gs.stroke_white, gs.stroke_pattern = _white(gs.stroke_space, args), name
                elif op == b"Do":
                    self._do(args[0], resources, gs, where)
                elif op == b"BI":
                    self._darken(_box(gs.ctm, 0, 0, 1, 1), gs)
                elif op == b"sh":
                    self._darken(self.crop, gs)
                elif op == b"gs":
                    states: Any = _resolve(resources.get("/ExtGState")) if hasattr(resources, "get") else None
                    state: Any = _resolve(states.get(args[0])) if hasattr(states, "get") else None
                    font = _resolve(state.get("/Font")) if hasattr(state, "get") else None
                    if isinstance(font, (list, tuple)) and len(font) == 2:
                        gs.font, gs.size = doc.font(font[0]), _num(_resolve(font[1]))
            except TooComplex:
                raise
            except Exception:  # noqa: BLE001, S112 - a malformed operator is skipped, as viewers do
                continue
        budget.charge(pending)

    def _pattern(self, name: Any, resources: Any, base: tuple[float, ...], where: str) -> None:
        """A tiling pattern's cell, as a form in pattern space: text in it is repeated over the
        painted area (which meets the crop box), so where it lies in the cell does not matter."""
        patterns: Any = _resolve(resources.get("/Pattern")) if hasattr(resources, "get") else None
        pattern: Any = _resolve(patterns.get(name)) if hasattr(patterns, "get") else None
        if not hasattr(pattern, "get_data") or int(_num(pattern.get("/PatternType"), 0)) != 1:
            return
        gs = _State()
        gs.ctm = _mul(_matrix(pattern.get("/Matrix")) or IDENTITY, base)
        self.tiles += 1
        try:
            self._form_body(pattern, gs, resources, "pattern")
        finally:
            self.tiles -= 1

    def _do(self, name: Any, resources: Any, gs: _State, where: str) -> None:
        xobjects: Any = _resolve(resources.get("/XObject")) if hasattr(resources, "get") else None
        if not hasattr(xobjects, "get"):
            return
        xobject = _resolve(xobjects.get(name))
        if not hasattr(xobject, "get"):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._darken(_box(gs.ctm, 0, 0, 1, 1), gs)
        elif subtype == "/Form" and hasattr(xobject, "get_data"):
            inner = gs.copy()
            inner.ctm = _mul(_matrix(xobject.get("/Matrix")) or IDENTITY, gs.ctm)
            self._form_body(xobject, inner, resources, "form" if where == "page" else where)

    @staticmethod
    def _run_box(ma: float, mb: float, mc: float, md: float, me: float, mf: float, x0: float, y0: float,
                 x1: float, y1: float, adv: float) -> tuple[float, float, float, float]:
        """The page box of a run: origin + {0, advance} + {descent, ascent}, axis by axis."""
        ox, oy = ma * x0 + mc * y0 + me, mb * x0 + md * y0 + mf
        ux, uy = ma * (x1 - x0) + mc * (y1 - y0), mb * (x1 - x0) + md * (y1 - y0)
        ax, ay = ma * adv, mb * adv
        return (ox + (ux if ux < 0 else 0.0) + (ax if ax < 0 else 0.0),
                oy + (uy if uy < 0 else 0.0) + (ay if ay < 0 else 0.0),
                ox + (ux if ux > 0 else 0.0) + (ax if ax > 0 else 0.0),
                oy + (uy if uy > 0 else 0.0) + (ay if ay > 0 else 0.0))

    def _show(self, what: Any, tm: tuple[float, ...], gs: _State, where: str) -> tuple[float, ...]:
        """Record one text-showing operator; return the text matrix after it."""
        font = gs.font
        if font is None:  # no Tf yet: viewers show nothing
            return tm
        size, th = gs.size, gs.th
        if what.__class__ is bytes:
            data = what
            adv = font.advance(data, size, gs.tc, gs.tw) * th
        elif isinstance(what, list):
            parts, adv = [], 0.0
            for item in what:
                if item.__class__ is bytes:
                    parts.append(item)
                    adv += font.advance(item, size, gs.tc, gs.tw) * th
                elif item.__class__ is float:
                    adv -= item / 1000 * size * th
            data = b"".join(parts)
        else:
            return tm
        ta, tb, tc, td, te, tf = tm
        if data:
            ca, cb, cc, cd, ce, cf = gs.ctm
            ma, mb = ta * ca + tb * cc, ta * cb + tb * cd  # M = Tm x CTM
            mc, md = tc * ca + td * cc, tc * cb + td * cd
            me, mf = te * ca + tf * cc + ce, te * cb + tf * cd + cf
            fm = font.fm
            if fm is None:
                a, b, c, d = ma, mb, mc, md
                hx, hy = 0.0, size
            else:  # Type 3: glyph space -> text space by FontMatrix (x 1000, the usual em)
                f0, f1, f2, f3 = fm
                a, b = f0 * ma + f1 * mc, f0 * mb + f1 * md
                c, d = f2 * ma + f3 * mc, f2 * mb + f3 * md
                hx, hy = f2 / 1000 * size, f3 / 1000 * size
            base = math.hypot(a, b)
            em = abs(size * (a * d - b * c)) / base if base > 1e-12 and th != 0 else 0.0
            if not em < 1e9:  # inf or nan
                em = 0.0
            # The run's box: along the advance, from DESCENT to ASCENT ems, mapped to the page.
            rise = gs.rise
            x0, y0 = DESCENT * hx, rise + DESCENT * hy
            x1, y1 = ASCENT * hx, rise + ASCENT * hy
            crop = self.crop
            box = None
            ox, oy = mc * rise + me, md * rise + mf  # where the baseline starts
            if self.tiles or crop[0] < ox < crop[2] and crop[1] < oy < crop[3]:
                in_box = em > 0  # the run's box holds its origin, so it meets the crop box
            else:
                box = self._run_box(ma, mb, mc, md, me, mf, x0, y0, x1, y1, adv)
                in_box = em > 0 and box[2] > crop[0] and box[0] < crop[2] and box[3] > crop[1] and box[1] < crop[3]
            mode = gs.mode
            if mode == 0:
                visible = not gs.fill_white
            elif mode == 3 or mode == 7:
                visible = False
            else:
                visible = ((mode in (0, 2, 4, 6) and not gs.fill_white)
                           or (mode in (1, 2, 5, 6) and not gs.stroke_white))
            if not visible and mode != 3 and mode != 7 and self.dark:
                if box is None:
                    box = self._run_box(ma, mb, mc, md, me, mf, x0, y0, x1, y1, adv)
                visible = any(_overlap(box, area) for area in self.dark)  # white type on a dark area
            if mode >= 4:  # also a clipping path: painting through it later may show it
                run = Run(em, in_box, visible and in_box, data, font, where)
                self.out.clipping.append(run)
                gs.clip.append(run)
            else:
                self.out.add(em, visible and in_box, data, font, where)
        return (ta, tb, tc, td, te + adv * ta, tf + adv * tb)
