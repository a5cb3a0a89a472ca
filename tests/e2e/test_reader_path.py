"""A first-time reader's whole path, played as people play it, in English and Spanish, on a
phone (390 px) and a desktop (1280 px): from a case number to dates they can print, share and
trust. Every expected date and sentence comes from the core's own answer or catalog, never
from this file.

1. A case number on the home page -> the judge's page -> a hearing deadline -> print (the
   printed PDF holds the reader's dates, no example) -> copy the link -> a fresh browser
   opens the same dates.
2. A chain from the first event alone (Judge Spero: the demand), marked as the latest case.
3. An 11-point letter is rejected wherever a letter limit is 12-point type.
4. Keyboard only, from the top of a judge page to a result (the Tab presses are printed).
5. A case number typed into the site search leads to Find my judge, not to a case order.
6. Every sanity warning: a deadline already past, a meeting before the demand, a hearing on a
   Saturday and on a court holiday, an impossible date in a link.
"""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

import pypdf
import pytest
from checkerpage import open_checker, results
from fpdf import FPDF
from playwright.sync_api import expect

from conferral_core import api
from conferral_core.messages import catalog

# Material's search results: the words each marks as matched and the query terms it lists as missing.
RESULTS = """() => [...document.querySelectorAll('.md-search-result__list article')].map(a => ({
  marked: [...a.querySelectorAll('mark')].map(m => m.textContent.toLowerCase()),
  missing: [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent.toLowerCase())}))"""

LANGS = ["en", "es"]
WIDTHS = [390, 1280]
CASES = [pytest.param(lang, width, id=f"{lang}-{width}px") for lang in LANGS for width in WIDTHS]


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def say(lang: str, key: str, **params) -> str:
    """A browser string of the site, from the catalog the page uses."""
    text = catalog(lang).section("checker")[key]
    return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m.group(1), m.group(0))), text)


def ask(lang: str, **request):
    answer = api.handle({"lang": lang, **request})
    assert "error" not in answer, answer
    return answer


def deadlines(lang: str, judge: str, procedure: str, events: dict, **extra):
    return ask(lang, kind="deadlines", judge=judge, procedure=procedure, events=events, **extra)


@pytest.fixture
def sized(context):
    """A page of the test's browser context at the test's width."""

    def make(width: int):
        p = context.pages[0] if context.pages else context.new_page()
        p.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
        return p

    return make


def court_only_judge() -> dict:
    """An active E.D. Cal. judge with no rules of their own: the court's L.R. 251 applies."""
    judges = ask("en", kind="judges")["judges"]
    return next(j for j in judges if j["court"] == "caed" and not j["own_rules"] and j["status"]["value"] == "active")


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---- 1. case number -> judge page -> hearing deadline -> print -> link -> fresh browser -----

