"""The letter builder's page, as built (both languages): it reads sensibly with JavaScript off,
lists exactly the judges and procedures whose rules name a document (the core's `document`
answer), each judge page leads to it, and the Word-file writer ships self-hosted under its
version, kept out of what the service worker stores at install."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conferral_core import api
from conferral_core.messages import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parent.parent


class Text(HTMLParser):
    """A page's text as a reader without JavaScript sees it (noscript included; scripts not)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip, self.links = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", " ".join(self.parts))


def folder(site, lang):
    return site if lang == "en" else site / lang


def documents(lang):
    out = []
    for j in api.handle({"kind": "judges", "lang": lang})["judges"]:
        for p in api.handle({"kind": "judge", "judge": j["id"], "lang": lang})["judge"]["procedures"]:
            answer = api.handle({"kind": "document", "judge": j["id"], "procedure": p["id"], "lang": lang})
            if "error" not in answer:
                out.append((j["id"], p["id"], answer))
            else:
                assert answer["error"]["code"] == "no-document", answer
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builder_page_reads_sensibly_without_javascript(site, lang):
    html = (folder(site, lang) / "letter" / "index.html").read_text(encoding="utf-8")
    page = Text()
    page.feed(html)
    words = catalog(lang).section("page")
    for key in ("letter.lede", "letter.step-parts", "letter.step-check", "letter.step-export", "letter.step-private"):
        assert words[key] in page.text, key
    assert f'<html lang="{lang}"' in html
    assert "<noscript>" in html and words["letter.noscript"].split("<a ")[0].strip() in page.text
    # Every procedure that names a document is listed, with a link to its judge's page (which exists).
    found = documents(lang)
    assert len(found) >= 20
    listed = re.findall(r'<li data-judge="([^"]+)" data-procedure="([^"]+)"><a href="([^"]+)"', html)
    assert sorted((j, p) for j, p, _ in listed) == sorted((j, p) for j, p, _ in found)
    for judge, procedure, href in listed:
        assert href == f"../judges/{judge}/#{procedure}"
        assert (folder(site, lang) / "judges" / judge / "index.html").is_file()
    # The builder has a place to mount, and the page a twin in the other language.
    assert 'data-builder' in html and "hreflang=" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_judge_page_links_to_the_builder_for_its_documents_only(site, lang):
    for judge, procedure, answer in documents(lang)[:12]:
        html = (folder(site, lang) / "judges" / judge / "index.html").read_text(encoding="utf-8")
        link = f'href="../../letter/#judge={judge}&amp;procedure={procedure}"'
        assert html.count(link) == 1, (judge, procedure)
        assert f'{link}>{answer["title"]}</a>' in html
    spero = (folder(site, lang) / "judges" / "cand-spero" / "index.html").read_text(encoding="utf-8")
    assert "procedure=civil-lr-37" not in spero  # N.D. Cal. L.R. 37 names no document to write


def test_the_word_writer_ships_self_hosted_and_loads_only_when_asked(site):
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["docx"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)  # an exact version, never a range
    for lang in LANGUAGES:
        about = json.loads((folder(site, lang) / "assets/conferral/site.json").read_text(encoding="utf-8"))
        path = about["routes"]["docx"]
        assert path == f"assets/conferral/docx/{pinned}/docx.mjs"
        module = (folder(site, lang) / path).read_text(encoding="utf-8")
        assert "export {" in module and "Packer" in module
        assert not re.search(r"^\s*import\s", module, re.M)  # one file: nothing else to fetch
        assert "assets/conferral/docx/" in about["immutable"]
        sw = (folder(site, lang) / "sw.js").read_text(encoding="utf-8")
        shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", sw).group(1))
        assert "assets/conferral/letter.mjs" in shell and not any("docx" in p for p in shell)
        # No page loads it: letter.mjs imports it only when a reader asks for a Word file.
        assert "docx" not in (folder(site, lang) / "letter" / "index.html").read_text(encoding="utf-8")
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "/assets/conferral/docx/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" in headers
