"""The widget inside a sandboxed iframe on another origin's page: it computes, it tells the
host its height, and it cannot touch the host page."""

from __future__ import annotations

import pytest

from conferral_site.serve import StaticServer

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Court self-help (host)</title><link rel="icon" href="data:,">
<script src="{site}assets/conferral/embed.js" defer></script></head>
<body><h1>Court self-help</h1>
<iframe data-conferral title="Deadline checker"
  src="{site}embed/?judge=caed-claire&procedure=informal-conference&host={host}"
  sandbox="allow-scripts allow-downloads" loading="lazy" width="100%" height="300"></iframe>
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
        page_file.write_text(HOST_PAGE.format(site=server.url, host=host_server.url.rstrip("/")))
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
    import urllib.request

    with urllib.request.urlopen(server.url + "embed/") as response:
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors *" in csp and "worker-src 'self' blob:" in csp
    with urllib.request.urlopen(server.url + "judges/caed-claire/") as response:
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    with urllib.request.urlopen(server.url + "assets/conferral/worker.mjs") as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
