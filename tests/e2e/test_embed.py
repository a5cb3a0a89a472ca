"""The widget inside a sandboxed iframe on another origin's page: it computes, it tells the
host its height, and it cannot touch the host page."""

from __future__ import annotations

import pytest

from conferral_site.pages import EMBED_ALLOW, EMBED_SANDBOX
from conferral_site.serve import StaticServer

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Court self-help (host)</title><link rel="icon" href="data:,">
<script src="{site}assets/conferral/embed.js" defer></script></head>
<body><h1>Court self-help</h1>
<iframe data-conferral title="Deadline checker"
  src="{site}embed/?judge=caed-claire&procedure=informal-conference&host={host}"
  sandbox="{sandbox}" allow="{allow}" loading="lazy" width="100%" height="300"></iframe>
<script>
window.__resizes = [];
addEventListener("message", (e) => {{
  if (e.data && e.data.type === "conferral:resize") window.__resizes.push([e.origin, e.data.height]);
}});
</script></body></html>"""


@pytest.fixture
def host(tmp_path, server):
    page_file = tmp_path / "index.html"
    with StaticServer(tmp_path) as host_server:
        page_file.write_text(HOST_PAGE.format(site=server.url, host=host_server.url.rstrip("/"),
                                              sandbox=EMBED_SANDBOX, allow=EMBED_ALLOW))
        yield host_server


def test_widget_in_a_cross_origin_sandboxed_iframe(browser, server, host):
    context = browser.new_context()
    context.set_default_timeout(90_000)
    problems: list[str] = []
    context.on("request", lambda r: problems.append(r.url) if not r.url.startswith(
        (server.url, host.url, "blob:", "data:")) else None)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(host.url)
    frame = page.frame_locator("iframe[data-conferral]")
    conference = frame.get_by_label("Date and time of the phone conference")
    conference.fill("2026-12-08T10:00")
    frame.get_by_role("button", name="Count my deadlines").click()
    frame.locator(".cf-result time").first.wait_for()
    assert "Mon Dec 7, 2026 at 10:00 a.m." in frame.locator(".cf-procedure-checker > .cf-results").inner_text()
    # The host heard from the widget, from an opaque origin, and the iframe took that height.
    page.wait_for_function("window.__resizes.length > 0")
    origins = {origin for origin, _ in page.evaluate("window.__resizes")}
    assert origins == {"null"}
    last_height = page.evaluate("window.__resizes[window.__resizes.length - 1][1]")
    page.wait_for_function(f"document.querySelector('iframe').style.height === '{last_height}px'")
    # The widget cannot reach into the host page.
    widget = next(f for f in page.frames if f.url.startswith(server.url))
    assert widget.evaluate("() => self.origin") == "null"
    blocked = widget.evaluate("() => { try { return window.parent.document.title; } catch (e) { return e.name; } }")
    assert blocked == "SecurityError"
    assert problems == []
    context.close()


def test_embed_page_headers(server):
    import json
    import urllib.request

    with urllib.request.urlopen(server.url + "embed/") as response:
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors *" in csp and "worker-src 'self' blob:" in csp
    with urllib.request.urlopen(server.url + "judges/caed-claire/") as response:
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    with urllib.request.urlopen(server.url + "assets/conferral/site.json") as response:
        worker = json.load(response)["routes"]["worker"]
    with urllib.request.urlopen(server.url + worker) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_widget_names_its_judge_and_procedure_and_copies_a_link_to_the_public_page(browser, server, host):
    """With the snippet's own sandbox and allow attributes: the widget says whose rules it counts,
    links to that judge's page (a new tab, outside the sandbox), and "Copy link" works."""
    from conferral_core import api

    context = browser.new_context()
    context.set_default_timeout(90_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(host.url)
    frame = page.frame_locator("iframe[data-conferral]")
    judge = api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]
    procedure = next(p for p in judge["procedures"] if p["id"] == "informal-conference")
    named = frame.locator(".cf-picked > .cf-for")
    named.wait_for()
    assert named.inner_text() == f"Judge {judge['name']} — {procedure['title']}"
    link = named.get_by_role("link")
    assert link.get_attribute("href") == f"{server.url}judges/caed-claire/" and link.get_attribute("target") == "_blank"
    frame.get_by_label("Date and time of the phone conference").fill("2026-12-08T10:00")
    frame.get_by_role("button", name="Count my deadlines").click()
    frame.locator(".cf-yours").wait_for()
    frame.get_by_role("button", name="Copy link to these dates").click()
    frame.get_by_text("Link copied.", exact=False).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    # The public checker page, never the widget's own address (and never the host's setting).
    assert copied == f"{server.url}checker/#judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10%3A00"
    with page.expect_popup() as opened:
        link.click()
    assert opened.value.url == f"{server.url}judges/caed-claire/"
    context.close()
