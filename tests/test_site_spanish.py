"""The Spanish site (/es/): every page has its twin in both languages, with the right `lang`,
a language switch that keeps you on the same page, Material's own Spanish interface, the
courts' words quoted in English beside a marked translation, and the same dates as English."""

import re
from collections import Counter

import pytest

from sitebuild import TEST_SITE_URL

TIME = re.compile(r'<time datetime="([^"]+)"')
SWITCH = re.compile(r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)" data-conferral-alternate>')


def pages(root):
    """Page paths (directory URLs) of one language's site."""
    skip = ("es", "assets", "search", "api")
    return {p.relative_to(root).as_posix() for p in root.rglob("index.html")
            if p.relative_to(root).parts[0] not in skip or root.name == "es"}


def test_every_page_has_a_twin_in_the_other_language(site):
    english = {p for p in pages(site) if not p.startswith("es/")}
    spanish = pages(site / "es")
    assert len(english) > 30
    assert english == spanish


def test_lang_attribute_and_switch_lead_to_the_same_page(site):
    for lang, root, other in (("en", site, "es"), ("es", site / "es", "en")):
        for path in pages(root):
            if path.startswith("embed/"):
                continue  # the widget: see its own test
            page = root / path
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, path
            switch = SWITCH.findall(html)
            assert len(switch) == 1, path
            href, hreflang, link_lang = switch[0]
            assert hreflang == link_lang == other
            target = (page.parent / href / "index.html").resolve()
            twin = (site / path) if lang == "es" else (site / "es" / path)
            assert target == twin.resolve(), f"{path}: switch goes to {href}"


def test_sitemaps_name_both_languages(site):
    english = (site / "sitemap.xml").read_text(encoding="utf-8")
    spanish = (site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    for sitemap in (english, spanish):
        assert f'hreflang="es" href="{TEST_SITE_URL}es/judges/caed-claire/"' in sitemap
        assert f'hreflang="en" href="{TEST_SITE_URL}judges/caed-claire/"' in sitemap


def test_material_speaks_spanish_on_spanish_pages(site):
    html = (site / "es" / "judges" / "caed-claire" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Búsqueda"' in html and 'role="dialog" aria-label="Búsqueda"' in html
    assert 'placeholder="Search"' in (site / "judges" / "caed-claire" / "index.html").read_text(encoding="utf-8")


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_spanish_judge_page_states_the_limits_in_spanish(site):
    html = (site / "es" / "judges" / "caed-claire" / "index.html").read_text(encoding="utf-8")
    page = visible(html)
    for fact in ("2 páginas", "12 puntos", "24 horas", "acorders@caed.uscourts.gov", "Qué hacer primero",
                 "Última revisión", "información, no asesoría legal", "la jueza Claire"):
        assert fact in page, fact
    # The courts' words stay in English, marked as English, with a translation marked as such.
    assert '<p lang="en">“At least 24 hours before the telephonic conference' in html
    assert "Traducción, no es el texto oficial:" in page
    assert 'href="../../glossary/"' in html


def test_spanish_holidays_and_retired_judge(site):
    holidays = visible((site / "es" / "holidays" / "caed" / "2027" / "index.html").read_text(encoding="utf-8"))
    assert "Día de César Chávez" in holidays and "Solo plazos que se cuentan hacia adelante" in holidays
    newman = visible((site / "es" / "judges" / "caed-newman" / "index.html").read_text(encoding="utf-8"))
    assert "Jubilado" in newman and "se jubiló el mié 7 de feb de 2024" in newman


@pytest.mark.parametrize("path", ["examples", "judges/caed-claire", "judges/cand-spero", "judges/caed-mcauliffe",
                                  "judges/caed-newman", "holidays/caed/2027", "courts/cand"])
def test_spanish_pages_show_the_same_dates(site, path):
    english = Counter(TIME.findall((site / path / "index.html").read_text(encoding="utf-8")))
    spanish = Counter(TIME.findall((site / "es" / path / "index.html").read_text(encoding="utf-8")))
    assert english and english == spanish


def test_widget_speaks_the_language_of_its_folder(site):
    widget = (site / "es" / "embed" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in widget and "Calculadora de plazos" in widget
    assert '<link rel="alternate" hreflang="en" href="../../embed/" data-conferral-alternate>' in widget
    english = (site / "embed" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="es" href="../es/embed/" data-conferral-alternate>' in english


def test_checker_strings_ship_in_every_language(site):
    for root in (site, site / "es"):
        for lang in ("en", "es"):
            assert (root / "assets" / "conferral" / f"strings.{lang}.json").is_file()


def test_glossary_is_bilingual_in_both_sites(site):
    for path, terms in ((site / "glossary", ("meet and confer", "reunirse y conversar", "pro se", "sanctions")),
                        (site / "es" / "glossary", ("reunirse y conversar", "meet and confer", "sanciones"))):
        page = visible((path / "index.html").read_text(encoding="utf-8"))
        for term in terms:
            assert term in page, (path, term)
