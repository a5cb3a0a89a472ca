"""The generator without MkDocs, for any other static-site generator:

    python -m conferral_site generate --lang es --out build/docs/es [--year 2026] [--no-calculator]
    (render build/docs/es with the tool of your choice into <site>/es/)
    python -m conferral_site finish <site>/es --tree build/docs/es

`generate` writes the docs tree (see generate.py); `finish` writes the service worker and, for the
root language, the host's headers over the rendered site, after checking every page was rendered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from conferral_core.loader import DataError
from conferral_core.messages import LANGUAGES

from .finish import finish
from .generate import Calculator, generate
from .pages import PLACEHOLDER_SITE_URL, SiteDataError, SiteOptions, language_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conferral_site", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write one language's docs tree")
    g.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0])
    g.add_argument("--out", required=True, type=Path, help="an empty folder, or one generate wrote before")
    g.add_argument("--docs", type=Path, default=Path("docs"),
                   help="the hand-written pages (the root language's; others are in <docs>/<lang>/)")
    g.add_argument("--year", type=int, default=dt.date.today().year, help="the year holiday pages centre on")
    g.add_argument("--api-dir", default="api", help="where the open data goes in the site")
    g.add_argument("--site-url", default=os.environ.get("CONFERRAL_SITE_URL") or PLACEHOLDER_SITE_URL,
                   help="the site's public address, at its root (default: $CONFERRAL_SITE_URL, else "
                        f"{PLACEHOLDER_SITE_URL})")
    g.add_argument("--no-calculator", action="store_true", help="ship no in-browser calculator")
    g.add_argument("--pyodide", type=Path, default=Path("node_modules/pyodide"))
    g.add_argument("--wheels", type=Path, default=Path("build/wheels"))
    g.add_argument("--precompiled", type=Path, default=Path("build/pyodide"))
    g.add_argument("--compressed", type=Path, default=Path("build/compressed"), help="the precompressed copies' cache")
    g.add_argument("--docx", type=Path, default=Path("node_modules/docx"), help="the npm package docx (the .docx export)")
    f = sub.add_parser("finish", help="write sw.js and _headers over a rendered site")
    f.add_argument("site", type=Path)
    f.add_argument("--tree", type=Path, help="the tree it was rendered from (every page must be there)")
    f.add_argument("--compressed", type=Path, default=Path("build/compressed"), help="the precompressed copies' cache")
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            calculator = None if args.no_calculator else Calculator(args.pyodide, args.wheels, args.precompiled,
                                                                           args.compressed, args.docx)
            options = SiteOptions(year=args.year, api_dir=args.api_dir, lang=args.lang, site_url=args.site_url)
            tree = generate(args.out, options, args.docs / language_root(args.lang), calculator)
            print(f"{len(tree.pages)} generated and {len(tree.hand_written)} hand-written files in {tree.root}")
        else:
            finish(args.site, args.tree, args.compressed)
    except (SiteDataError, DataError, ValueError) as err:
        print(f"conferral_site: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
