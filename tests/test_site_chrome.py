"""The site's chrome: its public address as a setting (canonical links, sitemaps, embed snippets),
the 404 page with a way on, the look (titles, note icons), the home page's case-number box, and
what Material's search indexes of a case number."""

import gzip
import html as html_module
import re
from pathlib import Path

import pytest

from conferral_site.pages import PLACEHOLDER_SITE_URL, SiteDataError, SiteOptions, public_address
from sitebuild import TEST_SITE_URL

ROOT = Path(__file__).resolve().parent.parent
LANGS = (("en", ""), ("es", "es/"))


# The public address -----------------------------------------------------------------------------

def test_the_public_address_is_named_by_canonical_links_sitemaps_and_snippets(site):
    for _, prefix in LANGS:
        folder = site / prefix
        html = (folder / "judges" / "caed-claire" / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{TEST_SITE_URL}{prefix}judges/caed-claire/">' in html
        for sitemap in ((folder / "sitemap.xml").read_text(encoding="utf-8"),
                        gzip.decompress((folder / "sitemap.xml.gz").read_bytes()).decode("utf-8")):
            locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
            assert len(locs) > 100 and all(loc.startswith(TEST_SITE_URL + prefix) for loc in locs), prefix
            alternates = re.findall(r'hreflang="(\w+)" href="([^"]+)"', sitemap)
            assert {lang for lang, _ in alternates} == {"en", "es"}
            assert all(href.startswith(TEST_SITE_URL) for _, href in alternates)
        embed = html_module.unescape((folder / "embed-this" / "index.html").read_text(encoding="utf-8"))
        assert f'src="{TEST_SITE_URL}embed/#' in embed
        assert f"{TEST_SITE_URL}assets/conferral/embed.js" in embed


def test_no_file_of_the_site_names_the_local_server(site):
    named = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.suffix in (".html", ".xml", ".json", ".js", ".mjs", ".txt", ".css") and p.is_file()
             and ("127.0.0.1" in p.read_text(encoding="utf-8", errors="replace")
                  or "localhost:" in p.read_text(encoding="utf-8", errors="replace"))]
    assert named == []


