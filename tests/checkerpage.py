"""Helpers for end-to-end tests that use a judge page's checker."""


def open_checker(page, selector):
    """A judge page's checker is built when it comes near the screen: scroll to it, as a reader would."""
    section = page.locator(selector)
    section.scroll_into_view_if_needed()
    return section
