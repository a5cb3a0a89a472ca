"""Opening protected PDFs the same way in CPython and in the browser.

A PDF saved with "restrict editing" (an owner password, no password to open it) is encrypted
with RC4 or AES. pypdf reads RC4 by itself, but AES needs the optional `cryptography` (or
`pycryptodome`) package, which the browser's Pyodide does not have. So this module carries
a small AES (FIPS-197, 128- and 256-bit keys, CBC and ECB, table-driven, pure Python) and
lends it to pypdf while a letter is checked (`crypto_for`), whether or not `cryptography` is
installed: the answer is then the same everywhere.

While lent, two more things hold:

- streams the letter checker never reads (images and embedded font programs) are left
  encrypted, so a scanned exhibit costs nothing to "decrypt";
- every byte decrypted is charged to the check's budget (`Budget.charge_bytes`), so a huge
  protected file stops with "too complex to check here" instead of running for minutes;
- the empty password is tried only as the user's (the one that opens the file), not first as
  the owner's as pypdf does: for AES-256 that saves a key derivation of thousands of blocks.

pypdf gets its own names back when the check ends. Should a future pypdf lack the names lent
here, nothing is lent, and an AES file gets the precise "cannot open this protection here"
answer (letters.py), never "damaged".

`protection(reader)` says what kind of protection a file has, for a precise message.
"""

from __future__ import annotations

import contextlib
import secrets
import struct
import threading
from collections.abc import Iterator
from typing import Any


# ---- AES (FIPS-197) ----------------------------------------------------------------------

_TABLES: tuple[Any, ...] | None = None


def _tables() -> tuple[Any, ...]:
    """S-boxes and the 32-bit round tables, built once (about 2 ms)."""
    global _TABLES
    if _TABLES is not None:
        return _TABLES

    def mul(a: int, b: int) -> int:  # multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1
        out = 0
        while b:
            if b & 1:
                out ^= a
            a <<= 1
            if a & 0x100:
                a ^= 0x11B
            b >>= 1
        return out

    inverse = [0] * 256
    for a in range(1, 256):
        for b in range(1, 256):
            if mul(a, b) == 1:
                inverse[a] = b
                break
    sbox = [0] * 256
    for x in range(256):
        s = inverse[x]
        v = s
        for shift in range(1, 5):
            v ^= ((s << shift) | (s >> (8 - shift))) & 0xFF
        sbox[x] = v ^ 0x63
    inv_sbox = [0] * 256
    for x, s in enumerate(sbox):
        inv_sbox[s] = x

    def rot(w: int) -> int:
        return ((w >> 8) | (w << 24)) & 0xFFFFFFFF

    te0 = [(mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3) for s in sbox]
    td0 = [(mul(s, 14) << 24) | (mul(s, 9) << 16) | (mul(s, 13) << 8) | mul(s, 11) for s in inv_sbox]
    te1 = [rot(w) for w in te0]
    te2 = [rot(w) for w in te1]
    te3 = [rot(w) for w in te2]
    td1 = [rot(w) for w in td0]
    td2 = [rot(w) for w in td1]
    td3 = [rot(w) for w in td2]
    _TABLES = (sbox, inv_sbox, te0, te1, te2, te3, td0, td1, td2, td3)
    return _TABLES


