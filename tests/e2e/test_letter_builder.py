"""The letter builder (/letter/), used as a person would: a Spero joint letter written with the
keyboard alone, an E.D. Cal. L.R. 251 Joint Statement with several issues, each exported (the
printed PDF checked by our own letter checker, in CPython; the Word file opened as the zip it is),
a draft saved to a file and opened again in a fresh page, axe-core in both languages. The `page`
fixture fails a test on any request to another origin and on any console error (a CSP violation
is one)."""

from __future__ import annotations

import base64
import io
import json
import time
import zipfile

import pytest
from pypdf import PdfReader

from axecheck import violations
from conferral_core import api

SPERO = ("cand-spero", "discovery-dispute")
# An E.D. Cal. judge whose discovery motions follow L.R. 251 (caed.toml: procedure "lr251").
LR251 = ("caed-barnes", "lr251")
# window.print() opens the browser's print window; in a test it only counts (page.pdf prints).
COUNT_PRINTS = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


def model(judge, procedure, lang="en"):
    answer = api.handle({"kind": "document", "judge": judge, "procedure": procedure, "lang": lang})
    assert "error" not in answer, answer
    return answer


def open_builder(page, judge, procedure, lang="en"):
    root = "" if lang == "en" else f"{lang}/"
    page.goto(f"{root}letter/#judge={judge}&procedure={procedure}")
    page.locator(".cf-letter-form textarea").first.wait_for()
    return page.locator("section.cf-builder")


def checks_done(page):
    return int(page.locator(".cf-builder__results").get_attribute("data-checks") or 0)


def wait_for_check(page, after):
    """The letter check's answer to the text as it is now (the builder checks when typing pauses)."""
    deadline = time.monotonic() + 60
    while checks_done(page) <= after:
        assert time.monotonic() < deadline, "the letter check never answered"
        page.wait_for_timeout(100)
    results = page.locator(".cf-builder__results")
    return {"pages": int(results.get_attribute("data-pages")), "ok": results.get_attribute("data-ok") == "true",
            "text": results.inner_text()}


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user moves."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def printed(page):
    """The letter as the browser prints it (the page's own @page size and margins), checked by the
    core's own PDF checker, in CPython."""
    pdf = page.pdf(prefer_css_page_size=True)
    judge, procedure = page.evaluate("() => [...new URLSearchParams(location.hash.slice(1)).values()]")
    answer = api.handle({"kind": "letter", "judge": judge, "procedure": procedure,
                         "pdf": base64.b64encode(pdf).decode()})
    assert "error" not in answer, answer
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return answer, text, PdfReader(io.BytesIO(pdf))


