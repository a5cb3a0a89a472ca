"""The generator on its own: the docs tree any static-site generator could render, without MkDocs;
the fixed Markdown form of its pages, rendered the same by markup.py and by Python-Markdown; and
site.json as the one place the browser, the service worker and the headers learn the site from."""

import json
import re
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml

from conferral_core import api
from conferral_core.messages import LANGUAGES, catalog
from conferral_site import SiteOptions, finish, generate
from conferral_site.finish import rendered_path
from conferral_site.generate import JUDGE_LIST_MARKER, TREE_MARKER
from conferral_site.markup import MarkupError, heading, render
from conferral_site.pages import SiteDataError

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "site_plugins" / "conferral_site" / "assets"


def hand_written(lang):
    return ROOT / "docs" / ("" if lang == "en" else lang)


@pytest.fixture(scope="module", params=LANGUAGES)
def tree(request, tmp_path_factory):
    lang = request.param
    options = SiteOptions(year=2026, lang=lang)
    return generate(tmp_path_factory.mktemp("tree") / lang, options, hand_written(lang))


def body(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1]


def test_the_tree_is_complete_without_mkdocs(tree):
    files = {p.relative_to(tree.root).as_posix() for p in tree.root.rglob("*") if p.is_file()}
    judges = api.handle({"kind": "judges"})["judges"]
    courts = api.handle({"kind": "courts"})["courts"]
    sources = api.handle({"kind": "sources"})["sources"]
    pages = {"index.md", "judges/index.md", "courts/index.md", "holidays/index.md", "sources/index.md",
             "examples/index.md", "checker/index.md", "embed-this/index.md", "counting.md", "glossary.md",
             "about.md"}
    pages |= {f"judges/{j['id']}.md" for j in judges} | {f"courts/{c['id']}.md" for c in courts}
    pages |= {f"sources/{s['id']}.md" for s in sources}
    pages |= {f"holidays/{c['id']}/{y}.md" for c in courts for y in range(2024, 2029)}
    assert pages <= files
    assert {f"api/judges/{j['id']}.json" for j in judges} | {"api/judges.json", "api/courts.json"} <= files
    assert {f"assets/conferral/strings.{code}.json" for code in LANGUAGES} <= files
    assert {"embed/index.html", "assets/conferral/site.json", tree.site["routes"]["checker"], TREE_MARKER} <= files
    # Every route without a placeholder names a file of the tree, or a page ("checker/": its
    # index.md) (the worker ships with the calculator only).
    site = json.loads((tree.root / "assets/conferral/site.json").read_text(encoding="utf-8"))
    fixed = {name: path + "index.md" if path.endswith("/") else path
             for name, path in site["routes"].items() if "{" not in path}
    assert {path for name, path in fixed.items() if name not in ("worker", "service_worker")} <= files
    assert site["engine"] is None and not any(f.startswith("assets/conferral/worker") for f in files)
    # Hand-written pages of this language only, and the judge list put in where the home page asks.
    others = set(LANGUAGES) - {tree.site["lang"]}
    assert not any(f.split("/", 1)[0] in others for f in files)
    home = (tree.root / "index.md").read_text(encoding="utf-8")
    assert JUDGE_LIST_MARKER not in home and 'href="judges/cand-spero/"' in home