class AES:
    """One AES key. `encrypt_block`/`decrypt_block` work on four big-endian 32-bit words."""

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError("AES keys are 16, 24 or 32 bytes")
        sbox, _, _, _, _, _, td0, td1, td2, td3 = _tables()
        nk = len(key) // 4
        rounds = nk + 6
        w = list(struct.unpack(f">{nk}I", key))
        rcon = 1
        for i in range(nk, 4 * (rounds + 1)):
            t = w[i - 1]
            if i % nk == 0:
                t = ((t << 8) & 0xFFFFFFFF) | (t >> 24)
                t = (sbox[t >> 24] << 24) | (sbox[(t >> 16) & 255] << 16) | (sbox[(t >> 8) & 255] << 8) | sbox[t & 255]
                t ^= rcon << 24
                rcon = rcon << 1 ^ (0x11B if rcon & 0x80 else 0)
            elif nk > 6 and i % nk == 4:
                t = (sbox[t >> 24] << 24) | (sbox[(t >> 16) & 255] << 16) | (sbox[(t >> 8) & 255] << 8) | sbox[t & 255]
            w.append(w[i - nk] ^ t)
        self.rounds = rounds
        self.enc = [tuple(w[4 * r:4 * r + 4]) for r in range(rounds + 1)]
        # The equivalent inverse cipher: round keys in reverse, InvMixColumns on the middle ones.
        dec = [self.enc[rounds]]
        for r in range(rounds - 1, 0, -1):
            dec.append(tuple(td0[sbox[x >> 24]] ^ td1[sbox[(x >> 16) & 255]] ^ td2[sbox[(x >> 8) & 255]]
                             ^ td3[sbox[x & 255]] for x in self.enc[r]))
        dec.append(self.enc[0])
        self.dec = dec

    def encrypt_words(self, s0: int, s1: int, s2: int, s3: int) -> tuple[int, int, int, int]:
        sbox, _, te0, te1, te2, te3, _, _, _, _ = _tables()
        keys = self.enc
        k0, k1, k2, k3 = keys[0]
        s0 ^= k0
        s1 ^= k1
        s2 ^= k2
        s3 ^= k3
        for k0, k1, k2, k3 in keys[1:-1]:
            s0, s1, s2, s3 = (
                te0[s0 >> 24] ^ te1[(s1 >> 16) & 255] ^ te2[(s2 >> 8) & 255] ^ te3[s3 & 255] ^ k0,
                te0[s1 >> 24] ^ te1[(s2 >> 16) & 255] ^ te2[(s3 >> 8) & 255] ^ te3[s0 & 255] ^ k1,
                te0[s2 >> 24] ^ te1[(s3 >> 16) & 255] ^ te2[(s0 >> 8) & 255] ^ te3[s1 & 255] ^ k2,
                te0[s3 >> 24] ^ te1[(s0 >> 16) & 255] ^ te2[(s1 >> 8) & 255] ^ te3[s2 & 255] ^ k3)
        k0, k1, k2, k3 = keys[-1]
        return ((sbox[s0 >> 24] << 24 | sbox[(s1 >> 16) & 255] << 16 | sbox[(s2 >> 8) & 255] << 8 | sbox[s3 & 255]) ^ k0,
                (sbox[s1 >> 24] << 24 | sbox[(s2 >> 16) & 255] << 16 | sbox[(s3 >> 8) & 255] << 8 | sbox[s0 & 255]) ^ k1,
                (sbox[s2 >> 24] << 24 | sbox[(s3 >> 16) & 255] << 16 | sbox[(s0 >> 8) & 255] << 8 | sbox[s1 & 255]) ^ k2,
                (sbox[s3 >> 24] << 24 | sbox[(s0 >> 16) & 255] << 16 | sbox[(s1 >> 8) & 255] << 8 | sbox[s2 & 255]) ^ k3)

    def decrypt_words(self, s0: int, s1: int, s2: int, s3: int) -> tuple[int, int, int, int]:
        _, inv, _, _, _, _, td0, td1, td2, td3 = _tables()
        keys = self.dec
        k0, k1, k2, k3 = keys[0]
        s0 ^= k0
        s1 ^= k1
        s2 ^= k2
        s3 ^= k3
        for k0, k1, k2, k3 in keys[1:-1]:
            s0, s1, s2, s3 = (
                td0[s0 >> 24] ^ td1[(s3 >> 16) & 255] ^ td2[(s2 >> 8) & 255] ^ td3[s1 & 255] ^ k0,
                td0[s1 >> 24] ^ td1[(s0 >> 16) & 255] ^ td2[(s3 >> 8) & 255] ^ td3[s2 & 255] ^ k1,
                td0[s2 >> 24] ^ td1[(s1 >> 16) & 255] ^ td2[(s0 >> 8) & 255] ^ td3[s3 & 255] ^ k2,
                td0[s3 >> 24] ^ td1[(s2 >> 16) & 255] ^ td2[(s1 >> 8) & 255] ^ td3[s0 & 255] ^ k3)
        k0, k1, k2, k3 = keys[-1]
        return ((inv[s0 >> 24] << 24 | inv[(s3 >> 16) & 255] << 16 | inv[(s2 >> 8) & 255] << 8 | inv[s1 & 255]) ^ k0,
                (inv[s1 >> 24] << 24 | inv[(s0 >> 16) & 255] << 16 | inv[(s3 >> 8) & 255] << 8 | inv[s2 & 255]) ^ k1,
                (inv[s2 >> 24] << 24 | inv[(s1 >> 16) & 255] << 16 | inv[(s0 >> 8) & 255] << 8 | inv[s3 & 255]) ^ k2,
                (inv[s3 >> 24] << 24 | inv[(s2 >> 16) & 255] << 16 | inv[(s1 >> 8) & 255] << 8 | inv[s0 & 255]) ^ k3)


