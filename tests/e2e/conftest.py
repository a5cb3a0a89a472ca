"""End-to-end fixtures: the built site on a local server, Debian's Chromium driven by
Playwright, and a page that fails its test on any console error or any request that leaves
the site's own origin."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from axecheck import AXE
from conferral_site.headers import from_site
from conferral_site.serve import StaticServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
BOOT_TIMEOUT_MS = 90_000
# A Content-Security-Policy violation becomes a console error, which fails the test.
REPORT_CSP = """document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`));"""  # Pyodide's first start on a loaded 2-core machine


@pytest.fixture(scope="session")
def server(site):
    """The site as a host following our recommended headers (_headers) serves it: strict CSP."""
    with StaticServer(site, headers_for=from_site(site)) as s:
        yield s


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: `make test` installs it (apt-get install chromium).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Every request and console problem of one browser context."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.problems: list[str] = []

    def request(self, request) -> None:
        url = request.url
        self.requests.append(url)
        if not url.startswith((self.origin, "blob:", "data:")):
            self.problems.append(f"request to another origin: {url}")

    def console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")


@pytest.fixture
def watch(server):
    return Watch(server.url)


@pytest.fixture
def context(browser, server, watch):
    ctx = browser.new_context(base_url=server.url, accept_downloads=True)
    ctx.set_default_timeout(BOOT_TIMEOUT_MS)
    ctx.add_init_script(REPORT_CSP)
    ctx.on("request", watch.request)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, watch):
    p = context.new_page()
    p.on("console", watch.console)
    p.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    p.on("worker", lambda worker: worker.on("console", watch.console))
    yield p
    assert watch.problems == []


@pytest.fixture
def axe_page(browser, server, watch):
    """A page that may inject axe-core. Injecting a script is what the site's CSP forbids, so
    this context bypasses CSP; every other end-to-end test runs under the strict CSP."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: `make test` installs it with `npm ci`.")
    ctx = browser.new_context(base_url=server.url, bypass_csp=True)
    ctx.set_default_timeout(BOOT_TIMEOUT_MS)
    page = ctx.new_page()
    page.on("console", watch.console)
    yield page
    ctx.close()
    assert watch.problems == []
