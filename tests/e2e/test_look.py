"""The look: page titles in the text colour with AA contrast in both colour schemes, and notes
with an info icon, not Material's pencil (which reads as an "edit" button)."""

from __future__ import annotations

import re

import pytest

# The colours a page paints, as numbers; the contrast ratio of WCAG 2.1.
COLOURS = """(selector) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const h1 = document.querySelector(selector);
  let back = null;
  for (let el = h1; el && !back; el = el.parentElement) {
    const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
    if (a > 0) back = [r, g, b];
  }
  const [r, g, b, a = 1] = rgb(getComputedStyle(h1).color);
  const fg = [r, g, b].map((c, i) => c * a + (back || [255, 255, 255])[i] * (1 - a));  // over its background
  const lum = (c) => { const [R, G, B] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * R + 0.7152 * G + 0.0722 * B; };
  const [l1, l2] = [lum(fg), lum(back || [255, 255, 255])].sort((x, y) => y - x);
  return { contrast: (l1 + 0.05) / (l2 + 0.05), text: getComputedStyle(document.querySelector('.md-typeset p')).color,
           colour: getComputedStyle(h1).color, weight: getComputedStyle(h1).fontWeight };
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["", "es/judges/caed-claire/", "sources/"])
def test_page_titles_are_in_the_text_colour_with_aa_contrast(page, path, scheme):
    page.goto(path)
    page.evaluate("(scheme) => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    seen = page.evaluate(COLOURS, ".md-typeset h1")
    assert seen["contrast"] >= 4.5, seen
    assert seen["colour"] == seen["text"], seen  # the text colour, not Material's light grey
    assert int(seen["weight"]) >= 600, seen


def test_notes_have_the_info_icon_not_a_pencil(page, site):
    css = next((site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    pencil = re.search(r"--md-admonition-icon--note:url\(\"[^\"]*<path d='([^']+)'", css).group(1)
    page.goto("")  # the home page's note: "This is information, not legal advice"
    icons = page.evaluate("""() => {
      const mask = (el) => { const s = getComputedStyle(el, '::before'); return s.maskImage || s.webkitMaskImage; };
      const probe = document.createElement('div');
      probe.className = 'admonition info';
      probe.innerHTML = '<p class="admonition-title">x</p>';
      document.querySelector('.md-typeset').append(probe);
      return { note: mask(document.querySelector('.admonition.note > .admonition-title')),
               info: mask(probe.querySelector('.admonition-title')) };
    }""")
    assert icons["note"].startswith('url("data:image/svg+xml') and icons["note"] == icons["info"], icons
    assert pencil[:40] not in icons["note"]  # not Material's pencil; a data: image, so no request either
