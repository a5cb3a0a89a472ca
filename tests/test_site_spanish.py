"""The Spanish site (/es/): every page has its twin in both languages, with the right `lang`,
a language switch that keeps you on the same page, Material's own Spanish interface, the
courts' words quoted in English beside a marked translation, and the same dates as English."""

import html as html_lib
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
                 "Última revisión", "información, no asesoría legal", "Claire limita"):
        assert fact in page, fact
    # The courts' words stay in English, marked as English, with a translation marked as such.
    assert '<p lang="en">“At least 24 hours before the telephonic conference' in html
    assert "Traducción, no es el texto oficial:" in page
    assert 'href="../../glossary/"' in html


def test_spanish_holidays_and_retired_judge(site):
    holidays = visible((site / "es" / "holidays" / "caed" / "2027" / "index.html").read_text(encoding="utf-8"))
    assert "Día de César Chávez" in holidays and "Solo plazos que se cuentan hacia adelante" in holidays
    newman = visible((site / "es" / "judges" / "caed-newman" / "index.html").read_text(encoding="utf-8"))
    assert "Jubilado" in newman and "se jubiló el miércoles 7 de febrero de 2024" in newman


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


def spanish_words(html):
    """The page's visible text in Spanish: without the courts' own words, which stay in English
    (marked lang="en"), and without scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    while True:  # innermost lang="en" elements first (they do not nest here, but be safe)
        shorter = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>(?:(?!<\1\b).)*?</\1>', " ", html, flags=re.S)
        if shorter == html:
            return html_lib.unescape(visible(html))
        html = shorter


@pytest.mark.parametrize("path", ["counting", "about", "glossary", "courts/caed", "judges/cand-corley",
                                  "judges/cand-wilken", "judges/caed-claire"])
def test_spanish_pages_leave_no_english_interface_words(site, path):
    page = spanish_words((site / "es" / path / "index.html").read_text(encoding="utf-8"))
    for english in ("Permanent link", "quoted in", "as quoted", "Seen in", "No court source we found", "para. "):
        assert english not in page, (path, english)


def test_spanish_404_and_case_number_letters_are_spanish(site):
    from conferral_core.messages import catalog

    assert f"<h1>{catalog('es').text('page', '404.title')}</h1>" in (site / "es" / "404.html").read_text(encoding="utf-8")
    caed = spanish_words((site / "es" / "courts" / "caed" / "index.html").read_text(encoding="utf-8"))
    assert "Aparece en casos de hábeas corpus" in caed


def test_spanish_dates_are_written_in_full(site):
    shown = re.compile(r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>')
    for path in ("judges/caed-claire", "holidays/caed/2027", "examples"):
        spanish = shown.findall((site / "es" / path / "index.html").read_text(encoding="utf-8"))
        english = shown.findall((site / path / "index.html").read_text(encoding="utf-8"))
        assert spanish and english
        for iso, text in spanish:
            assert re.fullmatch(r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d{1,2} de "
                                r"(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
                                r"|diciembre) de \d{4}", text), (path, iso, text)
        for iso, text in english:
            assert re.fullmatch(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2}, \d{4}", text), (path, iso, text)


# ---- "la jueza": how the court refers to each judge --------------------------------------------

def judges_by_form():
    from conferral_core import rules

    out = {"she": [], "he": [], "unknown": []}
    for judge in rules.judges().values():
        out[judge.form].append(judge)
    return out


def surname(judge):
    return re.sub(r",? Jr\.?$", "", judge.name).split()[-1]


def test_some_judges_of_each_form_of_address():
    forms = judges_by_form()
    assert {"cand-kim", "cand-laporte"} <= {j.id for j in forms["she"]}
    assert {"caed-newman", "caed-seng"} <= {j.id for j in forms["he"]}
    assert "caed-claire" in {j.id for j in forms["unknown"]}  # no court source found: never a guess


def h1(html):
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    return html_lib.unescape(visible(re.sub(r"<a class=\"headerlink\".*?</a>", "", heading))).strip()


def judge_page(site, judge, lang="es"):
    root = site / "es" if lang == "es" else site
    return (root / "judges" / judge.id / "index.html").read_text(encoding="utf-8")


def test_every_spanish_page_of_a_woman_judge_says_jueza(site):
    for judge in judges_by_form()["she"]:
        html = judge_page(site, judge)
        assert h1(html) == f"Jueza {judge.name}", judge.id
        page = spanish_words(html)
        for wrong in (f"el juez {surname(judge)}", f"del juez {surname(judge)}", f"al juez {surname(judge)}",
                      f"Juez {judge.name}", "este juez"):
            assert wrong not in page, (judge.id, wrong)


def test_judges_with_no_source_for_their_form_of_address_get_neutral_words(site):
    for judge in judges_by_form()["unknown"]:
        html = judge_page(site, judge)
        assert h1(html) == judge.name, judge.id
        page = spanish_words(html)
        for title in ("juez", "jueza", "Juez", "Jueza"):
            assert f"{title} {surname(judge)}" not in page and f"{title} {judge.name}" not in page, (judge.id, title)
        assert "Cargo: " in page  # the office, not a guess at the person


def test_men_judges_and_english_pages_keep_their_titles(site):
    for judge in judges_by_form()["he"]:
        assert h1(judge_page(site, judge)) == f"Juez {judge.name}"
    for forms in judges_by_form().values():
        for judge in forms:
            assert h1(judge_page(site, judge, "en")) == f"Judge {judge.name}"


def test_the_spanish_judge_list_reads_well(site):
    page = spanish_words((site / "es" / "judges" / "index.html").read_text(encoding="utf-8"))
    assert "Jueza Sallie Kim" in page and "Juez Kendall J. Newman" in page
    assert "Juez Allison Claire" not in page and "Jueza Allison Claire" not in page and "Allison Claire" in page
    assert "Jubilada el viernes 25 de octubre de 2019" in page  # Laporte
