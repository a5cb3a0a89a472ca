"""Strict loading of the TOML data shipped inside the package.

Every file is read through importlib.resources (so it works from a wheel, in Pyodide too)
and only when first needed. tomllib already rejects duplicate keys; this module adds the
rest of the strictness: unknown keys, missing keys, wrong types and bad dates are errors
that name the file and the key.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:  # tomli's interface is tomllib's: type-check against the standard library's
    import tomllib
    from types import EllipsisType
else:
    try:  # the same parser compiled (tomllib is tomli's copy in the standard library): faster site builds
        import tomli as tomllib
    except ImportError:  # the browser and a plain install use the standard library's
        import tomllib

_T = TypeVar("_T")
_D = TypeVar("_D")


class DataError(ValueError):
    """A data file is malformed. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str):
        super().__init__(f"{file}: {key}: {problem}")
        self.file, self.key, self.problem = file, key, problem


# Beside the data in the browser only (scripts/precompile.mjs ships it with the core's bytecode):
# the same files already parsed by the same parser, so a visit does not parse them again.
PARSED_AHEAD = "parsed-ahead.pickle"


@functools.cache
def load(path: str) -> dict[str, Any]:
    """Parse data/<path> once. Raises DataError for TOML syntax errors (incl. duplicate keys)."""
    from importlib import resources  # imported on first use: it is slow to import

    resource = resources.files("conferral_core").joinpath("data", *path.split("/"))
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, "-", "file not found") from None
    ahead = _parsed_ahead()
    parsed = ahead.pop(text_digest(text), None) if ahead else None  # popped: each parse is handed out once
    return parsed if parsed is not None else parse(text, path)


def text_digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _parsed_ahead() -> dict[str, dict[str, Any]]:
    """{digest of a file's exact text: its parse}. Keyed by the text itself, so a file edited
    since is parsed again, never answered from an old parse."""
    from importlib import resources

    try:
        blob = resources.files("conferral_core").joinpath("data", PARSED_AHEAD).read_bytes()
    except FileNotFoundError:
        return {}
    import pickle  # written by scripts/precompile.py from this package's own files

    parsed: dict[str, dict[str, Any]] = pickle.loads(blob)
    return parsed


def parse(text: str, file: str) -> dict[str, Any]:
    """Parse TOML text; syntax errors and duplicate keys become a DataError naming `file`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataError(file, "-", str(err)) from None


def list_dir(path: str) -> list[str]:
    """Names of the .toml files in data/<path>, sorted."""
    from importlib import resources

    folder = resources.files("conferral_core").joinpath("data", *path.split("/"))
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))


class Table:
    """A typed view on one TOML table that remembers where it came from.

    Reading a key checks its type; `done()` then fails on any key that was never read,
    which is how unknown (e.g. misspelt) keys are caught.
    """

    def __init__(self, file: str, where: str, raw: Any):
        if not isinstance(raw, dict):
            raise DataError(file, where or "-", "expected a table")
        self.file, self.where, self.raw = file, where, raw
        self._seen: set[str] = set()

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    # The overloads say what a read returns: a value of `kind` (bool excluded unless asked for,
    # datetime unless asked for), or the default when one is given and the key is absent.
    @overload
    def get(self, key: str, kind: type[_T]) -> _T: ...
    @overload
    def get(self, key: str, kind: type[_T], default: EllipsisType) -> _T: ...
    @overload
    def get(self, key: str, kind: type[_T], default: _D) -> _T | _D: ...
    @overload
    def get(self, key: str, kind: tuple[type, ...], default: Any = ...) -> Any: ...

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., ) -> Any:
        self._seen.add(key)
        if key not in self.raw:
            if default is ...:
                raise DataError(self.file, self._key(key), "missing")
            return default
        value = self.raw[key]
        # bool is an int in Python; a data file never means True when it writes 1.
        if isinstance(value, bool) and bool not in _as_tuple(kind):
            raise DataError(self.file, self._key(key), f"expected {_names(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise DataError(self.file, self._key(key), f"expected {_names(kind)}, got {type(value).__name__}")
        if isinstance(value, dt.datetime) and dt.datetime not in _as_tuple(kind):
            raise DataError(self.file, self._key(key), "expected a date without a time")
        return value

    @overload
    def strings(self, key: str, default: EllipsisType = ...) -> list[str]: ...
    @overload
    def strings(self, key: str, default: _D) -> list[str] | _D: ...

    def strings(self, key: str, default: Any = ...) -> Any:
        values = self.get(key, list, default)
        if values is default:
            return values
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise DataError(self.file, f"{self._key(key)}[{i}]", "expected a string")
        return values

    @overload
    def dates(self, key: str, default: EllipsisType = ...) -> list[dt.date]: ...
    @overload
    def dates(self, key: str, default: _D) -> list[dt.date] | _D: ...

    def dates(self, key: str, default: Any = ...) -> Any:
        values = self.get(key, list, default)
        if values is default:
            return values
        for i, v in enumerate(values):
            if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                raise DataError(self.file, f"{self._key(key)}[{i}]", "expected a date (YYYY-MM-DD)")
        return values

    @overload
    def table(self, key: str, default: EllipsisType = ...) -> Table: ...
    @overload
    def table(self, key: str, default: None) -> Table | None: ...

    def table(self, key: str, default: Any = ...) -> Table | None:
        raw = self.get(key, dict, default)
        return None if raw is None else Table(self.file, self._key(key), raw)

    def tables(self, key: str) -> list[Table]:
        raw = self.get(key, list, [])
        return [Table(self.file, f"{self._key(key)}[{i}]", item) for i, item in enumerate(raw)]

    @overload
    def choice(self, key: str, allowed: tuple[str, ...], default: EllipsisType = ...) -> str: ...
    @overload
    def choice(self, key: str, allowed: tuple[str, ...], default: _D) -> str | _D: ...

    def choice(self, key: str, allowed: tuple[str, ...], default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if value is not default and value not in allowed:
            raise DataError(self.file, self._key(key), f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def done(self) -> None:
        unknown = sorted(set(self.raw) - self._seen)
        if unknown:
            raise DataError(self.file, self._key(unknown[0]), "unknown key")


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _names(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a table",
             dt.date: "a date (YYYY-MM-DD)", bool: "true or false"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))
