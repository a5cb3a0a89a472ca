"""The in-browser checker, used as a person would: labels, keyboard, deep links, downloads."""

from __future__ import annotations

from checkerpage import open_checker, results

import base64
import json
import re
from pathlib import Path

from fpdf import FPDF

from conferral_core import api





def unstamped(content):
    """An .ics file without its DTSTAMP values (when it was made), to compare two files' contents."""
    return re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:-", content)


def letter_check_title(judge, procedure, lang="en"):
    """The name of a procedure's letter check: the core names the document it is for."""
    found = api.handle({"kind": "judge", "judge": judge, "lang": lang})["judge"]["procedures"]
    return next(p for p in found if p["id"] == procedure)["letter_check"]["title"]


def expected(judge, procedure, events, **extra):
    answer = api.handle({"kind": "deadlines", "judge": judge, "procedure": procedure, "events": events, **extra})
    return answer


def test_claire_informal_conference_by_keyboard(page):
    page.goto("judges/caed-claire/")
    section = open_checker(page, "#checker-informal-conference")
    request = section.get_by_label("Day you ask for the conference")
    request.fill("2026-11-30")
    request.press("Tab")
    conference = section.get_by_label("Date and time of the phone conference")
    conference.fill("2026-12-08T10:00")
    conference.press("Enter")  # submits the form, as a keyboard user would
    text = results(section)
    assert "Send the joint letter Mon Dec 7, 2026 at 10:00 a.m." in text
    assert "Dates to offer for the call Thu Dec 3, 2026 to Mon Dec 14, 2026" in text
    assert section.locator('time[datetime="2026-12-07T10:00"]').count() == 1


def test_spero_meeting_deadline(page):
    page.goto("judges/cand-spero/")
    section = open_checker(page, "#checker-discovery-dispute")
    section.get_by_label("Day a meeting was demanded").fill("2026-12-01")
    section.get_by_role("button", name="Count my deadlines").click()
    text = results(section)
    assert "Lead trial counsel meet in person Fri Dec 11, 2026" in text
    want = expected("cand-spero", "discovery-dispute", {"demand": "2026-12-01"})
    for m in want["missing"]:
        assert m["text"] in text


def test_mcauliffe_two_deadlines_and_service_by_mail(page):
    page.goto("judges/caed-mcauliffe/")
    section = open_checker(page, "#checker-ordered-conferral")
    section.get_by_label("Date of the order").fill("2017-10-30")
    section.get_by_label("Day the order was served").fill("2017-10-30")
    section.get_by_label("How was it served?").select_option("mail")
    section.get_by_label("Day of the meet-and-confer conference").fill("2017-11-16")
    section.get_by_role("button", name="Count my deadlines").click()
    text = results(section)
    # The safe date is the headline; the later reading is the explained note.
    assert "File the Joint Statement (7 days after the conference) Fri Nov 24, 2017" in text
    assert ("If Fri Nov 24, 2017 (Day after Thanksgiving) counts as a legal holiday, the deadline is later: "
            "Mon Nov 27, 2017. That reading is not settled. Use the safe date.") in text
    assert "File the Joint Statement (30 days after service of the order) Mon Dec 4, 2017" in text
    assert "The earliest is Fri Nov 24, 2017" in text


def test_newman_lr251_and_the_notice_check(page):
    page.goto("judges/caed-newman/")
    section = open_checker(page, "#checker-lr251")
    section.get_by_label("Day the motion is filed and served").fill("2022-04-08")
    section.get_by_label("Hearing date").fill("2022-05-03")
    section.get_by_role("button", name="Count my deadlines").click()
    text = results(section)
    assert "File the Joint Statement re Discovery Disagreement Tue Apr 26, 2022" in text
    assert "Met: The hearing is at least 21 days after the motion is filed and served (25 days)." in text


def test_a_bad_date_is_tied_to_its_field(page):
    page.goto("judges/caed-newman/")
    section = open_checker(page, "#checker-lr251")
    section.get_by_label("Hearing date").fill("2005-05-03")
    section.get_by_role("button", name="Count my deadlines").click()
    field = section.get_by_label("Hearing date")
    page.wait_for_function("el => el.getAttribute('aria-invalid') === 'true'", arg=field.element_handle())
    error_id = field.get_attribute("aria-describedby").split()[-1]
    assert "December 1, 2009" in page.locator(f"#{error_id}").inner_text()