def test_a_spero_joint_letter_written_with_the_keyboard_prints_within_the_limits(context, page, watch, tmp_path):
    context.add_init_script(COUNT_PRINTS)
    builder = open_builder(page, *SPERO)
    doc = model(*SPERO)
    # What the core's model says is what the page shows: the title, the English headings, the designation.
    assert builder.locator("h2").first.inner_text() == doc["title"]
    for section in doc["sections"]:
        assert builder.locator(f'[lang="en"]:text-is("{section["heading"]}")').count() >= 1
    assert builder.locator(".cf-suffix").inner_text() == "(JCS)"
    assert doc["why_english"] in builder.inner_text()

    page.keyboard.press("Tab")  # from the top of the page: the keyboard alone from here on
    tab_to(page, 'input[name="caption.case_number"]')
    page.keyboard.type("3:20-cv-01234-JST")
    page.keyboard.press("Tab")
    page.keyboard.type("Jane Doe v. Acme Corp.")
    before = checks_done(page)
    tab_to(page, 'textarea[name="part.matters-in-dispute"]')
    page.keyboard.type("Acme has not produced the emails asked for in Request for Production No. 4.")
    tab_to(page, 'textarea[name="issue.0.positions.plaintiff"]')
    page.keyboard.type("Plaintiff needs the emails to show when Acme knew of the defect.")
    page.keyboard.press("Tab")
    page.keyboard.type("Defendant says the request is too broad and the emails are privileged.")
    tab_to(page, "button.cf-issue__add")
    page.keyboard.press("Enter")
    # A new issue, numbered, and the focus is in its first box.
    assert page.locator(".cf-issue h3").all_inner_texts() == ["Issue 1", "Issue 2"]
    assert page.evaluate("() => document.activeElement.name") == "issue.1.positions.plaintiff"
    page.keyboard.type("Plaintiff asks for the repair logs for 2019 to 2021.")
    check = wait_for_check(page, before)
    assert check["ok"] and check["pages"] == 1, check
    assert "Estimated pages: 1 (limit: 5)." in check["text"]

    tab_to(page, "button.md-button--primary")  # Print / Save as PDF
    assert page.evaluate("() => document.activeElement.textContent") == "Print / Save as PDF"
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1
    answer, text, pdf = printed(page)
    assert answer["ok"] and answer["pages"] == 1, answer
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)  # US Letter, as the model says
    for words in ("UNITED STATES DISTRICT COURT", "Case No. 3:20-cv-01234-JST (JCS)", "JOINT LETTER",
                  "Matters in Dispute", "Issue 2", "Plaintiff", "repair logs for 2019 to 2021"):
        assert words in text, words
    # Only the letter is printed: no site chrome, no guidance.
    assert doc["sections"][1]["prompt"] not in text and "Conferral" not in text

    # And the same letter as a Word file, still by keyboard.
    tab_to(page, "button.md-button:not(.md-button--primary)")
    assert page.evaluate("() => document.activeElement.textContent") == "Download Word file (.docx)"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    download.value.save_as(tmp_path / "spero.docx")
    with zipfile.ZipFile(tmp_path / "spero.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    for words in ["Case No. 3:20-cv-01234-JST (JCS)", "JOINT LETTER", "repair logs for 2019 to 2021",
                  *(section["heading"].replace("'", "&apos;") for section in doc["sections"])]:
        assert words in xml or words.replace("&apos;", "'") in xml, words


def test_a_letter_over_the_page_limit_is_flagged_as_you_type_and_in_its_pdf(page):
    open_builder(page, *SPERO)
    before = checks_done(page)
    long = "\n".join(f"Paragraph {n}: the parties disagree about this point as well." for n in range(1, 320))
    page.locator('textarea[name="issue.0.positions.plaintiff"]').fill(long)
    check = wait_for_check(page, before)
    assert not check["ok"] and check["pages"] > 5, check
    assert "The limit is 5 pages" in check["text"]
    answer, _, _ = printed(page)
    assert not answer["ok"] and answer["pages"] > 5, answer
    assert any(f["level"] == "error" and "The limit is 5 pages" in f["message"] for f in answer["findings"])


def fill_joint_statement(page):
    page.get_by_label("Case number").fill("2:24-cv-00123-DB")
    page.get_by_label("Case name").fill("Jane Doe v. Acme Corp.")
    page.locator('textarea[name="part.conference"]').fill(
        "Counsel met by video on November 2, 2026 for one hour and agreed on two of four requests.")
    page.locator('textarea[name="part.nature-of-action"]').fill(
        "Plaintiff says Acme sold her a car with a defect it knew about. The dispute is about Acme's emails.")
    page.locator('textarea[name="issue.0.request-and-objection"]').fill(
        "REQUEST FOR PRODUCTION NO. 4: All emails about the brake defect.\nOBJECTION: Overly broad.")
    page.locator('textarea[name="issue.0.contentions.plaintiff"]').fill("The emails go to notice, a key issue.")
    page.locator('textarea[name="issue.0.contentions.defendant"]').fill("The request has no time limit.")
    page.get_by_role("button", name="Add another issue").click()
    page.locator('textarea[name="issue.1.request-and-objection"]').fill(
        "INTERROGATORY NO. 7: Name every engineer who worked on the brakes.\nOBJECTION: Privacy.")
    page.locator('textarea[name="issue.1.contentions.plaintiff"]').fill("The names are needed for depositions.")
    page.locator('input[name="sign.date"]').fill("December 1, 2026")
    page.locator('input[name="sign.plaintiff.name"]').fill("Jane Doe")
    page.locator('input[name="sign.plaintiff.role"]').fill("Plaintiff, representing myself")
    page.locator('input[name="sign.defendant.name"]').fill("Sam Lee")