def _words(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f">{len(data) // 4}I", data)


def _bytes(words: list[int]) -> bytes:
    return struct.pack(f">{len(words)}I", *words)


def ecb_encrypt(key: bytes, data: bytes) -> bytes:
    out: list[int]
    aes, w, out = AES(key), _words(data), []
    for i in range(0, len(w) - 3, 4):
        out += aes.encrypt_words(*w[i:i + 4])
    return _bytes(out)


def ecb_decrypt(key: bytes, data: bytes) -> bytes:
    out: list[int]
    aes, w, out = AES(key), _words(data), []
    for i in range(0, len(w) - 3, 4):
        out += aes.decrypt_words(*w[i:i + 4])
    return _bytes(out)


def cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """CBC without padding (the caller pads): len(data) is a multiple of 16.

    The rounds are written out here rather than calling `encrypt_words` per block: AES-256
    files (revision 6) derive their key with tens of thousands of these blocks."""
    sbox, _, te0, te1, te2, te3, _, _, _, _ = _tables()
    keys = AES(key).enc
    first, middle, last = keys[0], keys[1:-1], keys[-1]
    out: list[int]
    w, out = _words(data), []
    c0, c1, c2, c3 = _words(iv)
    for i in range(0, len(w) - 3, 4):
        s0 = w[i] ^ c0 ^ first[0]
        s1 = w[i + 1] ^ c1 ^ first[1]
        s2 = w[i + 2] ^ c2 ^ first[2]
        s3 = w[i + 3] ^ c3 ^ first[3]
        for k0, k1, k2, k3 in middle:
            s0, s1, s2, s3 = (
                te0[s0 >> 24] ^ te1[(s1 >> 16) & 255] ^ te2[(s2 >> 8) & 255] ^ te3[s3 & 255] ^ k0,
                te0[s1 >> 24] ^ te1[(s2 >> 16) & 255] ^ te2[(s3 >> 8) & 255] ^ te3[s0 & 255] ^ k1,
                te0[s2 >> 24] ^ te1[(s3 >> 16) & 255] ^ te2[(s0 >> 8) & 255] ^ te3[s1 & 255] ^ k2,
                te0[s3 >> 24] ^ te1[(s0 >> 16) & 255] ^ te2[(s1 >> 8) & 255] ^ te3[s2 & 255] ^ k3)
        c0 = (sbox[s0 >> 24] << 24 | sbox[(s1 >> 16) & 255] << 16 | sbox[(s2 >> 8) & 255] << 8 | sbox[s3 & 255]) ^ last[0]
        c1 = (sbox[s1 >> 24] << 24 | sbox[(s2 >> 16) & 255] << 16 | sbox[(s3 >> 8) & 255] << 8 | sbox[s0 & 255]) ^ last[1]
        c2 = (sbox[s2 >> 24] << 24 | sbox[(s3 >> 16) & 255] << 16 | sbox[(s0 >> 8) & 255] << 8 | sbox[s1 & 255]) ^ last[2]
        c3 = (sbox[s3 >> 24] << 24 | sbox[(s0 >> 16) & 255] << 16 | sbox[(s1 >> 8) & 255] << 8 | sbox[s2 & 255]) ^ last[3]
        out += (c0, c1, c2, c3)
    return _bytes(out)


def cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """CBC without unpadding: len(data) is a multiple of 16."""
    _, inv, _, _, _, _, td0, td1, td2, td3 = _tables()
    keys = AES(key).dec
    first, middle, last = keys[0], keys[1:-1], keys[-1]
    out: list[int]
    w, out = _words(data), []
    p0, p1, p2, p3 = _words(iv)
    for i in range(0, len(w) - 3, 4):
        c0, c1, c2, c3 = w[i], w[i + 1], w[i + 2], w[i + 3]
        s0, s1, s2, s3 = c0 ^ first[0], c1 ^ first[1], c2 ^ first[2], c3 ^ first[3]
        for k0, k1, k2, k3 in middle:
            s0, s1, s2, s3 = (
                td0[s0 >> 24] ^ td1[(s3 >> 16) & 255] ^ td2[(s2 >> 8) & 255] ^ td3[s1 & 255] ^ k0,
                td0[s1 >> 24] ^ td1[(s0 >> 16) & 255] ^ td2[(s3 >> 8) & 255] ^ td3[s2 & 255] ^ k1,
                td0[s2 >> 24] ^ td1[(s1 >> 16) & 255] ^ td2[(s0 >> 8) & 255] ^ td3[s3 & 255] ^ k2,
                td0[s3 >> 24] ^ td1[(s2 >> 16) & 255] ^ td2[(s1 >> 8) & 255] ^ td3[s0 & 255] ^ k3)
        out += ((inv[s0 >> 24] << 24 | inv[(s3 >> 16) & 255] << 16 | inv[(s2 >> 8) & 255] << 8 | inv[s1 & 255])
                ^ last[0] ^ p0,
                (inv[s1 >> 24] << 24 | inv[(s0 >> 16) & 255] << 16 | inv[(s3 >> 8) & 255] << 8 | inv[s2 & 255])
                ^ last[1] ^ p1,
                (inv[s2 >> 24] << 24 | inv[(s1 >> 16) & 255] << 16 | inv[(s0 >> 8) & 255] << 8 | inv[s3 & 255])
                ^ last[2] ^ p2,
                (inv[s3 >> 24] << 24 | inv[(s2 >> 16) & 255] << 16 | inv[(s1 >> 8) & 255] << 8 | inv[s0 & 255])
                ^ last[3] ^ p3)
        p0, p1, p2, p3 = c0, c1, c2, c3
    return _bytes(out)


# ---- lending it to pypdf -------------------------------------------------------------------

class _Unpadded(Exception):
    pass


def _unpad(data: bytes, strict: bool) -> bytes:
    n = data[-1] if data else 0
    if 1 <= n <= 16 and data[-n:] == bytes([n]) * n:
        return data[:-n]
    if strict:
        raise _Unpadded("bad AES padding")
    return data


def _skipped(obj: Any) -> bool:
    """Streams the letter checker never reads: images and embedded font programs."""
    get = obj.get
    subtype = get("/Subtype")
    return (subtype in ("/Image", "/Type1C", "/CIDFontType0C", "/OpenType")
            or "/Length1" in obj or "/Length2" in obj)


_local = threading.local()  # the budget of the check running in this thread
_lock = threading.Lock()
_lent: dict[str, Any] = {}  # what pypdf had before, while lent
_users = 0


def _charge(n: int) -> None:
    budget = getattr(_local, "budget", None)
    if budget is not None:
        budget.charge_bytes(n)