def test_without_the_setting_the_address_is_the_documented_placeholder(monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.delenv("CONFERRAL_SITE_URL", raising=False)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.site_url == PLACEHOLDER_SITE_URL == SiteOptions(year=2026).site_url
    assert PLACEHOLDER_SITE_URL.endswith(".example/")  # a reserved name: plainly not configured, still valid
    assert "CONFERRAL_SITE_URL" in (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.setenv("CONFERRAL_SITE_URL", "https://judges.example.org/conferral")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://judges.example.org/conferral/"


@pytest.mark.parametrize("bad", ["127.0.0.1:8000/", "ftp://conferral.example/", "https://conferral.example/x?y=1",
                                 "https:///", "https://conferral.example/\"onload", "https://conferral.example"])
def test_a_public_address_that_is_not_one_is_refused(bad):
    with pytest.raises(SiteDataError, match="CONFERRAL_SITE_URL"):
        public_address(bad)
    assert public_address("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/"  # a local build may name itself


# The 404 page ------------------------------------------------------------------------------------

WAY_ON = {"en": ("Page not found", "Search", ["/judges/", "/checker/", "/"]),
          "es": ("No se encontró la página", "búsqueda", ["/es/judges/", "/es/checker/", "/es/"])}


@pytest.mark.parametrize("lang, prefix", LANGS)
def test_the_404_page_says_what_happened_and_shows_a_way_on(site, lang, prefix):
    page = (site / prefix / "404.html").read_text(encoding="utf-8")
    title, search_word, links = WAY_ON[lang]
    assert f'<html lang="{lang}"' in page
    assert f"<title>{title} - Conferral</title>" in page and f"<h1>{title}</h1>" in page
    assert "404 - Not found" not in page
    body = page[page.index("<h1>"):page.index("</article>")]
    assert search_word in body  # the search hint
    assert re.findall(r'<li><a href="([^"]+)">', body) == links  # judges, Find my judge, home: from any depth
    assert 'http-equiv="Content-Security-Policy"' in page


# The look ----------------------------------------------------------------------------------------

def test_no_page_has_an_edit_this_page_link(site):
    """Material shows "Edit this page" (a pencil by the title) when repo_url/edit_uri are set: not here."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert not config.repo_url and not config.edit_uri
    pages = list(site.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for sign in ("md-content__button", 'rel="edit"', "Edit this page", "Editar esta página", "View source of this page"):
            assert sign not in html, (page.relative_to(site).as_posix(), sign)


def test_the_look_block_is_one_block_at_the_end_of_our_stylesheet():
    css = (ROOT / "site_plugins/conferral_site/assets/conferral.css").read_text(encoding="utf-8")
    block = css[css.index("/* ==== Site chrome:"):]
    for rule in (".md-typeset h1 { color: var(--md-default-fg-color); font-weight: 700; }",
                 ":root { --md-admonition-icon--note: var(--md-admonition-icon--info); }", ".cf-search-case a {"):
        assert rule in block
    assert "url(" not in block and "@import" not in block  # nothing fetched


# The home page's case-number box ------------------------------------------------------------------

BOX = re.compile(r'<section aria-label="([^"]+)" class="cf-checker" data-find="data-find">\s*'
                 r'<p class="cf-checker__placeholder">(.*?)</p>\s*</section>', re.S)


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize("lang, prefix", LANGS)
def test_the_home_page_has_the_find_my_judge_box_after_its_lede_with_a_fallback(site, lang, prefix):
    from conferral_core.messages import catalog

    html = (site / prefix / "index.html").read_text(encoding="utf-8")
    boxes = BOX.findall(html)
    assert len(boxes) == 1, "one box, rendered as the page wrote it"
    label, fallback = boxes[0]
    assert label == catalog(lang).text("checker", "find.title")  # the box's own name (Find my judge)
    assert '<a href="judges/">' in fallback and "2:17-cv-1666-KJN" in fallback  # works with JavaScript off
    assert re.search(r"<h1[^>]*>.*?</h1>\s*<p>[^<]*(?:<(?:strong|em)>[^<]*</(?:strong|em)>[^<]*)*</p>\s*<section aria-label",
                     html, re.S), "right after the h1 and the lede"
    # Search: the fallback says what the "Find your judge" section says, and only that section is
    # indexed (data-search-exclude; Material then drops the attribute); the rest of the page is.
    index = json_of(site / prefix / "search" / "search_index.json")
    home = " ".join(doc["text"] for doc in index["docs"] if doc["location"].split("#")[0] == "")
    assert visible(fallback)[-30:] not in visible(home)  # its own last words ("Look them up in the list …")
    after = visible(html[html.index("</section>", html.index('class="cf-checker"')):])[:40]
    assert after in visible(home), "what follows the box is still indexed"
    assert home.count("2:17-cv-1666-KJN") == 1  # in "Find your judge" only


# Search and case numbers --------------------------------------------------------------------------

# Case numbers as the site's documents write them (a test's own reading, checked against the core's).
WRITTEN_CASE_NUMBER = re.compile(r"\b(?:\d{1,2}:)?\d{2,4}-[A-Za-z]{2,4}-\d{1,7}(?:[- ][A-Z]{2,4}\b)*")


def index_words(text, separator):
    return [word.lower() for word in re.split(separator, re.sub(r"<[^>]+>", " ", text)) if word]


def test_a_case_number_is_indexed_as_its_serial_number_and_initials(site):
    from conferral_core import api
    from conferral_core.cases import initials_in
    from conferral_site import material

    titles = [s["title"] for s in api.handle({"kind": "sources"})["sources"]]
    numbers = {n for title in titles for n in WRITTEN_CASE_NUMBER.findall(title)}
    assert len(numbers) > 80
    for number in numbers:
        initials = initials_in(number)
        assert initials is not None, number  # the core reads it as a case number
        serial = re.search(r"-(\d+)", number.split("-", 1)[1]).group(1)
        assert index_words(number, material.search_separator()) == [serial.lower(), *map(str.lower, initials)], number
    for _, prefix in LANGS:
        index = json_of(site / prefix / "search" / "search_index.json")
        assert index["config"]["separator"] == material.search_separator()
        words = {w for doc in index["docs"] for w in index_words(doc["title"] + " " + doc["text"],
                                                                index["config"]["separator"])}
        assert len(words) > 3000
        # Before, "cv" was a word of 152 of the index's 436 entries, "md" of 10.
        assert not words & {"cv", "cr", "md", "mc", "civ", "2:17", "17-cv"}, prefix
        assert {"1666", "kjn", "07305", "0912", "lkk"} <= words, prefix


def test_materials_own_separator_is_the_one_we_extend():
    import material as material_theme
    from conferral_core.messages import LANGUAGES
    from conferral_site import material

    languages = Path(material_theme.__file__).parent / "templates" / "partials" / "languages"
    for lang in LANGUAGES:
        said = re.search(r'"search\.config\.separator": "([^"]+)"', (languages / f"{lang}.html").read_text(encoding="utf-8"))
        assert (said.group(1).replace("\\\\", "\\") if said else material.MATERIAL_SEPARATOR) == material.MATERIAL_SEPARATOR, lang
    assert re.search(r'"search\.config\.separator": "\[\\\\s\\\\-\]\+"',
                     (languages / "en.html").read_text(encoding="utf-8"))


def test_the_search_script_reads_case_numbers_as_the_core_does(site):
    """The browser's RegExp, built from site.json's shapes as search.js builds it, says "case number"
    exactly where the core's parser does."""
    import json
    import subprocess

    from conferral_core import api
    from conferral_core.cases import initials_in

    samples = ["2:17-cv-1666-KJN", " 3:19-cv-04238-MMC ", "3:15-cv-01953-JST (LB)", "17-cv-07305-EJD (VKD)",
               "1:21-cv-01505 GSA (PC)", "CIV S-10-0912 LKK GGH", "civ. f-09-1234", "2 : 17 - cv - 1666 KJN",
               "2:17-cv-1666", "cv-1666", "2:17-cv", "KJN", "meet and confer", "2026-12-08", "1:06--CV-0205",
               "12-34-56", "2:17-c-1666-KJN", "2:17-cvxyz-1666", "2:17-cv-12345678"]
    shapes = api.vocabularies()["case_number"]
    site_json = json_of(site / "assets" / "conferral" / "site.json")
    assert site_json["vocabularies"]["case_number"] == shapes
    script = (site / "assets" / "conferral" / "material" / "search.js").read_text(encoding="utf-8")
    assert json.dumps(shapes, ensure_ascii=False) in script and "__CONFERRAL" not in script
    code = ("const shapes = JSON.parse(process.argv[1]).map((s) => new RegExp('^(?:' + s.pattern + ')$', s.flags));"
            "console.log(JSON.stringify(JSON.parse(process.argv[2]).map((v) => shapes.some((r) => r.test(v.trim())))));")
    out = subprocess.run(["node", "-e", code, json.dumps(shapes), json.dumps(samples)], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert json.loads(out) == [initials_in(s) is not None for s in samples]
    assert json.loads(out).count(True) >= 8
    # No shape, route or word of the core restated in the script itself.
    source = re.sub(r"^\s*//.*$", "", (ROOT / "site_plugins/conferral_site/assets/search.js").read_text(), flags=re.M)
    assert not re.search(r"\\d|cv|checker/|Find the judge", source)


def json_of(path):
    import json

    return json.loads(path.read_text(encoding="utf-8"))
