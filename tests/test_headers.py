"""The headers file as the two documented hosts read it: every file of the built site gets exactly one
value of each header, the same on Cloudflare Pages (matching rules' headers inherited and joined
with a comma) and on Netlify (the later matching rule's value replaces the earlier one)."""

import json
import re

import pytest

from conferral_core.messages import LANGUAGES
from conferral_site.compress import is_copy
from conferral_site.headers import CSP, EMBED_CSP, KEEP, MAX_RULES, REVALIDATE, headers_file, parse, resolve, site_files

HOSTS = ("cloudflare", "netlify")
# The test's own list of files named by their content (site.json must say the same); page/: the
# checker script and our style sheet.
VERSIONED = ("assets/conferral/pyodide/", "assets/conferral/wheels/", "assets/conferral/zones/", "assets/conferral/docx/",
             "assets/conferral/page/", "assets/javascripts/bundle.", "assets/javascripts/workers/", "assets/stylesheets/")
# The calculator's worker script, named by a digest of its content (it carries the engine's manifest).
WORKER = re.compile(r"assets/conferral/worker\.[0-9a-f]{12}\.mjs")


def test_the_two_hosts_merge_rules_as_documented():
    """The model itself: overlapping rules are what broke the widget on Cloudflare Pages."""
    overlapping = parse("/*\n  Content-Security-Policy: a\n/embed/*\n  Content-Security-Policy: b\n")
    assert resolve(overlapping, "/embed/", "cloudflare")["Content-Security-Policy"] == "a, b"
    assert resolve(overlapping, "/embed/", "netlify")["Content-Security-Policy"] == "b"


def expected(path):
    first, _, rest = path.partition("/")
    language_root = rest if first in LANGUAGES[1:] else path  # the same rules under /<lang>/
    embed = language_root.split("/", 1)[0] == "embed"
    keep = language_root.startswith(VERSIONED) or WORKER.fullmatch(language_root) is not None
    out = {"Content-Security-Policy": (f"{EMBED_CSP}; frame-ancestors *" if embed else f"{CSP}; frame-ancestors 'self'"),
           "Cache-Control": KEEP if keep else REVALIDATE, "X-Content-Type-Options": "nosniff"}
    if language_root.split("/", 1)[0] in ("embed", "assets", "api"):
        out["Access-Control-Allow-Origin"] = "*"
    if path.endswith(".wasm"):
        out["Content-Type"] = "application/wasm"
    if path.endswith(".mjs"):
        out["Content-Type"] = "text/javascript"
    return out


@pytest.mark.parametrize("host", HOSTS)
def test_every_file_of_the_site_gets_exactly_one_value_of_each_header_on_each_host(site, host):
    rules = parse((site / "_headers").read_text(encoding="utf-8"))
    assert len(rules) <= MAX_RULES
    every = set(site_files(site))
    # Not the precompressed copies: a host that serves them sends one under its original's address.
    files = [f for f in sorted(every) if f != "_headers" and not is_copy(f, every)]
    assert any(f.startswith("es/") for f in files) and len(files) > 500
    assert len(every) > len(files) + 50
    for path in files:
        urls = ["/" + path] + (["/" + path[: -len("index.html")]] if path.endswith("index.html") else [])
        for url in urls:
            got = resolve(rules, url, host)
            want = expected(path)
            assert {k: got.get(k) for k in want} == want, (host, url)


def test_both_hosts_agree_on_every_path(site):
    rules = parse((site / "_headers").read_text(encoding="utf-8"))
    for path in site_files(site):
        assert resolve(rules, "/" + path, "cloudflare") == resolve(rules, "/" + path, "netlify"), path


def test_a_page_no_rule_knows_still_carries_its_policy(site):
    rules = parse((site / "_headers").read_text(encoding="utf-8"))
    assert "Content-Security-Policy" not in resolve(rules, "/no-such-page/")  # only the site-wide headers
    page = (site / "404.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page.replace("&#39;", "'")
    widget = (site / "embed" / "index.html").read_text(encoding="utf-8")
    assert EMBED_CSP in widget.replace("&#39;", "'")


def test_the_file_says_why_it_has_no_overlaps():
    text = headers_file([("/*", {"X-Content-Type-Options": "nosniff"})])
    assert "exactly one value" in text


@pytest.mark.parametrize("root", ["", "es/"])
def test_the_service_worker_and_the_headers_keep_the_same_files_for_good(site, root):
    """One list (site.json's "immutable"), read by the headers and written into sw.js."""
    described = json.loads((site / root / "assets/conferral/site.json").read_text(encoding="utf-8"))
    worker_script = described["routes"]["worker"]
    assert WORKER.fullmatch(worker_script)
    assert sorted(described["immutable"]) == sorted([*VERSIONED, worker_script])
    worker = (site / root / "sw.js").read_text(encoding="utf-8")
    listed = json.loads(re.search(r"const IMMUTABLE = (\[.*?\]);", worker).group(1))
    assert listed == described["immutable"]
    assert not (site / root / "assets/conferral/wheels/wheels.json").exists()  # no fixed name among versioned ones