def test_an_lr251_joint_statement_exports_to_pdf_and_word(page, watch, tmp_path):
    builder = open_builder(page, *LR251)
    doc = model(*LR251)
    assert [h.strip() for h in builder.locator(".cf-part > h3[lang=en]").all_inner_texts()][:2] == \
        [s["heading"] for s in doc["sections"] if not s["per_issue"]]
    before = checks_done(page)
    fill_joint_statement(page)
    check = wait_for_check(page, before)
    assert check["ok"] and check["pages"] <= 2, check
    assert "(limit: 25)" in check["text"]

    answer, text, _ = printed(page)
    assert answer["ok"], answer
    for words in ("EASTERN DISTRICT OF CALIFORNIA", "JOINT STATEMENT RE DISCOVERY DISAGREEMENT",
                  "Request and Objection, Reproduced in Full", "INTERROGATORY NO. 7", "/s/ Jane Doe", "Issue 2"):
        assert words in text, words

    # The Word writer loads only now, from this site.
    assert not any("/docx/" in url for url in watch.requests)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word file (.docx)").click()
    assert download.value.suggested_filename == "conferral-caed-barnes-lr251.docx"
    path = tmp_path / "letter.docx"
    download.value.save_as(path)
    assert any("/assets/conferral/docx/" in url for url in watch.requests)
    with zipfile.ZipFile(path) as docx:
        assert docx.testzip() is None
        xml = docx.read("word/document.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
    for words in ("JOINT STATEMENT RE DISCOVERY DISAGREEMENT", "Details of the Meet-and-Confer Conference",
                  "Contentions of Each Party", "Issue 2", "Counsel met by video on November 2, 2026",
                  "The names are needed for depositions.", "/s/ Sam Lee", "Case No. 2:24-cv-00123-DB"):
        assert words in xml, words
    assert 'w:pgSz w:w="12240" w:h="15840"' in xml and 'w:top="1440"' in xml  # Letter, 1-inch margins
    assert 'w:sz w:val="24"' in styles and "Times New Roman" in styles  # 12-point type


def test_the_safe_date_to_file_is_the_cores(page):
    builder = open_builder(page, *LR251)
    panel = builder.locator(".cf-builder__deadline")
    panel.get_by_label("Hearing date").fill("2027-03-24")
    panel.get_by_role("button", name="Count the filing date").click()
    result = panel.locator(".cf-result").first
    result.wait_for()
    want = api.handle({"kind": "deadlines", "judge": LR251[0], "procedure": LR251[1], "events": {"hearing": "2027-03-24"}})
    filing = next(d for d in want["deadlines"] if d["id"] == model(*LR251)["filing_deadline"])
    assert result.locator("time").first.get_attribute("datetime") == filing["safe_due"]
    assert filing["title"] in result.inner_text() and filing["safe_due_text"] in result.inner_text()
    link = panel.get_by_role("link", name="All the deadlines for these dates, on the judge’s page")
    assert link.get_attribute("href").endswith("judges/caed-barnes/#procedure=lr251&hearing=2027-03-24")


def test_a_draft_saved_to_a_file_opens_again_in_a_fresh_page(context, page, tmp_path):
    open_builder(page, *SPERO)
    page.get_by_label("Case number").fill("3:20-cv-01234-JST")
    page.locator('textarea[name="part.matters-in-dispute"]').fill("The emails.\nThe repair logs.")
    page.get_by_role("button", name="Add another issue").click()
    page.locator('textarea[name="issue.1.compromises.defendant"]').fill("Two years of logs, not five.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save draft to a file").click()
    draft = tmp_path / download.value.suggested_filename
    download.value.save_as(draft)
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert (saved["type"], saved["judge"], saved["procedure"]) == ("conferral-letter-draft", *SPERO)
    assert saved["issues"][1]["compromises"]["defendant"] == "Two years of logs, not five."

    fresh = context.new_page()
    fresh.goto("letter/")
    opener = fresh.get_by_label("Open a saved draft")
    opener.set_input_files(str(draft))
    fresh.locator('textarea[name="issue.1.compromises.defendant"]').wait_for()
    assert fresh.locator('input[name="caption.case_number"]').input_value() == "3:20-cv-01234-JST"
    assert fresh.locator('textarea[name="part.matters-in-dispute"]').input_value() == "The emails.\nThe repair logs."
    assert fresh.locator('textarea[name="issue.1.compromises.defendant"]').input_value() == "Two years of logs, not five."
    assert "judge=cand-spero&procedure=discovery-dispute" in fresh.url
    assert "Draft opened" in fresh.locator("section.cf-builder").inner_text()
    # Nothing was stored by the page: the draft lives in the file only.
    assert fresh.evaluate("() => localStorage.length + sessionStorage.length") == 0
    fresh.close()


def test_a_file_that_is_not_a_draft_is_refused_plainly(page, tmp_path):
    page.goto("letter/")
    wrong = tmp_path / "letter.json"
    wrong.write_text(json.dumps({"judge": "cand-spero", "text": "hello"}), encoding="utf-8")
    page.get_by_label("Open a saved draft").set_input_files(str(wrong))
    alert = page.locator(".cf-builder__open [role=alert]")
    alert.filter(has_text="not a letter draft").wait_for()
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"%PDF-1.4 not json")
    page.get_by_label("Open a saved draft").set_input_files(str(broken))
    alert.filter(has_text="not a letter draft").wait_for()
    assert page.locator(".cf-letter-form").count() == 0


