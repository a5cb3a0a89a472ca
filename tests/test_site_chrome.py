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

