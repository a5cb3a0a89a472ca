"""A missing page: the server answers 404 with the site's own page in the path's language, which
passes the accessibility checks and leads on (here: to Find my judge)."""

from __future__ import annotations

import pytest
from axecheck import violations


def expect_the_pages_own_404(watch):
    """Chromium reports the 404 status of the page itself as a console error: that one, once, is expected."""
    expected = "console error: Failed to load resource: the server responded with a status of 404 (File not found)"
    assert watch.problems.count(expected) == 1, watch.problems
    watch.problems.remove(expected)


@pytest.mark.parametrize("path, link, lands", [("judges/no-such-judge/", "Find my judge from a case number", "checker/"),
                                                ("es/jueces/nadie/", "La lista de jueces", "es/judges/")])
def test_a_missing_page_answers_404_with_a_way_on(page, server, watch, path, link, lands):
    response = page.goto(path)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    expect_the_pages_own_404(watch)
    assert page.locator("h1").first.inner_text() in ("Page not found", "No se encontró la página")
    page.get_by_role("link", name=link).click()
    page.wait_for_url(server.url + lands)


@pytest.mark.parametrize("path", ["no-such-page/", "es/no-such-page/"])
def test_the_404_page_has_no_accessibility_violations(axe_page, watch, path):
    axe_page.goto(path)
    axe_page.wait_for_load_state("networkidle")
    expect_the_pages_own_404(watch)
    assert violations(axe_page) == []
