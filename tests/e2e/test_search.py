"""Material's search box and case numbers: a case number typed into it puts "Find the judge for
case …" first (a link to the checker's Find my judge with the number in the fragment, which Enter
follows), and no result is there for the case type ("cv") alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

CASE = "2:17-cv-1666-KJN"
QUERY_TERMS = {"2", "17", "cv", "1666", "kjn"}  # what Material's query makes of CASE

# Every result Material shows (a page, or a section of one), with its score, the words it marks
# as matched and the query terms it lists as missing (when it lists them).
RESULTS = """() => [...document.querySelectorAll('.md-search-result__list article')].map(a => ({
  href: a.closest('a').getAttribute('href'), title: a.querySelector('h1, h2').textContent.trim(),
  score: Number(a.getAttribute('data-md-score')),
  marked: [...a.querySelectorAll('mark')].map(m => m.textContent.toLowerCase()),
  missing: [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent.toLowerCase())}))"""


def search(page, query, phone=False):
    if phone:
        page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    return page.locator("[data-md-component=search-result]")


def wait_for_material(page):
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"\d"))
    return page.evaluate(RESULTS)


@pytest.mark.parametrize("prefix, label, phone", [("", "Find the judge for case", False),
                                                  ("es/", "Busque al juez del caso", True)])
def test_a_case_number_gets_find_my_judge_first_and_nothing_for_cv_alone(page, prefix, label, phone):
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
    page.goto(prefix + "judges/")
    results = search(page, CASE, phone)
    first = results.locator("a[href]").first
    expect(first).to_have_text(f"{label} {CASE}")
    href = first.get_attribute("href")
    assert href.endswith("/" + prefix + "checker/#case=2%3A17-cv-1666-KJN"), href
    found = wait_for_material(page)
    assert found, "Material found nothing"
    assert results.locator("a[href]").first.get_attribute("href") == href  # still first once Material answered
    # The order from that very case ranks first; no result is there for "cv" (the word is not indexed).
    assert found[0]["href"].endswith("sources/wagnon-v-rocklin-2022/"), found[0]
    for result in found:
        assert "cv" not in result["marked"], result
        if result["missing"]:
            assert "cv" in result["missing"], result
            assert set(result["missing"]) != QUERY_TERMS - {"cv"}, result  # matched on "cv" alone
        if result["score"] > 0:  # a page listed only for its matching sections has no terms of its own
            assert result["marked"], result
    # Enter opens the first result: Find my judge, with the case number.
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(re.compile(re.escape(prefix + "checker/#case=2%3A17-cv-1666-KJN") + "$"))


def test_other_queries_get_no_case_link_and_every_form_of_the_core_does(page):
    page.goto("")
    results = search(page, "meet and confer")
    wait_for_material(page)
    expect(results.locator(".cf-search-case")).to_have_count(0)
    box = page.locator("input.md-search__input")
    for query, encoded in (("CIV S-10-0912 LKK GGH", "CIV%20S-10-0912%20LKK%20GGH"),
                           (" 3:15-cv-01953-JST (LB) ", "3%3A15-cv-01953-JST%20(LB)")):
        box.fill(query)
        box.press("End")
        link = results.locator(".cf-search-case a")
        expect(link).to_have_attribute("href", re.compile(re.escape("checker/#case=" + encoded) + "$"))
    box.fill("cv-1666")
    box.press("End")
    expect(results.locator(".cf-search-case")).to_have_count(0)
