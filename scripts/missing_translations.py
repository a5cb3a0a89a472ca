"""Print, as TOML to paste into data/translations/<lang>.toml, every text of the data that
has no translation yet (and list the translations no text uses any more).

    python scripts/missing_translations.py es
"""

from __future__ import annotations

import json
import sys

from conferral_core import translation_audit


def main(lang: str) -> int:
    texts, quotes, unused = translation_audit.missing(lang)
    for key, englishes in (("text", texts), ("quote", quotes)):
        for english in englishes:
            print(f"[[{key}]]\nen = {json.dumps(english, ensure_ascii=False)}\n{lang} = \"\"\n")
    for english in unused:
        print(f"# unused: {json.dumps(english, ensure_ascii=False)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "es"))
