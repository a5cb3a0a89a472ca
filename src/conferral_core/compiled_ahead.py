"""The functions `@dataclass` writes for the core's classes, compiled ahead for the browser.

As each dataclass is made, `dataclasses` writes the source of its __init__, __repr__, __eq__,
... and compiles it. In Pyodide that compiling was 40% of the core's own start: importing the
API and answering a first deadline took 192 ms under Node, and 117 ms with the code compiled
ahead (46 classes).

So scripts/precompile.py records the code that the browser's Python compiles for each of those
source texts while it answers sample requests, and ships it beside the core (CODE_AHEAD). In the
browser, `use_code_ahead` then hands `dataclasses` the code recorded for a text. Any other text
is compiled as before. The key is the exact text, so the code can never be stale.

Only the browser's copy of the core holds the file: elsewhere nothing changes.
"""

from __future__ import annotations

import builtins
import marshal
import os
from types import CodeType
from typing import Any

CODE_AHEAD = "dataclass-code.marshal"


def _compiled(source: str) -> CodeType:
    # As `exec(source)` inside dataclasses compiles it: that module has no __future__ imports, and
    # dont_inherit keeps ours (annotations) out.
    return compile(source, "<string>", "exec", dont_inherit=True)


def record() -> dict[str, CodeType]:
    """From now on, what `dataclasses` compiles, by source text (a dict filled as classes are made)."""
    import dataclasses

    seen: dict[str, CodeType] = {}

    def exec_recorded(source: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(source, str):
            source = seen.setdefault(source, _compiled(source))
        builtins.exec(source, *args, **kwargs)

    dataclasses.exec = exec_recorded  # type: ignore[attr-defined]  # a module global shadows the builtin
    return seen


def stop() -> None:
    """`dataclasses` back to the builtin exec."""
    import dataclasses

    vars(dataclasses).pop("exec", None)


def use_code_ahead(compiled: dict[str, CodeType]) -> None:
    """`dataclasses` runs the code compiled ahead for a source text it has, and compiles any other."""
    import dataclasses

    def exec_compiled_ahead(source: Any, *args: Any, **kwargs: Any) -> None:
        builtins.exec(compiled.get(source, source) if isinstance(source, str) else source, *args, **kwargs)

    dataclasses.exec = exec_compiled_ahead  # type: ignore[attr-defined]


_in_use = False


def use_if_shipped() -> bool:
    """Use the code shipped beside the package (the browser's copy), once. False when there is
    none, or when it is not code by source text (a damaged copy): the classes' code is then
    compiled as it is everywhere else, which only takes longer."""
    global _in_use
    if _in_use:
        return True
    try:
        with open(os.path.join(os.path.dirname(__file__), CODE_AHEAD), "rb") as shipped:
            compiled = marshal.load(shipped)
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not (isinstance(compiled, dict) and all(isinstance(code, CodeType) for code in compiled.values())):
        return False
    use_code_ahead(compiled)
    _in_use = True
    return True