@pytest.mark.parametrize("lang,width", CASES)
def test_case_number_to_printed_and_shared_dates(browser, server, context, page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    judge = court_only_judge()
    page.goto(prefix(lang))
    box = page.locator("section.cf-checker[data-find]")
    box.get_by_label(say(lang, "find.label")).fill(f"1:24-cv-00123-{judge['initials']}")
    box.get_by_role("button", name=say(lang, "find.submit")).click()
    box.get_by_role("link", name=say(lang, "find.judge", name=judge["name"])).click()
    page.wait_for_url(re.compile(f"judges/{judge['id']}/$"))

    section = open_checker(page, "#checker-lr251")
    hearing = "2027-03-03"
    section.locator("input[name=hearing]").fill(hearing)
    section.locator("button[type=submit]").first.click()
    text = results(section)
    want = deadlines(lang, judge["id"], "lr251", {"hearing": hearing})
    statement = next(d for d in want["deadlines"] if d["id"] == "joint-statement")
    assert statement["safe_due_text"] in text
    hearing_text = want["entered"][0]["text"]
    assert hearing_text in text

    pdf = squash(pdf_text(page.pdf()))
    assert statement["title"] in pdf and statement["safe_due_text"] in pdf, pdf
    assert hearing_text in pdf and judge["name"] in pdf
    assert catalog(lang).text("page", "example.tag") not in pdf  # no worked example in their place
    assert statement["source"]["quote"][:40] in pdf  # the source is printed with the date

    section.get_by_role("button", name=say(lang, "action.link")).click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(server.url) and f"hearing={hearing}" in link and "procedure=lr251" in link
    fresh = browser.new_context(viewport={"width": width, "height": 844})
    try:
        other = fresh.new_page()
        other.goto(link)
        again = other.locator("section#checker-lr251 .cf-yours")
        again.wait_for(timeout=90_000)
        assert statement["safe_due_text"] in again.inner_text()
        assert other.evaluate("document.activeElement.classList.contains('cf-yours-title')")
    finally:
        fresh.close()


# ---- 2. the chain from the demand alone ----------------------------------------------------

@pytest.mark.parametrize("lang,width", CASES)
def test_spero_chain_from_the_demand_alone(page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{prefix(lang)}judges/cand-spero/")
    section = open_checker(page, "#checker-discovery-dispute")
    section.locator("input[name=demand]").fill("2027-01-04")
    section.locator("button[type=submit]").first.click()
    results(section)
    want = deadlines(lang, "cand-spero", "discovery-dispute", {"demand": "2027-01-04"})
    assumed = [d for d in want["deadlines"] if d.get("assumed")]
    assert assumed, "the core assumes the meeting on its last allowed day"
    items = section.locator(".cf-yours li.cf-result")
    texts = [squash(t) for t in items.all_inner_texts()]
    for d in want["deadlines"]:
        shown = next(t for t in texts if d["title"] in t)
        assert d["safe_due_text"] in shown
        if d.get("assumed"):
            assert say(lang, "result.latest") in shown and squash(d["assumed"]["text"]) in shown
    letter = next(d for d in assumed if d["id"] == "joint-letter")
    assert letter["safe_due"] == "2027-01-19"  # meeting Thu Jan 14 at the latest, then 5 days


# ---- 3. an 11-point letter where the limit is 12-point type --------------------------------

def eleven_point_letter() -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_margins(25.4, 25.4)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Joint letter re discovery dispute. " * 12)
    return bytes(pdf.output())


def twelve_point_procedures() -> list[tuple[str, str]]:
    """One judge per procedure whose letter limits include 12-point type, from the core's data."""
    out: dict[tuple[str, str], str] = {}
    for j in ask("en", kind="judges")["judges"]:
        for p in ask("en", kind="judge", judge=j["id"])["judge"]["procedures"]:
            fonts = [r for r in p["requirements"] if r["kind"] == "font" and r["current"]]
            if p["letter_check"] and fonts:
                out.setdefault((p["owner"], p["id"]), j["id"])
    return sorted((judge, proc) for (owner, proc), judge in out.items())


@pytest.mark.parametrize("lang,width", CASES)
def test_an_11_point_letter_is_rejected_wherever_the_limit_is_12_points(page, tmp_path, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(eleven_point_letter())
    targets = twelve_point_procedures()
    assert targets, "some procedure sets 12-point type"
    for judge, procedure in targets:
        page.goto(f"{prefix(lang)}judges/{judge}/")
        section = open_checker(page, f"#checker-{procedure}")
        check = section.locator("details.cf-subcheck").filter(has=page.locator("input[type=file]"))
        check.locator("summary").click()
        check.locator("input[type=file]").set_input_files(str(letter))
        check.locator("button[type=submit]").click()
        check.locator(".cf-findings").wait_for()
        found = check.locator(".cf-findings").inner_text()
        want = ask(lang, kind="letter", judge=judge, procedure=procedure,
                   pdf=__import__("base64").b64encode(letter.read_bytes()).decode())
        assert not want["ok"], want
        problem = next(f["message"] for f in want["findings"] if f["level"] in ("error", "problem"))
        assert problem in found, (judge, procedure, found)


# ---- 4. keyboard only ----------------------------------------------------------------------

@pytest.mark.parametrize("lang,width", CASES)
def test_keyboard_only_from_the_top_of_a_judge_page_to_a_result(page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{prefix(lang)}judges/cand-spero/")
    presses = 0
    while presses < 80:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.classList.contains('cf-skip')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('cf-skip')"), "no skip link"
    page.keyboard.press("Enter")
    presses_to_skip = presses
    page.locator("#checker-discovery-dispute input[name=demand]").wait_for()
    while presses < 120:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.name") == "demand":
            break
    assert page.evaluate("document.activeElement.name") == "demand"
    page.keyboard.type("01042027")  # a date field takes the digits in the locale's order
    page.keyboard.press("Enter")
    text = results(page.locator("#checker-discovery-dispute"))
    want = deadlines(lang, "cand-spero", "discovery-dispute", {"demand": "2027-01-04"})
    assert want["deadlines"][0]["safe_due_text"] in text
    print(f"\n[{lang} {width}px] Tab presses: {presses_to_skip} to the skip link, {presses} to the first date field")
    assert presses <= 12


# ---- 5. the site search and a case number --------------------------------------------------

@pytest.mark.parametrize("lang,width", CASES)
def test_a_case_number_in_the_site_search_leads_to_find_my_judge(page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(prefix(lang))
    case = "2:17-cv-1666-KJN"
    if width < 600:
        page.locator("label.md-header__button[for=__search]").click()
    search = page.locator("input[data-md-component=search-query]")
    search.fill(case)
    search.press("End")  # Material searches on keyup
    first = page.locator("[data-md-component=search-result] a").first
    first.wait_for()
    assert "checker/#case=" in first.get_attribute("href")
    # Material's own results, once counted: none matched on "cv" (a result that lists the query
    # terms it misses lists "cv"; a page shown only for its sections lists none of its own).
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d"))
    found = page.evaluate(RESULTS)
    assert found
    for result in found:
        assert "cv" not in result["marked"], result
        if result["missing"]:
            assert "cv" in result["missing"], result
    first.click()
    page.wait_for_url(re.compile(r"checker/#case="))
    found = page.locator(".cf-find-section .cf-results")
    want = ask(lang, kind="find-judge", case_number=case)
    found.get_by_text(want["text"]).wait_for()
    assert say(lang, "find.judge", name=want["judges"][0]["name"]) in found.inner_text()


# ---- 6. sanity warnings --------------------------------------------------------------------

def warning_texts(section) -> str:
    section.locator(".cf-yours, .cf-error:not(:empty)").first.wait_for()
    return squash(section.inner_text())


@pytest.mark.parametrize("lang,width", CASES)
def test_each_sanity_warning(page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.clock.set_fixed_time("2027-02-01T10:00:00")
    base = f"{prefix(lang)}judges/cand-spero/#procedure=discovery-dispute"
    today = "2027-02-01"

    def shown(events: dict) -> tuple[str, dict]:
        page.goto("about:blank")
        page.goto(base + "".join(f"&{k}={quote(v)}" for k, v in events.items()))
        section = page.locator("#checker-discovery-dispute")
        return warning_texts(section), deadlines(lang, "cand-spero", "discovery-dispute", events, today=today)

    text, want = shown({"demand": "2027-01-04"})  # every deadline from it is past on Feb 1
    past = [w for d in want["deadlines"] for w in d["warnings"] if w["id"] == "past"]
    assert past and all(squash(w["text"]) in text for w in past)

    text, want = shown({"demand": "2027-03-04", "meeting": "2027-03-01"})
    order = [w for w in want["warnings"] if w["id"] == "event-order"]
    assert order and squash(order[0]["text"]) in text

    text, want = shown({"demand": "2027-03-01", "hearing": "2027-03-06"})  # a Saturday
    weekend = [w for w in want["warnings"] if w["id"] == "not-court-day"]
    assert weekend and squash(weekend[0]["text"]) in text

    text, want = shown({"demand": "2027-03-01", "hearing": "2027-05-31"})  # Memorial Day
    holiday = [w for w in want["warnings"] if w["id"] == "not-court-day"]
    assert holiday and squash(holiday[0]["text"]) in text

    page.goto("about:blank")
    page.goto(base + "&demand=2027-03-01&hearing=2027-02-30")
    section = page.locator("#checker-discovery-dispute")
    error = section.locator("input[name=hearing] ~ .cf-error")
    error.wait_for()
    refused = api.handle({"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute", "lang": lang,
                          "events": {"demand": "2027-03-01", "hearing": "2027-02-30"}})
    assert refused["error"]["message"] in error.inner_text() and "2027-02-30" in error.inner_text()
    assert section.locator("input[name=hearing]").get_attribute("aria-invalid") == "true"

    page.goto("about:blank")
    page.goto(f"{prefix(lang)}judges/cand-spero/#procedure=no-such-thing&demand=2027-03-01")
    named = page.locator("p.cf-problem[role=alert]")
    named.wait_for()
    assert named.inner_text() == say(lang, "error.no-such-procedure", procedure="no-such-thing")