def _providers() -> dict[str, Any]:
    """This module's AES, and a crypt filter that skips streams the checker never reads, in
    the shape of pypdf's own (pypdf._encryption's names)."""
    import pypdf._encryption as enc
    from pypdf._crypt_providers._base import CryptBase
    from pypdf.errors import PdfStreamError
    from pypdf.generic import StreamObject

    class CryptAES(CryptBase):  # pypdf's interface: data is IV + ciphertext, PKCS#7 padded
        def __init__(self, key: bytes) -> None:
            self.key = key

        def encrypt(self, data: bytes) -> bytes:
            iv = secrets.token_bytes(16)
            n = 16 - len(data) % 16
            return iv + cbc_encrypt(self.key, iv, data + bytes([n]) * n)

        def decrypt(self, data: bytes, *, strict: bool = True) -> bytes:
            iv, body = data[:16], data[16:]
            if len(body) % 16:
                if strict:
                    raise PdfStreamError("AES data is not a whole number of blocks")
                body = body[:len(body) - len(body) % 16]
            if not body:
                return b""
            _charge(len(body))
            try:
                return _unpad(cbc_decrypt(self.key, iv, body), strict)
            except _Unpadded as err:
                raise PdfStreamError(str(err)) from None

    class CryptFilter(enc.CryptFilter):
        def decrypt_object(self, obj: Any, *, strict: bool = True) -> Any:
            if isinstance(obj, StreamObject) and _skipped(obj):
                for key, value in obj.items():
                    obj[key] = super().decrypt_object(value, strict=strict)
                return obj
            if isinstance(obj, StreamObject):
                _charge(len(obj._data))  # RC4 too: its pure-Python fallback is slow
            return super().decrypt_object(obj, strict=strict)

    owner_check = enc.AlgV5.verify_owner_password

    class AlgV5(enc.AlgV5):
        @staticmethod
        def verify_owner_password(R: int, password: bytes, *rest: Any) -> bytes:
            """Opening with no password needs the user password only. pypdf tries the empty
            password as the owner's first: for AES-256 (revision 6) that is one more key
            derivation of thousands of AES blocks, about a second in the browser."""
            if not password:
                return b""
            return owner_check(R, password, *rest)

    return {"CryptAES": CryptAES, "CryptFilter": CryptFilter, "AlgV5": AlgV5, "aes_cbc_encrypt": cbc_encrypt,
            "aes_cbc_decrypt": cbc_decrypt, "aes_ecb_encrypt": ecb_encrypt, "aes_ecb_decrypt": ecb_decrypt}


@contextlib.contextmanager
def crypto_for(budget: Any) -> Iterator[None]:
    """While the block runs, pypdf decrypts with this module's AES (and its own RC4), skips
    streams the checker never reads, and charges what it decrypts to `budget`. pypdf gets its
    own providers back when the last check running (in any thread) ends."""
    global _users
    import pypdf._encryption as enc

    with _lock:
        if _users == 0:
            try:
                providers = _providers()
            except Exception:  # noqa: BLE001 - a pypdf without these names: it keeps its own (RC4 only)
                providers = {}
            _lent.update({name: getattr(enc, name) for name in providers})
            for name, value in providers.items():
                setattr(enc, name, value)
        _users += 1
    previous = getattr(_local, "budget", None)
    _local.budget = budget
    try:
        yield
    finally:
        _local.budget = previous
        with _lock:
            _users -= 1
            if _users == 0:
                for name, value in _lent.items():
                    setattr(enc, name, value)
                _lent.clear()


def protection(reader: Any) -> str:
    """What protects an encrypted file: "standard" (passwords, RC4 or AES, which `crypto_for`
    opens when no password is needed to read) or "other" (certificates, or a handler or crypt
    filter this module does not know)."""
    try:
        encrypt = reader.trailer["/Encrypt"].get_object()
        if encrypt.get("/Filter") != "/Standard":
            return "other"
        v = int(encrypt.get("/V", 0))
        if v in (1, 2):
            return "standard"
        if v in (4, 5):
            filters = encrypt.get("/CF")
            filters = filters.get_object() if filters is not None else {}
            for key in ("/StmF", "/StrF"):
                name = encrypt.get(key, "/Identity")
                if name == "/Identity":
                    continue
                cfm = filters.get(name, {}).get_object().get("/CFM", "/None")
                if cfm not in ("/V2", "/AESV2", "/AESV3"):
                    return "other"
            return "standard"
    except Exception:  # noqa: BLE001 - a broken /Encrypt dictionary: we cannot open it
        return "other"
    return "other"


def lending() -> bool:
    """Is this module's AES lent to pypdf right now? (False if this pypdf lacks the names.)"""
    return bool(_lent)


def uses_aes(reader: Any) -> bool:
    """Does the file's standard protection use AES (crypt filters /AESV2 or /AESV3)?"""
    try:
        encrypt = reader.trailer["/Encrypt"].get_object()
        if int(encrypt.get("/V", 0)) not in (4, 5):
            return False
        filters = encrypt.get("/CF")
        filters = filters.get_object() if filters is not None else {}
        return any(f.get_object().get("/CFM") in ("/AESV2", "/AESV3") for f in filters.values())
    except Exception:  # noqa: BLE001 - a broken /Encrypt dictionary: not known to be AES
        return False
