"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page type (with the
checker's results on screen), and the checker works with the keyboard alone."""

from __future__ import annotations

from axecheck import violations

from conferral_core import api
from checkerpage import open_checker

import pytest


@pytest.mark.parametrize("path", ["", "judges/", "judges/caed-claire/", "judges/caed-newman/", "judges/cand-spero/",
                                  "judges/caed-mcauliffe/", "courts/caed/", "courts/", "holidays/", "holidays/cand/2027/",
                                  "sources/", "sources/spero-standing-order-2010/", "examples/", "counting/", "about/",
                                  "checker/", "embed/", "embed-this/", "judges/caed-delaney/", "judges/cand-cisneros/",
                                  "judges/caed-de-alba/", "courts/cand/", "sources/roster-galipo-2026/"])
def test_no_violations_on_page(axe_page, path):
    axe_page.goto(path)
    axe_page.wait_for_load_state("networkidle")
    assert violations(axe_page) == []


def test_no_violations_with_checker_results_on_screen(axe_page):
    axe_page.goto("checker/?judge=caed-mcauliffe&procedure=ordered-conferral&order=2017-10-30&service=2017-10-30"
                  "&conference=2017-11-16")
    axe_page.locator(".cf-result time").first.wait_for()
    for details in axe_page.locator("section.cf-checker details").all():
        details.locator("summary").click()
    assert violations(axe_page) == []


def test_no_violations_on_a_judge_page_with_every_check_shown(axe_page):
    axe_page.goto("judges/caed-claire/")
    section = open_checker(axe_page, "#checker-informal-conference")
    section.get_by_label("Date and time of the phone conference").fill("2026-12-01T10:00")
    section.get_by_role("button", name="Count my deadlines").click()
    section.locator(".cf-result time").first.wait_for()
    section.get_by_text("Check how you conferred").click()
    section.get_by_label("By email").check()
    section.get_by_role("button", name="Check", exact=True).click()
    section.locator(".cf-findings").first.wait_for()
    procedures = api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]["procedures"]
    section.get_by_text(next(p for p in procedures if p["id"] == "informal-conference")["letter_check"]["title"]).click()
    section.get_by_label("Or paste the letter's text for an estimate").fill("Dear Judge Claire,\n\nWe met.")
    section.get_by_role("button", name="Check the letter").click()
    section.locator(".cf-findings").nth(1).wait_for()
    assert violations(axe_page) == []


def test_no_violations_on_the_widget_with_results_in_both_themes(axe_page):
    for theme in ("light", "dark"):
        axe_page.goto(f"embed/?judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01&theme={theme}")
        axe_page.locator(".cf-result time").first.wait_for()
        assert violations(axe_page) == [], theme


def focused(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.labels?.[0]?.textContent "
                         "|| document.activeElement.textContent || document.activeElement.tagName)")


def tab_to(page, label: str, limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page).strip().startswith(label):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {label}"
            return
    raise AssertionError(f"could not reach {label!r} with Tab")


def test_checker_by_keyboard_alone(page):
    page.goto("checker/")
    tab_to(page, "Your case number")
    page.keyboard.type("2:17-cv-1666-KJN")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Use Judge Kendall J. Newman").wait_for()
    tab_to(page, "Use Judge Kendall J. Newman")
    page.keyboard.press("Enter")
    page.get_by_label("Hearing date").wait_for()
    tab_to(page, "Day the motion is filed and served")
    page.keyboard.type("04082022")  # a date field takes the digits in order: month, day, year
    tab_to(page, "Hearing date")
    page.keyboard.type("05032022")
    page.keyboard.press("Enter")
    box = page.locator(".cf-procedure-checker > .cf-results")
    box.locator(".cf-result").first.wait_for()
    assert box.get_attribute("aria-live") == "polite"
    assert "File the Joint Statement re Discovery Disagreement Tue Apr 26, 2022" in box.inner_text()


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_no_violations_on_a_judge_page_with_the_readers_dates_and_warnings(axe_page, prefix):
    """Issue 13's result layout: the safe date first, the latest case, a sanity warning, the
    entered dates, the actions; and the letter check's limits opened."""
    axe_page.goto(f"{prefix}judges/cand-spero/#procedure=discovery-dispute&demand=2027-01-04&hearing=2027-03-06")
    axe_page.locator(".cf-yours .cf-result").first.wait_for()
    for details in axe_page.locator("section#checker-discovery-dispute details").all():
        details.locator("summary").click()
    assert violations(axe_page) == []


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_no_violations_on_the_home_page_with_a_judge_found(axe_page, prefix):
    axe_page.goto(prefix)
    box = axe_page.locator("section.cf-checker[data-find]")
    box.locator("input[name=case]").fill("2:17-cv-1666-KJN")
    box.locator("button[type=submit]").click()
    box.locator(".cf-results a").first.wait_for()
    assert violations(axe_page) == []