def test_every_generated_page_renders_the_same_with_python_markdown(tree):
    """markup.render is a shortcut for speed: it must give what MkDocs' Markdown would."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = [name for name in ("admonition", "attr_list", "md_in_html", "tables", "toc")
                  if re.search(rf"^  - {name}\b", config, re.M)]
    assert len(extensions) == 5
    permalink = catalog(tree.site["lang"]).text("page", "permalink")
    md = markdown.Markdown(extensions=extensions, extension_configs={"toc": {"permalink": True,
                                                                             "permalink_title": permalink}})
    norm = lambda html: re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()  # noqa: E731
    assert len(tree.pages) > 200
    for page in tree.pages:
        text = body(tree.root / page)
        ours, toc = render(text, permalink)
        md.reset()
        theirs = md.convert(text)
        assert norm(ours) == norm(theirs), page
        assert toc == strip(md.toc_tokens), page


def strip(tokens):
    return [{"level": t["level"], "id": t["id"], "name": t["name"], "children": strip(t["children"])} for t in tokens]


def test_a_heading_markdown_would_read_differently_stops_the_build():
    assert heading(2, "x", "Rule 37 & you") == "\n\n## Rule 37 &amp; you {#x}\n\n"
    for text in ("*bold* claims", "a_b_c", "see [1]", "code `x`"):
        with pytest.raises(MarkupError):
            heading(2, "x", text)


def test_the_generator_never_empties_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SiteDataError, match="did not write"):
        generate(tmp_path, SiteOptions(year=2026))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_no_list_or_route_is_restated_in_the_browser_code():
    """The browser reads the core's vocabularies and the site's routes from site.json."""
    said = api.vocabularies()
    words = [v for key in ("service", "modes", "participants") for v in said[key]
             if v != "letter"]  # also the name of the API's letter request, which the page sends
    words += ["page-limit", "font"]
    words += ["caed-claire", "informal-conference"]  # the warm-up request is the core's api.WARM_UP
    paths = ["api/", "judges/", "courts/", "sources/", "sw.js", "strings.", "worker.mjs", "wheels/", "pyodide/"]
    for name in ("checker.mjs", "letter.mjs", "worker.mjs", "sw.js", "embed.js", "search.js"):
        code = re.sub(r"^\s*//.*$", "", (ASSETS / name).read_text(encoding="utf-8"), flags=re.M)  # comments aside
        for word in words:
            assert f'"{word}"' not in code, (name, word)
        for path in paths:
            assert f'"{path}' not in code and f"`{path}" not in code, (name, path)


def test_api_dir_moves_the_open_data_everywhere(tmp_path):
    tree = generate(tmp_path / "tree", SiteOptions(year=2026, api_dir="open-data"))
    files = {p.relative_to(tree.root).as_posix() for p in tree.root.rglob("*") if p.is_file()}
    assert "open-data/judges.json" in files and not any(f.startswith("api/") for f in files)
    site = tree.site
    assert site["routes"]["judge"] == "open-data/judges/{judge}.json" and "open-data/" in site["cors"]
    checker = (tree.root / site["routes"]["checker"]).read_text(encoding="utf-8")
    assert '"open-data/judges/{judge}.json"' in checker  # the script carries site.json
    assert 'href="../open-data/judges.json"' in (tree.root / "judges/index.md").read_text(encoding="utf-8")
    finish(tree.root)  # the tree stands in for a rendered site: finish() reads only files and site.json
    headers = (tree.root / "_headers").read_text(encoding="utf-8")
    assert "/open-data/*\n  Access-Control-Allow-Origin: *" in headers and "/api/*" not in headers
    worker = (tree.root / "sw.js").read_text(encoding="utf-8")
    assert '"open-data/judges.json"' in worker
    with pytest.raises(SiteDataError, match="api_dir"):
        generate(tmp_path / "bad", SiteOptions(year=2026, api_dir="../elsewhere"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mkdocs_renders_the_tree_page_for_page(site, lang):
    """The tree MkDocs was given (build/docs/<lang>, written by the site build) and what it made:
    the same pages, each with its title, and each generated page's whole body as markup.py renders it."""
    tree = ROOT / "build" / "docs" / lang
    built = site / ("" if lang == "en" else lang)
    pages = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.md"))
    made = {p.relative_to(built).as_posix() for p in built.rglob("index.html")}
    if lang == "en":
        made = {p for p in made if p.split("/", 1)[0] not in set(LANGUAGES) - {"en"}}
    made -= {"embed/index.html"}  # the widget is a finished HTML file of the tree, copied as it is
    assert sorted(made) == sorted(rendered_path(p) for p in pages)
    permalink = catalog(lang).text("page", "permalink")
    norm = lambda html: re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()  # noqa: E731
    for page in pages:
        text = (tree / page).read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) if text.startswith("---\n") else {}
        title = meta.get("title")
        html = (built / rendered_path(page)).read_text(encoding="utf-8")
        if title:
            assert unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).startswith(title), page
        if meta.get("generated") is True:
            ours, _ = render(body(tree / page), permalink)
            assert norm(ours) in norm(html), page
    for data in ("api/judges.json", "api/courts.json", "assets/conferral/site.json", f"assets/conferral/strings.{lang}.json"):
        assert (built / data).read_bytes() == (tree / data).read_bytes(), data


def test_finish_refuses_a_site_missing_pages_of_its_tree(tmp_path):
    """What Zensical would do with our plugin (ignore it) or any renderer that skips pages."""
    tree = generate(tmp_path / "tree", SiteOptions(year=2026))
    site = tmp_path / "site"
    (site / "assets/conferral").mkdir(parents=True)
    (site / "assets/conferral/site.json").write_bytes((tree.root / "assets/conferral/site.json").read_bytes())
    (site / "index.html").write_text("<p>only the home page</p>")
    with pytest.raises(ValueError, match=r"pages of .* were not rendered"):
        finish(site, tree.root)
    assert not (site / "sw.js").exists()
    with pytest.raises(ValueError, match="no assets/conferral/site.json"):
        finish(tmp_path / "tree" / "judges")


def test_the_generator_runs_without_mkdocs_from_the_command_line(tmp_path, capsys):
    from conferral_site.__main__ import main

    out = tmp_path / "es"
    assert main(["generate", "--lang", "es", "--out", str(out), "--docs", str(ROOT / "docs"),
                 "--year", "2026", "--no-calculator"]) == 0
    assert (out / "judges" / "cand-spero.md").is_file() and (out / "index.md").is_file()
    assert '"lang": "es"' in (out / "assets/conferral/site.json").read_text(encoding="utf-8")
    assert main(["finish", str(out), "--tree", str(out)]) == 1  # not rendered yet: refused, said why
    assert "were not rendered" in capsys.readouterr().err


@pytest.mark.parametrize("root", ["", "es/"])
def test_the_service_worker_keeps_only_the_small_shared_files_at_install(site, root):
    """A glob's `*` stays within a folder: never Pyodide's engine, never another language's search stemmer."""
    worker = (site / root / "sw.js").read_text(encoding="utf-8")
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", worker, re.S).group(1))
    routes = json.loads((site / root / "assets/conferral/site.json").read_text(encoding="utf-8"))["routes"]
    assert {routes["checker"], routes["styles"], "assets/conferral/site.json", "api/judges.json",
            "search/search_index.json"} <= set(shell)
    assert not [f for f in shell if "/pyodide/" in f or "/wheels/" in f or "/zones/" in f]
    lunr = sorted(f.rsplit("/", 1)[1] for f in shell if "/lunr/" in f)
    assert lunr == ([] if root == "" else ["lunr.es.min.js", "lunr.stemmer.support.min.js"])
