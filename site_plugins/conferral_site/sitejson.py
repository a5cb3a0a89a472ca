"""site.json: what the browser, the service worker and the headers need to know about a built
site, written once by the generator so that none of them restates it.

- `routes`: where every file the browser fetches lives, from the language's site root, with
  `{name}` placeholders ("api/judges/{judge}.json"): `api_dir` moves the open data everywhere.
  `routes.docx`, there only when the site ships it: the letter builder's Word-file writer (the npm
  package docx's ES module, runtime.py), under its version; loaded only when a reader asks for a .docx.
- `vocabularies`: the values the checker's forms offer (the core's own lists: `api.vocabularies()`).
- `engine`: the calculator's files by role, each named by its version or content (runtime.py);
  null when the site ships no calculator.
- `immutable`: path prefixes of files whose names change with their content (the worker script's
  whole path among them), kept for good by the host's caching rules and the service worker alike.
- `shell`: glob patterns of the small shared files the service worker keeps at install.
- `cors`: folders a sandboxed widget fetches from (they need `Access-Control-Allow-Origin`).
- `warm_up`: the requests the browser runs before it keeps a snapshot of the started engine.
"""

from __future__ import annotations

from typing import Any

from conferral_core import api
from conferral_core.messages import LANGUAGES

ASSETS = "assets/conferral/"
PATH = ASSETS + "site.json"  # where the file itself lives in every language's site
# The calculator's and the Word-file writer's versioned folders (runtime.py names their files by
# version or digest).
ENGINE_IMMUTABLE = (ASSETS + "pyodide/", ASSETS + "wheels/", ASSETS + "zones/", ASSETS + "docx/")
# The page's own script and style sheet (the checker and conferral.css), when named by their
# content: one folder of files kept for good, whose names differ between the languages' sites.
PAGE_ASSETS = ASSETS + "page/"
PLAIN_CHECKER = ASSETS + "checker.mjs"  # the checker's path when it is not named by its content
OWN_SHELL = (ASSETS + "*.css", ASSETS + "*.mjs", ASSETS + "*.json", ASSETS + "material/*.js", PAGE_ASSETS + "*")


def describe(lang: str, root: str, api_dir: str, engine: dict[str, Any] | None,
             theme_immutable: tuple[str, ...] = (), theme_shell: tuple[str, ...] = (),
             docx: str | None = None, worker: str | None = None, checker: str | None = None,
             styles: str | None = None) -> dict[str, Any]:
    """The site.json of one language's site (`root`: "" for the site at the root, "es/" for /es/).
    `worker`, `checker`, `styles`: the names of the calculator's worker script, of the checker
    script and of our style sheet, each named by its content (runtime.content_name; the last two
    in PAGE_ASSETS); without one, its plain name, and it is not kept for good."""
    data = api_dir.strip("/")
    if not data or data.startswith(".") or "//" in data:
        raise ValueError(f"api_dir {api_dir!r} must be a folder path inside the site, e.g. 'api'")
    routes = {
        "judges": f"{data}/judges.json", "judge": f"{data}/judges/{{judge}}.json", "courts": f"{data}/courts.json",
        "judge_page": "judges/{judge}/", "court_page": "courts/{court}/", "source_page": "sources/{doc}/",
        "checker_page": "checker/", "judges_page": "judges/", "letter_page": "letter/",
        "strings": ASSETS + "strings.{lang}.json", "checker": PAGE_ASSETS + checker if checker else PLAIN_CHECKER,
        "worker": ASSETS + (worker or "worker.mjs"), "styles": PAGE_ASSETS + styles if styles else ASSETS + "conferral.css",
        "builder": ASSETS + "letter.mjs", "site": PATH,
        "service_worker": "sw.js",
    }
    if docx:
        routes["docx"] = ASSETS + docx
    return {
        "lang": lang, "root": root, "languages": list(LANGUAGES),
        "routes": routes,
        "vocabularies": api.vocabularies(),
        "engine": engine,
        "immutable": sorted({*ENGINE_IMMUTABLE, *theme_immutable, *([routes["worker"]] if worker else []),
                             *([PAGE_ASSETS] if checker or styles else [])}),
        "shell": sorted({*OWN_SHELL, *theme_shell, routes["judges"], routes["courts"]}),
        "cors": sorted({"embed/", "assets/", f"{data}/"}),
        "warm_up": list(api.WARM_UP),
    }
