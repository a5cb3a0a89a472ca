"""Helpers for end-to-end tests that use a judge page's checker."""


def open_checker(page, selector):
    """A judge page's checker is built when it comes near the screen: scroll to it, as a reader would."""
    section = page.locator(selector)
    section.scroll_into_view_if_needed()
    return section


def results(section):
    """The deadline results of a checker section, once the calculator has answered."""
    box = section.locator(".cf-procedure-checker > .cf-results")
    box.locator(".cf-result, .cf-problem, .cf-ok").first.wait_for()
    return box.inner_text()
