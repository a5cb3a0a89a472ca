"""Write the golden holiday calendars: tests/golden/calendars/<court>.json, 2000-2040.

Run `make golden` after an intended rule or data change and review the diff: every changed
date shows up there. tests/test_golden.py fails while the committed files differ from what
the code produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from conferral_core import api, calendars  # noqa: E402

FIRST, LAST = 2000, 2040
GOLDEN = ROOT / "tests" / "golden" / "calendars"


def render(court: str) -> str:
    """One holiday per line, so a changed date is a one-line diff."""
    lines = ["{", f'  "court": {json.dumps(court)},', f'  "years": "{FIRST}-{LAST}",', '  "holidays": [']
    entries = []
    for year in range(FIRST, LAST + 1):
        answer = api.handle({"kind": "calendar", "court": court, "year": year})
        if "error" in answer:
            raise SystemExit(f"{court} {year}: {answer['error']['message']}")
        entries += [json.dumps(h, ensure_ascii=False, sort_keys=True) for h in answer["holidays"]]
    lines.append(",\n".join(f"    {e}" for e in entries))
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for court in calendars.courts():
        path = GOLDEN / f"{court}.json"
        path.write_text(render(court), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