def test_spanish_guidance_around_an_english_letter(page):
    builder = open_builder(page, *SPERO, lang="es")
    doc = model(*SPERO, lang="es")
    text = builder.inner_text()
    assert doc["title"] in text and doc["sections"][1]["prompt"] in text and doc["why_english"] in text
    assert builder.locator('h4[lang="en"]', has_text="Each Side's Position").count() == 1
    assert builder.get_by_role("button", name="Agregar otro asunto").count() == 1
    assert page.locator(".cf-letter-sheet").get_attribute("lang") == "en"
    page.locator('textarea[name="issue.0.positions.plaintiff"]').fill("Plaintiff needs the emails.")
    _, printed_text, _ = printed(page)
    assert "Plaintiff" in printed_text and "Issue 1" in printed_text and "Demandante" not in printed_text


def test_a_judge_page_and_the_checker_lead_to_the_builder(page):
    page.goto("judges/cand-spero/")
    link = page.get_by_role("link", name=model(*SPERO)["title"])
    assert link.count() == 1
    link.click()
    page.locator(".cf-letter-form").wait_for()
    assert page.url.endswith("letter/#judge=cand-spero&procedure=discovery-dispute")
    # The page's own list: each item opens its letter here, brought into view.
    page.goto("letter/")
    page.locator('li[data-judge="caed-barnes"][data-procedure="lr251"]').get_by_role("link", name="Write it here").click()
    page.locator(".cf-letter-form").wait_for()
    assert page.evaluate("() => document.activeElement.textContent") == model(*LR251)["title"]
    assert page.url.endswith("letter/#judge=caed-barnes&procedure=lr251")
    page.goto("checker/#judge=cand-spero&procedure=discovery-dispute")
    page.locator("details.cf-subcheck summary", has_text="Check your 5-page joint letter").click()
    assert page.get_by_role("link", name="Write your joint letter").get_attribute("href").endswith(
        "letter/#judge=cand-spero&procedure=discovery-dispute")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_builder_passes_axe_in_both_languages(axe_page, lang):
    root = "" if lang == "en" else f"{lang}/"
    axe_page.goto(f"{root}letter/")
    axe_page.locator(".cf-builder__open").wait_for()
    assert violations(axe_page) == []
    axe_page.goto(f"{root}letter/#judge={LR251[0]}&procedure={LR251[1]}")
    axe_page.locator(".cf-letter-form").wait_for()
    axe_page.locator('textarea[name="part.conference"]').fill("We met by video.")
    axe_page.locator("button.cf-issue__add").click()
    axe_page.locator(".cf-builder__results .cf-findings").wait_for()
    for details in axe_page.locator("section.cf-builder details").all()[:3]:
        details.locator("summary").click()
    assert violations(axe_page) == []
    axe_page.set_viewport_size({"width": 390, "height": 844})
    assert violations(axe_page) == []