def test_deep_link_computes_on_load_and_edits_update_the_address(page):
    page.goto("checker/?judge=caed-claire&procedure=informal-conference&request=2026-11-30&conference=2026-12-08T10:00")
    section = page.locator("section.cf-checker")
    assert "Send the joint letter Mon Dec 7, 2026 at 10:00 a.m." in results(section)
    conference = section.get_by_label("Date and time of the phone conference")
    conference.fill("2026-12-14T09:30")
    conference.press("Enter")
    page.wait_for_url(re.compile(r"conference=2026-12-14T09%3A30"))
    assert "Fri Dec 11, 2026 at 9:30 a.m." in section.locator(".cf-procedure-checker > .cf-results").inner_text()


def test_hostile_link_parameters_are_shown_as_text_never_as_markup(page):
    page.goto("checker/?judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10:00"
              "&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1")
    notice = page.locator(".cf-checker [role=alert]").first
    notice.wait_for()
    assert "<img src=x onerror=alert(1)>" in notice.inner_text()
    assert page.locator("section.cf-checker img").count() == 0
    page.goto("checker/?judge=%3Cb%3Ebold%3C%2Fb%3E")
    notice = page.locator(".cf-checker [role=alert]").first
    notice.wait_for()
    assert "<b>bold</b>" in notice.inner_text() and page.locator("section.cf-checker b").count() == 0


