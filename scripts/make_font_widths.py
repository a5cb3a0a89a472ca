"""Write src/conferral_core/data/fonts/times-roman.toml: the character widths of Adobe's Times-Roman,
which the letter check's text estimate measures lines with (letters.py) and the document builder
prints in, taken from the pinned pypdf's copy of Adobe's Core 14 AFM files (the estimate itself never
imports pypdf: the browser loads it only to check a PDF).

    .venv/bin/python scripts/make_font_widths.py

tests/test_letters.py fails while the file differs from what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "conferral_core" / "data" / "fonts" / "times-roman.toml"
FONT = "Times-Roman"

# Adobe's terms for the AFM files (kept with every copy of data taken from them, as they ask).
NOTICE = """\
# Character widths of Times-Roman, in thousandths of the type size: what the letter check's text
# estimate measures lines with (letters.py), and the font the document builder prints in. Written by
# scripts/make_font_widths.py from the pinned pypdf's copy of Adobe's Core 14 AFM files
# (https://download.macromedia.com/pub/developer/opentype/tech-notes/Core14_AFMs.zip); modified from
# them: only the widths of single characters are kept. Their ReadMe says:
#
#   This file and the 14 PostScript(R) AFM files it accompanies may be used, copied, and
#   distributed for any purpose and without charge, with or without modification, provided that all
#   copyright notices are retained; that the AFM files are not distributed without this file; that
#   all modifications to this file or any of the AFM files are prominently noted in the modified
#   file(s); and that this paragraph is not modified. Adobe Systems has no responsibility or
#   obligation to support the use of the AFM files.
#
# Times-Roman.afm: Copyright (c) 1985, 1987, 1989, 1990, 1993, 1997 Adobe Systems Incorporated. All
# Rights Reserved. Times is a trademark of Linotype-Hell AG and/or its subsidiaries.
"""


def render() -> str:
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    widths = CORE_FONT_METRICS[FONT].character_widths
    lines = [NOTICE.rstrip("\n"), f"font = {json.dumps(FONT)}", f"default = {widths['default']}", "", "[widths]"]
    for char in sorted((c for c in widths if len(c) == 1), key=ord):
        lines.append(f"{json.dumps(char)} = {widths[char]}")  # non-ASCII as \\uXXXX: no invisible characters
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
