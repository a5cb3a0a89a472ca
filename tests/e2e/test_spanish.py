"""The Spanish site end to end: a Spanish reader fills the same forms by their Spanish labels
and gets the same dates as in English, in Spanish; links and widgets take lang=es; the
language switch keeps the page; and the Spanish pages pass the accessibility checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axecheck import violations
from checkerpage import open_checker, results

from conferral_core import api




def spanish(judge, procedure, events, **extra):
    request = {"kind": "deadlines", "judge": judge, "procedure": procedure, "events": events, **extra}
    english, answer = api.handle(request), api.handle({**request, "lang": "es"})
    assert [d["due"] for d in english["deadlines"]] == [d["due"] for d in answer["deadlines"]]
    return answer


def test_claire_in_spanish_by_keyboard(page):
    page.goto("es/judges/caed-claire/")
    assert page.locator("html").get_attribute("lang") == "es"
    section = open_checker(page, "#checker-informal-conference")
    request = section.get_by_label("Día en que pide la conferencia")
    request.fill("2026-11-30")
    request.press("Tab")
    conference = section.get_by_label("Fecha y hora de la conferencia telefónica")
    conference.fill("2026-12-08T10:00")
    conference.press("Enter")
    text = results(section)
    want = spanish("caed-claire", "informal-conference", {"request": "2026-11-30", "conference": "2026-12-08T10:00"})
    letter = want["deadlines"][0]
    assert f"Enviar la carta conjunta {letter['due_text']}" in text
    assert letter["due_text"] == "lunes 7 de diciembre de 2026, 10:00 a. m."
    assert "Fechas que ofrecer para la llamada jueves 3 de diciembre de 2026 a lunes 14 de diciembre de 2026" in text
    assert section.locator('time[datetime="2026-12-07T10:00"]').count() == 1
    section.get_by_text("Cómo se contó, y la fuente").first.click()
    quote = section.locator(".cf-result blockquote p[lang=en]").first
    assert quote.inner_text().startswith("“At least 24 hours before")  # the court's words, in English
    assert "Traducción, no es el texto oficial:" in section.locator(".cf-result .cf-translation").first.inner_text()


def test_mcauliffe_in_spanish_with_service_by_mail(page):
    page.goto("es/judges/caed-mcauliffe/")
    section = open_checker(page, "#checker-ordered-conferral")
    section.get_by_label("Fecha de la orden").fill("2017-10-30")
    section.get_by_label("Día en que se notificó la orden").fill("2017-10-30")
    section.get_by_label("¿Cómo le entregaron los papeles?").select_option("mail")
    section.get_by_label("Día de la reunión para conversar (meet and confer)").fill("2017-11-16")
    section.get_by_role("button", name="Contar mis plazos").click()
    text = results(section)
    assert "Presentar la Declaración Conjunta (7 días después de la reunión) viernes 24 de noviembre de 2017" in text
    later = spanish("caed-mcauliffe", "ordered-conferral", {"order": "2017-10-30", "service": "2017-10-30",
                                                            "conference": "2017-11-16"}, service="mail")
    assert "lunes 27 de noviembre de 2017" in later["deadlines"][1]["later"]["text"]
    assert later["deadlines"][1]["later"]["text"] in text
    assert "El primero es el viernes 24 de noviembre de 2017" in text


def test_spanish_deep_link_ics_and_find_my_judge(page):
    page.goto("es/checker/?judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10:00")
    section = page.locator("section.cf-checker")
    assert "Enviar la carta conjunta lunes 7 de diciembre de 2026, 10:00 a. m." in results(section)
    with page.expect_download() as info:
        section.get_by_role("button", name="Agregar al calendario (.ics)").click()
    content = Path(info.value.path()).read_bytes().decode("utf-8")
    link = page.url.split("checker/")[0] + "checker/#judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10%3A00"
    want = api.handle({"kind": "ics", "judge": "caed-claire", "procedure": "informal-conference",
                       "events": {"conference": "2026-12-08T10:00"}, "lang": "es", "link": link})["content"]
    stamp = re.compile(r"DTSTAMP:\d{8}T\d{6}Z")  # the moment each file was made
    assert stamp.sub("", content) == stamp.sub("", want)
    assert "DTSTART:20261207T180000Z\r\n" in content and "Vence:" in content
    finder = page.get_by_label("Su número de caso")
    finder.fill("2:17-cv-1666-KJN")
    finder.press("Enter")
    page.get_by_role("button", name="Elegir: Kendall J. Newman").click()
    page.get_by_label("Fecha de la audiencia").wait_for()


def test_lang_es_in_an_english_link_opens_the_spanish_page_with_the_same_settings(page):
    page.goto("checker/?lang=es&judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01")
    # The reader's values travel in the fragment, never the query (nothing reaches the server).
    page.wait_for_url(re.compile(r"/es/checker/#judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01$"))
    text = results(page.locator("section.cf-checker"))
    assert "Los abogados principales del juicio se reúnen en persona viernes 11 de diciembre de 2026" in text
    page.goto("es/checker/?lang=en&judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01")
    page.wait_for_url(re.compile(r"/checker/#judge=cand-spero"))
    assert "/es/" not in page.url
    assert "Lead trial counsel meet in person Fri Dec 11, 2026" in results(page.locator("section.cf-checker"))


def test_an_unknown_language_is_named_gently(page):
    page.goto("checker/?lang=fr&judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01")
    notice = page.locator(".cf-checker [role=alert]").first
    notice.wait_for()
    assert 'not available in the language "fr"' in notice.inner_text()
    assert "Fri Dec 11, 2026" in results(page.locator("section.cf-checker"))


def test_the_language_switch_keeps_the_page(page):
    page.goto("judges/caed-newman/#lr251")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r"/es/judges/caed-newman/$"))
    assert page.locator("h1").inner_text().startswith("Juez Kendall J. Newman")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/judges/caed-newman/$"))
    assert "/es/" not in page.url


def test_the_widget_takes_lang_es(page):
    page.goto("embed/?lang=es&judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01")
    page.wait_for_url(re.compile(r"/es/embed/#judge=cand-spero"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert "viernes 11 de diciembre de 2026" in results(page.locator("section.cf-checker"))


@pytest.mark.parametrize("path", ["es/", "es/judges/", "es/judges/caed-claire/", "es/judges/caed-newman/",
                                  "es/judges/cand-spero/", "es/courts/caed/", "es/holidays/cand/2027/",
                                  "es/sources/claire-informal-conferences/", "es/examples/", "es/counting/",
                                  "es/glossary/", "glossary/", "es/checker/", "es/embed/", "es/embed-this/"])
def test_no_violations_on_spanish_page(axe_page, path):
    axe_page.goto(path)
    axe_page.wait_for_load_state("networkidle")
    assert violations(axe_page) == []


def test_no_violations_on_spanish_checker_results(axe_page):
    axe_page.goto("es/checker/?judge=caed-mcauliffe&procedure=ordered-conferral&order=2017-10-30&service=2017-10-30"
                  "&conference=2017-11-16")
    axe_page.locator(".cf-result time").first.wait_for()
    for details in axe_page.locator("section.cf-checker details").all():
        details.locator("summary").click()
    assert violations(axe_page) == []