def test_add_to_calendar_downloads_an_ics_file(page):
    page.goto("checker/?judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10:00")
    section = page.locator("section.cf-checker")
    results(section)
    with page.expect_download() as info:
        section.get_by_role("button", name="Add to calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == "conferral-caed-claire-informal-conference-2026-12-07.ics"
    content = Path(download.path()).read_bytes().decode("utf-8")
    # The file links back to these dates, on the public checker page.
    link = page.url.split("checker/")[0] + "checker/#judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10%3A00"
    want = api.handle({"kind": "ics", "judge": "caed-claire", "procedure": "informal-conference",
                       "events": {"conference": "2026-12-08T10:00"}, "link": link})["content"]
    assert unstamped(content) == unstamped(want)  # DTSTAMP is the moment each file was made
    assert "BEGIN:VCALENDAR\r\n" in content and "DTSTART:20261207T180000Z\r\n" in content


def test_find_my_judge(page):
    page.goto("checker/")
    finder = page.get_by_label("Your case number")
    finder.fill("2:17-cv-1666-KJN")
    finder.press("Enter")
    link = page.get_by_role("link", name="Judge Kendall J. Newman")
    link.wait_for()
    page.get_by_role("button", name="Use Judge Kendall J. Newman").click()
    page.get_by_label("Hearing date").wait_for()
    finder.fill("3:15-cv-01953-JST (LB)")
    finder.press("Enter")
    page.get_by_text("JST, LB").wait_for()


def test_a_sacramento_case_number_leads_to_judge_delaney_and_local_rule_251(page):
    """A pro se plaintiff with 2:23-cv-01234-DAD-CKD: both judges found, Judge Delaney's page, and the
    court's L.R. 251 deadline counted there, with the note that these are the court's rules."""
    page.goto("checker/")
    finder = page.get_by_label("Your case number")
    finder.fill("2:23-cv-01234-DAD-CKD")
    finder.press("Enter")
    page.get_by_role("link", name="Judge Dale A. Drozd").wait_for()
    page.get_by_role("link", name="Judge Carolyn K. Delaney").click()
    page.wait_for_url("**/judges/caed-delaney/")
    assert "We have not found Judge Carolyn K. Delaney’s own discovery rules" in page.inner_text("body")
    section = open_checker(page, "#checker-lr251")
    section.get_by_label("Hearing date").fill("2027-02-03")
    section.get_by_role("button", name="Count my deadlines").click()
    text = results(section)
    assert "File the Joint Statement re Discovery Disagreement" in text and "Wed Jan 27, 2027" in text
    assert "These are the court’s rules, which every judge of the court follows." in \
        section.locator(".cf-results .cf-caveats").inner_text()


def test_unknown_initials_point_to_the_courts_rules(page):
    page.goto("checker/")
    finder = page.get_by_label("Your case number")
    finder.fill("2:23-cv-01234-ZZQ")
    finder.press("Enter")
    page.get_by_text("We know no judge of E.D. Cal. or N.D. Cal. with the initials ZZQ").wait_for()
    link = page.get_by_role("link", name="United States District Court for the Eastern District of California")
    assert link.get_attribute("href").endswith("/courts/caed/")


def long_letter() -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_margins(25.4, 25.4)
    pdf.set_font("Times", size=10)
    for i in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {i + 1}. " + "We met and conferred and could not agree. " * 50)
    return bytes(pdf.output())


def test_pdf_upload_of_a_too_long_letter(page, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(long_letter())
    page.goto("judges/caed-claire/")
    section = open_checker(page, "#checker-informal-conference")
    section.get_by_text(letter_check_title("caed-claire", "informal-conference")).click()
    section.get_by_label("Your letter as a PDF").set_input_files(str(path))
    section.get_by_role("button", name="Check the letter").click()
    findings = section.locator(".cf-findings")
    findings.wait_for()
    text = findings.inner_text()
    assert "The letter has 3 pages. The limit is 2 pages" in text
    assert "as small as 10 points" in text
    assert "Pages: 3 (limit: 2)." in section.locator(".cf-subcheck").nth(1).inner_text()


def test_conferral_check_for_newman(page):
    page.goto("judges/caed-newman/")
    section = open_checker(page, "#checker-lr251")
    section.get_by_text("Check how you conferred").click()
    section.get_by_label("By letter").check()
    section.get_by_label("By email").check()
    section.get_by_label("How many hours did you give the other side to respond? (optional)").fill("18")
    section.get_by_role("button", name="Check", exact=True).click()
    findings = section.locator(".cf-findings")
    findings.wait_for()
    text = findings.inner_text()
    assert "Conferring only by letter or by email is not enough." in text and "18 hours" in text


def test_the_csp_watch_catches_a_violation(page, watch):
    """The strict CSP is really sent, and a violation really fails a test: an inline script is
    blocked and reported (this test then clears the report it expected)."""
    page.goto("judges/caed-claire/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.append(s); }")
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("CSP violation: script-src" in p for p in watch.problems)
    watch.problems.clear()


def test_privacy_no_cookies_and_the_letter_is_not_stored(page, context, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(long_letter())
    page.goto("judges/caed-claire/")
    section = open_checker(page, "#checker-informal-conference")
    section.get_by_text(letter_check_title("caed-claire", "informal-conference")).click()
    section.get_by_label("Your letter as a PDF").set_input_files(str(path))
    section.get_by_role("button", name="Check the letter").click()
    section.locator(".cf-findings").wait_for()
    assert context.cookies() == []
    stored = page.evaluate("""async () => ({
      local: Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)),
      session: Object.keys(sessionStorage),
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await Promise.all((await caches.keys()).map(async (name) =>
        (await (await caches.open(name)).keys()).map((r) => r.url))),
    })""")
    assert stored["session"] == [] and stored["databases"] == []
    assert all("JVBER" not in item and "letter" not in item.lower() for item in stored["local"])
    assert all(".pdf" not in url and url.startswith(page.url.split("/judges/")[0]) for urls in stored["caches"]
               for url in urls)


def test_watchdog_stops_a_request_that_runs_too_long_and_restarts(page):
    page.goto("judges/caed-claire/")
    section = open_checker(page, "#checker-informal-conference")
    conference = section.get_by_label("Date and time of the phone conference")
    conference.fill("2026-12-08T10:00")
    conference.press("Enter")
    assert "Mon Dec 7, 2026" in results(section)  # the engine is up; answers now take about 1 ms
    # A long pasted letter takes the engine far longer than 1 ms to estimate, so the page's
    # watchdog stops the worker while Python is still busy. It stays under the core's limit on
    # pasted text (letters.MAX_TEXT_CHARS): a longer one is refused at once, in well under 1 ms,
    # and the test would race the watchdog.
    page.evaluate("window.conferral.setWatchdog(1)")
    section.get_by_text(letter_check_title("caed-claire", "informal-conference")).click()
    from conferral_core.letters import MAX_TEXT_CHARS

    letter = ("We met and conferred. " * 40 + "\n") * 180
    assert MAX_TEXT_CHARS / 2 < len(letter) < MAX_TEXT_CHARS
    section.get_by_label("Or paste the letter's text for an estimate").fill(letter)
    section.get_by_role("button", name="Check the letter").click()
    section.get_by_text("took more than 0.001 seconds, so it was stopped").first.wait_for()
    page.evaluate("window.conferral.setWatchdog(10000)")
    conference.fill("2026-12-14T09:30")
    conference.press("Enter")
    section.locator('.cf-procedure-checker > .cf-results time[datetime="2026-12-11T09:30"]').wait_for()


def test_offline_after_one_visit(page, context):
    page.goto("judges/caed-claire/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    section = open_checker(page, "#checker-informal-conference")
    section.get_by_label("Date and time of the phone conference").fill("2026-12-08T10:00")
    section.get_by_role("button", name="Count my deadlines").click()
    assert "Mon Dec 7, 2026" in results(section)
    # Let the service worker finish keeping what was fetched (the engine after the first answer).
    for _ in range(120):
        kept = page.evaluate("""async () => { for (const name of await caches.keys()) {
            const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
            if ([/pyodide\\.asm\\.wasm$/, /\\/core\\.zip$/, /\\/worker\\.[0-9a-f]{12}\\.mjs$/].every((end) => urls.some((u) => end.test(u)))) return true; }
          return false; }""")
        if kept:
            break
        page.wait_for_timeout(250)
    assert kept
    context.set_offline(True)
    page.reload()
    section = open_checker(page, "#checker-informal-conference")
    section.get_by_label("Date and time of the phone conference").fill("2026-12-15T09:00")
    section.get_by_role("button", name="Count my deadlines").click()
    assert "Mon Dec 14, 2026 at 9:00 a.m." in results(section)
    assert "Judge Allison Claire" in page.title()
    context.set_offline(False)


ENGINE_KEPT = """async () => { for (const name of await caches.keys()) {
    const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
    if ([/pyodide\\.asm\\.wasm$/, /\\/core\\.zip$/, /\\/worker\\.[0-9a-f]{12}\\.mjs$/].every((end) => urls.some((u) => end.test(u)))) return true; }
  return false; }"""


def test_offline_after_a_deep_link_as_the_very_first_visit(page, context):
    """Issue 14's defect: on a first visit the engine passes before the service worker controls
    the page. After the first answer the page names the engine's files, and the service worker
    keeps them: offline, the same link gives the same answer."""
    link = "judges/cand-spero/#procedure=discovery-dispute&demand=2027-01-04"
    page.goto(link)
    section = page.locator("#checker-discovery-dispute")
    want = api.handle({"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
                       "events": {"demand": "2027-01-04"}})["deadlines"][0]["safe_due_text"]
    assert want in results(section)
    for _ in range(240):
        kept = page.evaluate(ENGINE_KEPT)
        if kept:
            break
        page.wait_for_timeout(250)
    assert kept, "the engine is in Cache Storage after the first answer"
    context.set_offline(True)
    page.reload()
    assert want in results(page.locator("#checker-discovery-dispute"))
    context.set_offline(False)


def test_fuzzed_link_parameters_never_reach_the_page_as_markup(page):
    """40 generated hostile names and values in one link: each is shown (as text) or ignored,
    none becomes an element, and nothing runs."""
    import random
    from urllib.parse import urlencode

    rng = random.Random(2026)
    pieces = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "javascript:alert(1)",
              "' onmouseover='alert(1)", "&lt;b&gt;", "%3Cb%3E", "{{7*7}}", "${alert(1)}", "\u202e", "\x00", "<b>x</b>"]
    params = [("judge", "caed-claire"), ("procedure", "informal-conference")]
    for i in range(40):
        name = rng.choice(pieces) + str(i)
        params.append((name, rng.choice(pieces) + rng.choice(pieces)))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("checker/?" + urlencode(params))
    notice = page.locator(".cf-checker [role=alert]").first
    notice.wait_for()
    text = notice.inner_text()
    assert "<img src=x onerror=alert(1)>" in text or "<script>alert(1)</script>" in text
    injected = page.evaluate("""() => document.querySelectorAll(
        'section.cf-checker script, section.cf-checker img, section.cf-checker svg, section.cf-checker b').length""")
    assert injected == 0 and dialogs == []


KEPT = """async () => (await (await caches.open("conferral-engine-snapshots")).keys()).length === 1"""


def test_a_later_visit_restores_the_kept_engine_with_the_same_answers(page):
    link = "checker/?judge=caed-mcauliffe&procedure=ordered-conferral&order=2017-10-30&service=2017-10-30&conference=2017-11-16"
    page.goto(link)
    section = page.locator("section.cf-checker")
    first = results(section)
    assert page.evaluate("window.conferral.restored()") is False
    for _ in range(600):  # kept after the first answer, in the background
        if page.evaluate(KEPT):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the engine's snapshot was not kept within 60 s")
    page.reload()
    assert results(page.locator("section.cf-checker")) == first
    assert page.evaluate("window.conferral.restored()") is True
    # The restored engine answers like CPython, in both languages, and still reads PDFs.
    for request in ({"kind": "period", "court": "caed", "from": "2027-03-24", "days": 7},
                    {"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
                     "events": {"demand": "2026-12-01"}, "lang": "es"},
                    {"kind": "calendar", "court": "cand", "year": 2031},
                    {"kind": "letter", "judge": "caed-claire", "procedure": "informal-conference",
                     "pdf": base64.b64encode(long_letter()).decode()}):
        assert page.evaluate("(r) => window.conferral.ask(r)", request) == api.handle(request)


def test_the_kept_engine_never_saw_the_readers_dates(page):
    """The snapshot is made by a second, fresh engine after the reader's answer: the dates the
    reader gave (odd ones, found nowhere else) are not in its memory, in any encoding Python uses."""
    page.goto("checker/?judge=cand-spero&procedure=discovery-dispute&demand=2031-07-19")
    assert "2031" in results(page.locator("section.cf-checker"))
    for _ in range(600):
        if page.evaluate(KEPT):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the engine's snapshot was not kept within 60 s")
    # The snapshot is kept as its memory's non-zero 4 KB pages, in order (worker.mjs, packSnapshot):
    # a run of non-zero bytes in memory is a run of the kept bytes too. The 2-byte form is searched
    # without its last zero byte, which may begin a page that was left out.
    found = page.evaluate("""async () => {
      const cache = await caches.open("conferral-engine-snapshots");
      const [request] = await cache.keys();
      const kept = new Uint8Array(await (await cache.match(request)).arrayBuffer());
      const text = new TextDecoder("latin1").decode(kept);
      const wide = (s) => [...s].map((c) => c + "\\0").join("").slice(0, -1);
      return { size: new DataView(kept.buffer).getUint32(4, true), kept: kept.length,
               found: ["2031-07-19", "2031-07", wide("2031-07-19")].filter((s) => text.includes(s)),
               control: text.includes("caed-claire") };
    }""")
    # A real snapshot, holding the warm-up's judge, with its empty pages left out.
    assert found["size"] > 1_000_000 and found["control"] and found["kept"] < found["size"]
    assert found["found"] == []


def test_a_damaged_kept_engine_is_replaced_and_the_answer_still_comes(page):
    page.goto("checker/?judge=cand-spero&procedure=discovery-dispute&demand=2026-12-01")
    first = results(page.locator("section.cf-checker"))
    for _ in range(600):
        if page.evaluate(KEPT):
            break
        page.wait_for_timeout(100)
    damaged = page.evaluate("""async () => {
      const cache = await caches.open("conferral-engine-snapshots");
      const [request] = await cache.keys();
      await cache.put(request, new Response(new Uint8Array([31, 139, 8, 0, 1, 2, 3])));
      return request.url;
    }""")
    page.reload()
    assert results(page.locator("section.cf-checker")) == first
    assert page.evaluate("window.conferral.restored()") is False  # started afresh instead
    for _ in range(600):  # and kept a good copy again
        size = page.evaluate("""async (url) => {
          const r = await (await caches.open("conferral-engine-snapshots")).match(url);
          return r ? (await r.arrayBuffer()).byteLength : 0; }""", damaged)
        if size > 1_000_000:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("no good snapshot was kept after the damaged one")


def test_the_readers_dates_stay_in_the_fragment_and_never_reach_the_server_or_a_cache(page, watch):
    """An old ?-link opens, and its values move to the fragment at once; a date typed later goes
    to the fragment too; a reload sends none of them; no page is kept under a query string."""
    page.goto("checker/?judge=caed-claire&procedure=informal-conference&conference=2026-12-08T10:00")
    section = page.locator("section.cf-checker")
    assert "Mon Dec 7, 2026 at 10:00 a.m." in results(section)
    assert "?" not in page.url and "#judge=caed-claire" in page.url and "conference=2026-12-08T10" in page.url
    conference = section.get_by_label("Date and time of the phone conference")
    conference.fill("2026-12-15T11:00")
    conference.press("Enter")
    page.wait_for_url(re.compile(r"#.*conference=2026-12-15T11%3A00"))
    sent_before = len(watch.requests)
    page.reload()
    assert "Mon Dec 14, 2026 at 11:00 a.m." in results(page.locator("section.cf-checker"))
    after = watch.requests[sent_before:]
    assert after and not [u for u in after if "2026-12-15" in u or "2026-12-08" in u or "conference=" in u], after
    for _ in range(100):  # the service worker keeps the page in the background
        kept = page.evaluate("""async () => {
          const urls = [];
          for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
          return urls;
        }""")
        if any(u.endswith("/checker/") for u in kept):
            break
        page.wait_for_timeout(100)
    assert any(u.endswith("/checker/") for u in kept), kept
    assert not [u for u in kept if "?" in u or "#" in u], [u for u in kept if "?" in u or "#" in u]


CACHED = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("conferral-")) continue;
    for (const request of await (await caches.open(name)).keys()) out.push(new URL(request.url).pathname);
  }
  return out;
}"""


def test_a_first_visit_shows_the_download_in_megabytes_and_keeps_the_shell_only_after_the_answer(site, browser):
    """Issue 14: on a thin link the reader sees real byte counts ("Downloading the calculator: 2.1
    of 4.1 MB", the total being what the host sends: here the build's brotli copies), and the
    service worker takes nothing of the shared shell off the link until the first answer is shown."""
    from conferral_site.headers import from_site
    from conferral_site.serve import StaticServer
    from netlink import Link, handler_for

    engine = json.loads((site / "assets" / "conferral" / "site.json").read_text())["engine"]
    total = sum(size["br"] for size in engine["download"].values()) / 1e6
    shell = {"/" + path for path in json.loads((site / "assets" / "conferral" / "site.json").read_text())["shell"]
             if "*" not in path}
    assert shell  # e.g. /api/judges.json
    link = Link("a 16 Mbps link", 16, 20)  # about 2 s of download: long enough to watch
    with StaticServer(site, headers_for=from_site(site), handler=handler_for(link)) as server:
        ctx = browser.new_context(base_url=server.url)
        # When the answer showed, on the page's own clock (the poll below sees it later).
        ctx.add_init_script("""new MutationObserver((changes, observer) => {
          if (document.querySelector("#checker-discovery-dispute .cf-result time")) {
            window.__answered = performance.timeOrigin + performance.now(); observer.disconnect(); }
        }).observe(document, { subtree: true, childList: true });""")
        page = ctx.new_page()
        page.goto("judges/cand-spero/#procedure=discovery-dispute&demand=2027-01-04")
        status = page.locator("#checker-discovery-dispute .cf-checker__status")
        seen = []
        for _ in range(600):
            text = status.text_content() if status.count() else ""
            if text.startswith("Downloading") and (not seen or seen[-1] != text):
                seen.append(text)
            if page.locator("#checker-discovery-dispute .cf-result time").count():
                break
            page.wait_for_timeout(100)
        answered = page.evaluate("window.__answered") / 1000  # seconds, as the link's log
        assert seen, "the download was shown"
        shown = [re.fullmatch(r"Downloading the calculator: ([\d.]+) of ([\d.]+) MB\. Only the first time: "
                              r"then it works offline too\.", text) for text in seen]
        assert all(shown), seen
        loaded = [float(m.group(1)) for m in shown]
        assert {m.group(2) for m in shown} == {f"{total:.1f}"}
        assert loaded == sorted(loaded) and loaded[-1] <= total
        # The engine's downloads came first: the server sent no file of the shell the page did not
        # ask for itself until the last of them had gone.
        used = set(page.evaluate("performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)"))
        engine_files = {"/assets/conferral/" + path for path in engine["download"]}
        assert engine_files <= {path for path, _, _, at in link.sent if at <= answered}
        # Python's own files first, alone on the link: the engine's (the core, the standard
        # library's modules only it imports) are asked for once those are in, while Python starts.
        left: dict[str, float] = {}
        for path, _, _, at in link.sent:
            left.setdefault(path, at)  # when each first left the server
        python_in = max(left["/assets/conferral/" + path] for path in (engine["pyodide"] + "pyodide.asm.wasm",
                                                                        engine["stdlib"]))
        assert all(left["/assets/conferral/" + engine[role]] > python_in for role in ("core", "stdlib_engine"))
        assert shell - used, "a file of the shell this page does not use"
        for _ in range(100):
            if shell - used <= {path for path, *_ in link.sent}:
                break
            page.wait_for_timeout(200)
        engine_done = max(at for path, _, _, at in link.sent if path in engine_files)
        shell_first = min(at for path, _, _, at in link.sent if path in shell - used)
        assert shell_first > engine_done, "the shell waited for the engine"
        assert shell_first > answered, "the shell waited for the answer: copying it slowed the answer down"
        for _ in range(100):
            if shell <= set(page.evaluate(CACHED)):
                break
            page.wait_for_timeout(200)
        assert shell <= set(page.evaluate(CACHED)), "after the answer the service worker keeps the shell"
        ctx.close()
