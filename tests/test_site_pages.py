"""Page generation without MkDocs: conferral_site.pages turns the API's answers into files."""

import pytest

from conferral_site import SiteOptions, build_site
from conferral_site.markup import render
from conferral_site.pages import first_steps, page_dir, read_examples, relative
from conferral_core import api
from conferral_core.messages import catalog


@pytest.mark.parametrize("src, target, expected", [
    ("judges/caed-claire.md", "sources/frcp-6/#p-2", "../../sources/frcp-6/#p-2"),
    ("judges/index.md", "judges/caed-claire/", "caed-claire/"),
    ("index.md", "judges/caed-claire/", "judges/caed-claire/"),
    ("holidays/caed/2026.md", "holidays/caed/2027/", "../2027/"),
    ("judges/index.md", "api/judges.json", "../api/judges.json"),
    ("courts/caed.md", "courts/caed/#x", "#x"),
])
def test_relative_links(src, target, expected):
    assert relative(src, target) == expected


def test_page_dirs():
    assert [page_dir(s) for s in ("index.md", "judges/index.md", "judges/caed-claire.md")] == \
        ["", "judges/", "judges/caed-claire/"]


def test_first_steps_are_three_to_five_sentences_from_the_data():
    for summary in api.handle({"kind": "judges"})["judges"]:
        judge = api.handle({"kind": "judge", "judge": summary["id"]})["judge"]
        steps = first_steps(catalog("en"), judge)
        assert 3 <= len(steps) <= 5, (summary["id"], steps)
    newman = api.handle({"kind": "judge", "judge": "caed-newman"})["judge"]
    assert "retired on Wed Feb 7, 2024" in first_steps(catalog("en"), newman)[0]


def test_build_site_returns_every_file():
    files = build_site(SiteOptions(year=2026))
    uris = {f.src_uri for f in files}
    assert {"judges/caed-claire.md", "courts/cand.md", "holidays/cand/2028.md", "sources/frcp-6.md",
            "examples/index.md", "api/judges.json", "api/judges/cand-spero.json"} <= uris
    pages = [f for f in files if f.src_uri.endswith(".md")]
    assert all("\ngenerated: true\n---\n" in f.content for f in pages)


def test_judge_page_escapes_data_and_its_headings_make_the_table_of_contents():
    files = {f.src_uri: f for f in build_site(SiteOptions(year=2026, examples=False))}
    spero = files["judges/cand-spero.md"].content
    assert spero.startswith("---\ntitle: \"Judge Joseph C. Spero: meet and confer")
    assert "\n## Discovery dispute: in-person meeting of lead trial counsel, then a joint letter" in spero
    html, toc = render(spero.split("\n---\n", 1)[1], "Permanent link")
    assert '<h2 id="discovery-dispute">Discovery dispute: in-person meeting of lead trial counsel, then a joint letter' in html
    assert "&#34;JCS&#39;s Chambers&#34;" in html  # data is HTML-escaped
    assert "<script" not in html
    assert [t["id"] for t in toc] == ["title"]
    assert [t["id"] for t in toc[0]["children"]][:2] == ["first", "discovery-dispute"]
    assert [t["id"] for t in toc[0]["children"][1]["children"]] == [
        "discovery-dispute-steps", "discovery-dispute-deadlines", "discovery-dispute-requirements",
        "discovery-dispute-versions",  # Spero's page limit changed in 2012 and 2016
        "calculator-discovery-dispute"]  # the calculator, in the table of contents


def test_examples_are_the_cores_read_through_its_api():
    for lang in ("en", "es"):
        answer = api.handle({"kind": "examples", "lang": lang})["examples"]
        read = read_examples(lang)
        assert [e["id"] for e in read] == [e["id"] for e in answer]
        for ex, got in zip(read, answer):
            assert (ex["title"], ex["why"], ex["result"]) == (got["title"], got["why"], got["answer"])
            req = got["request"]
            assert (ex["judge"], ex["procedure"], ex["events"], ex["service"], ex["conditions"]) == (
                req["judge"], req["procedure"], req["events"], req.get("service"), req.get("conditions", []))
            judge = api.handle({"kind": "judge", "judge": req["judge"], "lang": lang})["judge"]
            procedure = next(p for p in judge["procedures"] if p["id"] == req["procedure"])
            assert ex["labels"] == {e["id"]: e["label"] for e in procedure["events"]}


def test_a_site_without_examples_has_no_examples_page():
    uris = {f.src_uri for f in build_site(SiteOptions(year=2026, examples=False))}
    assert "examples/index.md" not in uris and "judges/caed-claire.md" in uris




def test_a_large_site_is_made_on_every_core_with_the_same_files():
    """In a fresh, single-threaded interpreter (as `mkdocs build` is: in_parallel never forks a
    process that runs other threads, and this test process may, after the browser tests)."""
    import subprocess
    import sys

    code = """
from conferral_site import SiteOptions, build_site, pages
pages.PARALLEL_FROM = 10**9
serial = build_site(SiteOptions(year=2026))
pages.PARALLEL_FROM = 2  # every list goes to the forked processes
forked = []
real = pages.multiprocessing.get_context
pages.multiprocessing.get_context = lambda method: forked.append(method) or real(method)
parallel = build_site(SiteOptions(year=2026))
assert forked == ["fork"], forked
assert [f.src_uri for f in parallel] == [f.src_uri for f in serial]
assert all(a.content == b.content for a, b in zip(parallel, serial))
print("same", len(parallel))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("same ")
