"""The site: built once with `mkdocs build --strict` into a temporary folder, then checked
page by page: every generated page exists with its key facts, every internal link and anchor
resolves, nothing loads from another origin, and a broken data file stops the build clearly."""

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


from conferral_core import api

ROOT = Path(__file__).resolve().parent.parent
JUDGES = ["caed-claire", "caed-mcauliffe", "caed-newman", "cand-spero"]
YEARS = range(2024, 2029)  # mkdocs.yml fixes year: 2026, two years either side
# Links *to* other sites are fine; loading from them is not.
LOADS = re.compile(r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']?(https?:)?//|"""
                   r"""<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|preconnect|dns-prefetch|icon|modulepreload|manifest))"""
                   r"""[^>]*\bhref=["']?(https?:)?//|@import\s+url\(["']?(https?:)?//|url\(["']?https?://""",
                   re.IGNORECASE)


from sitebuild import build


def text_of(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_generated_page_exists(site):
    for judge in JUDGES:
        assert (site / "judges" / judge / "index.html").is_file()
        assert (site / "api" / "judges" / f"{judge}.json").is_file()
    for court in ("caed", "cand"):
        assert (site / "courts" / court / "index.html").is_file()
        for year in YEARS:
            assert (site / "holidays" / court / str(year) / "index.html").is_file()
    for source in api.handle({"kind": "sources"})["sources"]:
        assert (site / "sources" / source["id"] / "index.html").is_file()
    for page in ("judges", "courts", "holidays", "sources", "examples", "counting", "about"):
        assert (site / page / "index.html").is_file(), page


def test_claire_page_states_the_limits(site):
    page = visible(text_of(site, "judges/caed-claire"))
    for fact in ("2 pages", "12 points", "24 hours", "acorders@caed.uscourts.gov", "What to do first",
                 "Last checked", "information, not legal advice"):
        assert fact in page, fact
    html = text_of(site, "judges/caed-claire")
    assert 'id="checker-informal-conference"' in html and 'data-judge="caed-claire"' in html
    assert '<time datetime="2026-12-07T10:00">' in html  # the worked example, computed at build time


def test_newman_page_says_he_retired(site):
    page = visible(text_of(site, "judges/caed-newman"))
    assert "Retired" in page and "retired on Wed Feb 7, 2024" in page
    assert "18 hours" in page


def test_spero_page_says_what_his_status_rests_on_and_how_old_his_rules_are(site):
    page = visible(text_of(site, "judges/cand-spero"))
    assert "Sitting, as of February 2026" in page and "What this rests on" in page and "JCS" in page
    assert "a third party’s copy" in page  # the roster is a secondary source, and says so
    assert "more than 5 years ago" in page  # his newest discovery rules are from 2016
    assert "before 12:00 noon on the next business day" in page


def test_judge_page_reads_top_down(site):
    html = text_of(site, "judges/caed-claire")
    order = [html.index(marker) for marker in ("cf-status", 'id="first"', 'class="cf-timeline"',
                                               "What the rules require", 'class="cf-checker"', 'id="sources"')]
    assert order == sorted(order)


def test_holiday_page_marks_california_days(site):
    page = visible(text_of(site, "holidays/caed/2027"))
    assert "Cesar Chavez Day" in page and "Only deadlines counted forward" in page
    assert "Independence Day" in page and "Observed" in page


def test_source_page_has_numbered_paragraph_anchors(site):
    html = text_of(site, "sources/claire-informal-conferences")
    assert 'id="p-8"' in html and "At least 24 hours before the telephonic conference" in html


def test_examples_page_uses_the_engines_steps(site):
    page = visible(text_of(site, "examples"))
    assert "Wagnon" in page and "Tue Apr 26, 2022" in page and "FRCP 6(a)(1)(A)" in page


def test_home_page_lists_the_judges(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="judges/caed-claire/"' in html and "<!-- conferral:judge-list -->" not in html


def test_open_data_equals_the_api(site):
    assert json.loads((site / "api" / "judges.json").read_text()) == api.handle({"kind": "judges"})
    claire = json.loads((site / "api" / "judges" / "caed-claire.json").read_text())
    assert claire == api.handle({"kind": "judge", "judge": "caed-claire"})


def test_every_page_carries_the_not_legal_advice_notice(site):
    for page in site.rglob("*.html"):
        if page.name != "404.html":
            spanish = page.relative_to(site).parts[0] == "es"
            notice = "información, no asesoría legal" if spanish else "information, not legal advice"
            assert notice in page.read_text(encoding="utf-8"), page


def test_record_pages_stay_out_of_the_sidebar(site):
    html = text_of(site, "sources/frcp-6")
    nav = html[html.index('class="md-nav md-nav--primary"'):html.index("</nav>", html.index('class="md-nav md-nav--primary"'))]
    assert "judges/caed-claire/" not in nav and "Find your judge" in nav


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img") and a.get("src"):
            self.links.append(a["src"])


def parse(path):
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_internal_link_and_anchor_resolves(site):
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
                continue
            if parts.path.startswith("/"):  # 404.html links from the site root
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            if "=" in parts.fragment:
                continue  # a deep link's state (#judge=…&procedure=…), read by the page's script: not an anchor
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_nothing_loads_from_another_origin(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(errors="replace")
            if LOADS.search(text) or "fonts.googleapis" in text or "fonts.gstatic" in text:
                offenders.append(str(path.relative_to(site)))
    assert offenders == []


def test_a_broken_data_file_stops_the_build_with_a_clear_message(tmp_path):
    copy = tmp_path / "repo"
    for part in ("docs", "src"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    judge = copy / "src" / "conferral_core" / "data" / "judges" / "caed-claire.toml"
    judge.write_text(judge.read_text().replace('initials = "AC"', 'initials = "AC"\ninitals = "AC"'))
    result = build(copy, tmp_path / "site", {"PYTHONPATH": str(copy / "src")})
    assert result.returncode != 0
    assert "judges/caed-claire.toml: initals: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_calculator_ships_the_courts_time_zones_not_the_whole_database(site):
    import zipfile

    manifest = json.loads((site / "assets" / "conferral" / "site.json").read_text())["engine"]
    zones = sorted({c["time_zone"] for c in api.handle({"kind": "courts"})["courts"]})
    assert sorted(manifest["zones"]) == zones
    assert set(manifest) == {"pyodide", "python", "lock", "stdlib", "stdlib_engine", "stdlib_letters", "core", "pypdf",
                             "zones", "snapshot", "download"}
    (tzdata,) = (ROOT / "build" / "wheels").glob("tzdata-*.whl")
    with zipfile.ZipFile(tzdata) as wheel:
        for zone in zones:
            shipped = (site / "assets" / "conferral" / manifest["zones"][zone]).read_bytes()
            assert shipped == wheel.read(f"tzdata/zoneinfo/{zone}") and shipped.startswith(b"TZif")
    assert not list((site / "assets" / "conferral" / "wheels").glob("tzdata-*"))


def test_the_calculator_ships_only_the_standard_library_the_engine_imports_precompiled(site):
    import zipfile

    manifest = json.loads((site / "assets" / "conferral" / "site.json").read_text())["engine"]
    stock = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    start = zipfile.ZipFile(site / "assets" / "conferral" / manifest["stdlib"])
    engine = zipfile.ZipFile(site / "assets" / "conferral" / manifest["stdlib_engine"])
    letters = zipfile.ZipFile(site / "assets" / "conferral" / manifest["stdlib_letters"])
    assert not (site / "assets" / "conferral" / manifest["pyodide"] / "python_stdlib.zip").exists()  # not both
    about = json.loads((ROOT / "build" / "pyodide" / "precompiled.json").read_text())
    assert sorted(start.namelist()) == about["stdlib_compiled"] and sorted(letters.namelist()) == about["stdlib_letters"]
    assert sorted(engine.namelist()) == about["stdlib_engine"]
    # What Python's start imports: Pyodide's own modules, with the rest of their packages the
    # engine uses (importlib.resources) and the codecs a PDF may name (encodings).
    assert {"asyncio/base_events.pyc", "_pyodide/_base.pyc", "dataclasses.pyc", "importlib/resources/_common.pyc",
            "encodings/utf_16_be.pyc", "encodings/gbk.pyc"} <= set(start.namelist())
    # What the engine adds (dates, rules, time zones, its data parsed ahead, the nearest ids for
    # a misspelt one), downloaded while Python starts; a letter's own modules apart.
    assert {"tomllib/_parser.pyc", "zoneinfo/_common.pyc", "pickle.pyc", "hashlib.pyc", "difflib.pyc"} <= set(
        engine.namelist())
    assert "xml/dom/minidom.pyc" in letters.namelist() and "xml/__init__.pyc" not in start.namelist()
    parts = [set(start.namelist()), set(engine.namelist()), set(letters.namelist())]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    # A package lives whole in one of them (Python looks for its modules in its own folder only).
    tops = [{name.split("/")[0].removesuffix(".pyc") for name in part} for part in parts]
    assert not (tops[0] & tops[1] or tops[0] & tops[2] or tops[1] & tops[2])
    # Much less than the whole: what no answer imports is not shipped at all.
    assert sum(len(part) for part in parts) < len(stock.namelist()) / 2
    assert {"unittest/__init__.pyc", "email/message.pyc", "http/server.pyc"}.isdisjoint(parts[0] | parts[1])
    # Nor the modules frozen into Pyodide's Python, which it runs from its own copy (imported at
    # every start, they would otherwise be listed: their __file__ names the zip).
    assert {"os.pyc", "io.pyc", "codecs.pyc", "site.pyc", "posixpath.pyc", "importlib/_bootstrap.pyc",
            "importlib/util.pyc"}.isdisjoint(parts[0] | parts[1] | parts[2])
    for shipped in (start, engine, letters):
        for entry in shipped.infolist():
            # Stored (the host compresses the whole zip), each from a module of the pinned Pyodide.
            assert entry.compress_type == zipfile.ZIP_STORED and entry.filename[:-1] in stock.namelist()
            # PEP 552 flags: hash-based (bit 0), source not checked (bit 1 clear) - no source shipped.
            assert int.from_bytes(shipped.read(entry)[4:8], "little") == 0b01, entry.filename


def test_the_calculator_ships_the_cores_bytecode_and_data_parsed_ahead(site):
    import pickle
    import zipfile

    from conferral_core import compiled_ahead, loader

    manifest = json.loads((site / "assets" / "conferral" / "site.json").read_text())["engine"]
    (wheel_path,) = (ROOT / "build" / "wheels").glob("conferral_core-*.whl")
    wheel = zipfile.ZipFile(wheel_path)
    core = zipfile.ZipFile(site / "assets" / "conferral" / manifest["core"])
    package = {n for n in wheel.namelist() if n.startswith("conferral_core/")}
    modules = {n for n in package if n.endswith(".py")}
    in_browser = modules - {"conferral_core/cli.py", "conferral_core/__main__.py"}
    ahead = f"conferral_core/data/{loader.PARSED_AHEAD}"
    bytecode = {m + "c" for m in in_browser}
    code_ahead = f"conferral_core/{compiled_ahead.CODE_AHEAD}"
    # The wheel's package (no metadata) with bytecode in place of its modules' source (the
    # command line's left out), its data parsed ahead and its classes' generated methods
    # compiled ahead (used in test_precompiled): one stored zip.
    assert set(core.namelist()) == (package - modules) | bytecode | {ahead, code_ahead}
    # Only the browser's copy has it, a dict marshalled by Pyodide's Python (CPython cannot read its code).
    assert code_ahead not in wheel.namelist() and core.read(code_ahead)[0] & 0x7F == ord("{")
    assert all(core.read(n) == wheel.read(n) for n in package - modules)
    assert all(entry.compress_type == zipfile.ZIP_STORED for entry in core.infolist())
    for name in bytecode:
        # PEP 552 flags: hash-based (bit 0), source not checked (bit 1 clear) - no source shipped.
        assert int.from_bytes(core.read(name)[4:8], "little") == 0b01, name
    # Every data file, parsed exactly as CPython's loader parses it, keyed by its text.
    parsed = pickle.loads(core.read(ahead))
    data_files = [n for n in wheel.namelist() if n.startswith("conferral_core/data/") and n.endswith(".toml")]
    assert len(parsed) == len({wheel.read(n) for n in data_files}) > 10
    for name in data_files:
        text = wheel.read(name).decode("utf-8")
        assert parsed[loader.text_digest(text)] == loader.parse(text, name), name


def test_bytecode_made_from_another_pyodide_or_core_stops_the_build(tmp_path):
    import hashlib

    import pytest
    from conferral_site.pages import SiteDataError as PluginError
    from conferral_site.runtime import precompiled_inputs

    stock, wheel = tmp_path / "python_stdlib.zip", tmp_path / "conferral_core-0.1.0-py3-none-any.whl"
    stock.write_bytes(b"the pinned Pyodide's zip")
    wheel.write_bytes(b"the core's wheel")
    folder = tmp_path / "precompiled"
    with pytest.raises(PluginError, match=r"missing from .*make wheels"):
        precompiled_inputs(folder, stock, wheel)
    folder.mkdir()
    for name in ("python_stdlib.zip", "stdlib-engine.zip", "stdlib-letters.zip", "core.zip"):
        (folder / name).write_bytes(b"bytecode")

    def made_from(stdlib: bytes, core: bytes) -> None:
        (folder / "precompiled.json").write_text(json.dumps({
            "python": "3.14.2", "stdlib_source_sha256": hashlib.sha256(stdlib).hexdigest(),
            "core_wheel_sha256": hashlib.sha256(core).hexdigest()}))

    made_from(b"an older Pyodide's zip", wheel.read_bytes())
    with pytest.raises(PluginError, match=r"made by another Pyodide.*make wheels"):
        precompiled_inputs(folder, stock, wheel)
    made_from(stock.read_bytes(), b"last week's core")
    with pytest.raises(PluginError, match=r"made from another conferral_core.*make wheels"):
        precompiled_inputs(folder, stock, wheel)
    made_from(stock.read_bytes(), wheel.read_bytes())
    assert precompiled_inputs(folder, stock, wheel)["python"] == "3.14.2"


def test_every_engine_file_is_named_by_its_version_or_content_and_kept_for_good(site):
    import hashlib

    from conferral_site.headers import from_site

    headers_for = from_site(site)
    assets = site / "assets" / "conferral"
    manifest = json.loads((assets / "site.json").read_text())["engine"]
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    assert manifest["pyodide"] == f"pyodide/{version}/"
    for role in ("core", "pypdf", "stdlib", "stdlib_engine", "stdlib_letters"):
        folder = manifest[role].rsplit("/", 2)[-2]
        assert hashlib.sha256((assets / manifest[role]).read_bytes()).hexdigest().startswith(folder), role
    shipped = sorted(p.relative_to(assets).as_posix() for folder in ("pyodide", "wheels", "zones")
                     for p in (assets / folder).rglob("*") if p.is_file())
    for path in shipped:
        expected = "public, max-age=31536000, immutable"
        assert headers_for(f"/assets/conferral/{path}")["Cache-Control"] == expected, path
        assert headers_for(f"/es/assets/conferral/{path}")["Cache-Control"] == expected, path
    # Fixed names are checked with the host on every use: a page and its engine always match.
    for path in ("/", "/judges/caed-claire/", "/assets/conferral/letter.mjs", "/assets/conferral/site.json", "/sw.js"):
        assert headers_for(path)["Cache-Control"] == "no-cache", path
    # The checker script and our style sheet are named by their content, where site.json says (in
    # each language's site: the checker carries that site's site.json), and kept for good. The
    # checker's name is the digest of its text with its plain name for its own.
    checkers = set()
    for root in ("", "es/"):
        described = json.loads((site / root / "assets/conferral/site.json").read_text())
        styles, checker = described["routes"]["styles"], described["routes"]["checker"]
        text = (site / root / styles).read_bytes()
        assert styles == f"assets/conferral/page/conferral.{hashlib.sha256(text).hexdigest()[:12]}.css"
        draft = (site / root / checker).read_text().replace(checker, "assets/conferral/checker.mjs")
        assert checker == f"assets/conferral/page/checker.{hashlib.sha256(draft.encode()).hexdigest()[:12]}.mjs"
        assert sorted(p.relative_to(site / root).as_posix() for p in (site / root / "assets/conferral/page").iterdir()
                      if not p.name.endswith((".br", ".gz"))) == sorted([styles, checker])
        for path in (styles, checker):
            assert headers_for(f"/{root}{path}")["Cache-Control"] == expected, path
        page = (site / root / "judges/caed-claire/index.html").read_text()
        assert f'<script type="module" src="../../{checker}">' in page and f'href="../../{styles}"' in page
        imported = '} from "./' + checker.removeprefix("assets/conferral/") + '";'
        assert imported in (site / root / "assets/conferral/letter.mjs").read_text()
        checkers.add(checker)
    assert len(checkers) == 2
    # The worker is named by its content (which carries the manifest), where site.json says, and kept for good.
    for root in ("", "es/"):
        route = json.loads((site / root / "assets/conferral/site.json").read_text())["routes"]["worker"]
        text = (site / root / route).read_bytes()
        assert route == f"assets/conferral/worker.{hashlib.sha256(text).hexdigest()[:12]}.mjs"
        assert headers_for(f"/{root}{route}")["Cache-Control"] == expected, route
        assert sorted(p.name for p in (site / root / "assets/conferral").glob("worker.*mjs")) == [route.rsplit("/", 1)[1]]
    route = json.loads((assets / "site.json").read_text())["routes"]["worker"]
    # The worker carries the same manifest (site.json's "engine": no request for it) and imports this Pyodide.
    worker = (site / route).read_text()
    assert "__CONFERRAL" not in worker
    assert f'import("./pyodide/{version}/pyodide.mjs")' in worker
    assert json.dumps(manifest, sort_keys=True) in worker


def test_every_judge_has_a_page_in_both_languages_and_open_data_equal_to_the_api(site):
    judges = api.handle({"kind": "judges"})["judges"]
    assert len(judges) >= 59  # 22 + 36 in the Feb 2026 roster, and former judges beside them
    for judge in judges:
        for folder in (site, site / "es"):
            assert (folder / "judges" / judge["id"] / "index.html").is_file(), (folder, judge["id"])
        published = json.loads((site / "api" / "judges" / f"{judge['id']}.json").read_text(encoding="utf-8"))
        assert published == api.handle({"kind": "judge", "judge": judge["id"]}), judge["id"]


# Our own names for things: research notes, seed files, data and code paths. A reader sees a
# document's title, court and date, never these. (External addresses, e.g. where a source was
# found, are left out of the check: they are the other site's own paths.)
INTERNAL = re.compile(r"research/|legal-rules\.md|coverage-ca[en]d|\bseeds?/|\b\d{3}_[0-9a-f]{16}\b|\.toml\b|"
                      r"src/conferral|data/sources|data/judges|scripts/[a-z_]+\.py|tests/scenarios|data/examples|"
                      r"/work/|\.venv")


def test_no_page_names_our_files_or_paths(site):
    checked = 0
    for page in site.rglob("*.html"):
        # Addresses a reader sees count too (an outside site's path may read like ours: ".../research/...").
        text = re.sub(r"""(?:href|src)=["'][^"']*["']""", "", page.read_text(encoding="utf-8"))
        found = INTERNAL.search(visible(text))
        assert not found, f"{page.relative_to(site)}: {found.group(0)!r}"
        checked += 1
    assert checked > 200


def test_a_judge_without_own_rules_says_so_and_links_the_court_list(site):
    page = text_of(site, "judges/caed-delaney")
    assert "We have not found Judge Carolyn K. Delaney’s own discovery rules" in visible(page)
    assert 'href="https://www.caed.uscourts.gov/caednew/index.cfm/judges/all-judges/"' in page
    assert 'id="checker-lr251"' in page  # the court's procedure, with its calculator
