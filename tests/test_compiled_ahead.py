"""compiled_ahead: `@dataclass` runs the code recorded for a source text, and compiles any other."""

import dataclasses
import marshal
from types import CodeType

import pytest

from conferral_core import compiled_ahead


@pytest.fixture(autouse=True)
def plain_dataclasses(monkeypatch):
    monkeypatch.setattr(compiled_ahead, "_in_use", False)
    yield
    compiled_ahead.stop()
    assert "exec" not in vars(dataclasses)


def make_point():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0

    return Point


def codes_within(code: CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from codes_within(const)


def test_a_class_made_again_runs_the_recorded_code_and_a_new_one_is_compiled():
    recorded = compiled_ahead.record()
    make_point()
    compiled_ahead.stop()
    assert recorded and all(isinstance(code, CodeType) for code in recorded.values())
    compiled_ahead.use_code_ahead(recorded)
    point = make_point()
    ahead = [code for whole in recorded.values() for code in codes_within(whole)]
    assert any(code is point.__init__.__code__ for code in ahead)  # the very code recorded, not a new compile
    assert point(1, 2) == point(1, 2) and repr(point(1)) == "make_point.<locals>.Point(x=1, y=0)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        point(1).x = 2

    @dataclasses.dataclass
    class Other:  # a text never recorded: compiled as usual
        name: str

    assert Other("a").name == "a" and not any(code is Other.__init__.__code__ for code in ahead)


def test_recorded_code_is_compiled_without_our_future_imports():
    recorded = compiled_ahead.record()
    make_point()
    compiled_ahead.stop()
    # This module's and compiled_ahead's `from __future__ import annotations` would turn the
    # generated methods' annotations into strings; dataclasses' own exec never does.
    import __future__

    assert all(not code.co_flags & __future__.annotations.compiler_flag for code in recorded.values())


def test_the_shipped_file_is_used_once_and_a_missing_one_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(compiled_ahead, "__file__", str(tmp_path / "compiled_ahead.py"))
    assert compiled_ahead.use_if_shipped() is False
    assert "exec" not in vars(dataclasses)
    recorded = compiled_ahead.record()
    make_point()
    compiled_ahead.stop()
    (tmp_path / compiled_ahead.CODE_AHEAD).write_bytes(marshal.dumps(recorded))
    assert compiled_ahead.use_if_shipped() is True
    installed = vars(dataclasses)["exec"]
    assert compiled_ahead.use_if_shipped() is True and vars(dataclasses)["exec"] is installed  # once


@pytest.mark.parametrize("damaged", [marshal.dumps(["not", "code by text"]), marshal.dumps({"def f(): pass": "text"}),
                                     b"\xfb\x00", b""])
def test_a_damaged_file_is_not_used(tmp_path, monkeypatch, damaged):
    """Only a speed-up: a damaged copy leaves dataclasses compiling as usual, and classes work."""
    monkeypatch.setattr(compiled_ahead, "__file__", str(tmp_path / "compiled_ahead.py"))
    (tmp_path / compiled_ahead.CODE_AHEAD).write_bytes(damaged)
    assert compiled_ahead.use_if_shipped() is False
    assert "exec" not in vars(dataclasses)
    assert make_point()(3).x == 3
