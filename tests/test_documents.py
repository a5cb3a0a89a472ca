"""The document builder's core (api kind "document", `conferral document`): the document a procedure
has the parties write, built only from the rules data, with literal expectations."""

import copy
import json
import subprocess
import sys

import pytest

from conferral_core import api, calendars, documents, letters, loader, rules, translation_audit
from conferral_core.loader import DataError

# The keys the browser's builder reads (issue 16's contract): more may be added, none renamed or dropped.
CONTRACT = {"kind", "judge", "procedure", "document", "title", "letter_lang", "why_english", "page", "letter_check",
            "caption", "sections", "signature", "other_requirements", "filing_deadline", "sources", "notice"}
PAGE = {"paper", "width_in", "height_in", "margin_in", "font_pt", "font_pt_source", "line_height"}
SECTION = {"id", "heading", "prompt", "per_issue", "sides", "source"}


def document(judge, procedure, **fields):
    answer = api.handle({"kind": "document", "judge": judge, "procedure": procedure, **fields})
    assert "error" not in answer, answer
    json.dumps(answer)
    return answer


def norm(text):
    return " ".join(text.split())


def assert_verbatim(source):
    assert norm(source["quote"]) in norm(rules.source_text(source["doc"])), source
    assert source["title"] == rules.sources()[source["doc"]]["title"]


def judge_letter_check(judge, procedure):
    detail = api.handle({"kind": "judge", "judge": judge})["judge"]
    return next(p for p in detail["procedures"] if p["id"] == procedure)["letter_check"]


def test_spero_joint_letter():
    d = document("cand-spero", "discovery-dispute")
    assert CONTRACT <= set(d) and PAGE <= set(d["page"])
    assert (d["kind"], d["judge"], d["procedure"]) == ("document", "cand-spero", "discovery-dispute")
    assert d["document"] == "joint letter" and d["title"] == "Write your joint letter"
    assert d["letter_lang"] == "en" and "English" in d["why_english"] and d["joint"] is True
    assert d["page"] == {"paper": "US Letter", "width_in": 8.5, "height_in": 11.0, "margin_in": 1.0, "font_pt": 12,
                         "font_pt_source": None, "font_pt_required": False, "font_family": "Times New Roman",
                         "line_height": 1.2, "lines_per_page": 45, "chars_per_line": letters.chars_per_line(12)}
    assert d["letter_check"] == judge_letter_check("cand-spero", "discovery-dispute")
    assert d["letter_check"]["limits"] == ["At most 5 pages. The source does not say whether exhibits count."]
    caption = d["caption"]
    assert caption["lines"] == ["UNITED STATES DISTRICT COURT", "NORTHERN DISTRICT OF CALIFORNIA"]
    assert caption["lines_source"]["quote"] == "UNITED STATES DISTRICT COURT NORTHERN DISTRICT OF CALIFORNIA"
    fields = {f["id"]: f for f in caption["fields"]}
    assert list(fields) == ["case_number", "case_name", "title"]
    assert fields["case_number"]["suffix"] == "(JCS)" and fields["case_name"]["suffix"] is None
    assert "(JCS)" in fields["case_number"]["hint"] and fields["case_number"]["letter_label"] == "Case No."
    assert fields["title"]["default"] == "JOINT LETTER" and caption["words"] == []
    assert [r["id"] for r in caption["requirements"]] == ["caption"]
    assert caption["requirements"][0]["source"]["quote"].endswith('followed by the designation "(JCS)".')
    assert [(s["id"], s["heading"], s["per_issue"], s["sides"]) for s in d["sections"]] == [
        ("matters-in-dispute", "Matters in Dispute", False, False),
        ("positions", "Each Side's Position", True, True),
        ("compromises", "Each Side's Proposed Compromise", True, True),
    ]
    assert d["sections"][1]["prompt"] == ("For this issue, each side describes its position in detail: "
                                          "what it asks for, and why.")
    assert d["sections"][1]["items"] == ["a detailed description of each side's position on each issue"]
    for section in d["sections"]:
        assert section["sourced"] and section["source"]["doc"] == "spero-standing-order-2010"
        assert section["source"]["quote"].startswith("which will include the matters that remain in dispute")
        assert_verbatim(section["source"])
    assert d["signature"] is None  # no source we have says who signs his letter
    assert [r["kind"] for r in d["other_requirements"]] == ["submission", "courtesy-copy"]
    assert d["filing_deadline"] == "joint-letter" and d["filing_deadlines"] == ["joint-letter"]
    assert [p["letter_label"] for p in d["parties"]] == ["Plaintiff", "Defendant"]
    assert "not legal advice" in d["notice"] and "browser" in d["notice"]
    docs = [(s["doc"], s["pin"]) for s in d["sources"]]
    assert len(docs) == len(set((s["doc"], s["pin"], s["quote"]) for s in d["sources"]))
    assert ("cand-opperman-v-path-2016-01-21", "Law and motion hearing procedures, item 2") in docs  # the 5 pages
    for source in d["sources"]:
        assert_verbatim(source)


def test_spero_on_a_date_uses_the_rules_then_in_force():
    d2013 = document("cand-spero", "discovery-dispute", date="2013-01-10")
    assert d2013["date"] == "2013-01-10" and d2013["letter_check"]["document"] == "Joint Letter"
    assert d2013["letter_check"]["limits"] == ["At most 10 pages. The source does not say whether exhibits count."]
    assert [s["id"] for s in d2013["sections"]] == ["matters-in-dispute", "positions", "compromises"]
    d2011 = document("cand-spero", "discovery-dispute", date="2011-03-01")
    assert d2011["letter_check"] is None and d2011["document"] == "joint letter"  # the 2010 order: no limit yet
    before = api.handle({"kind": "document", "judge": "cand-spero", "procedure": "discovery-dispute",
                         "date": "2009-06-01"})["error"]
    assert (before["code"], before["field"]) == ("no-document", "procedure")
    bad = api.handle({"kind": "document", "judge": "cand-spero", "procedure": "discovery-dispute",
                      "date": "2026-02-30"})["error"]
    assert (bad["code"], bad["field"]) == ("bad-date", "date")


@pytest.mark.parametrize("judge", ["caed-claire", "caed-austin", "caed-mueller"])
def test_local_rule_251_joint_statement(judge):
    d = document(judge, "lr251")
    assert [(s["id"], s["heading"], s["per_issue"], s["sides"]) for s in d["sections"]] == [
        ("conference", "Details of the Meet-and-Confer Conference", False, False),
        ("nature-of-action", "Nature of the Action and Factual Disputes", False, False),
        ("request-and-objection", "Request and Objection, Reproduced in Full", True, False),
        ("contentions", "Contentions of Each Party", True, True),
    ]
    for section in d["sections"]:
        assert section["source"]["doc"] == "caed-lawrence-v-costco-2023-10-10" and section["sourced"]
        assert section["source"]["pin"] == "quoting L.R. 251(c)"
        assert_verbatim(section["source"])
    assert "shall be reproduced in full" in d["sections"][2]["source"]["quote"]
    caption = d["caption"]
    assert caption["lines"] == ["UNITED STATES DISTRICT COURT", "EASTERN DISTRICT OF CALIFORNIA"]
    fields = {f["id"]: f for f in caption["fields"]}
    assert fields["title"]["default"] == "JOINT STATEMENT RE DISCOVERY DISAGREEMENT"
    assert fields["case_number"]["suffix"] is None
    title = next(r for r in caption["requirements"] if r["id"] == "title")
    assert title["source"]["quote"] == ("that party shall draft and file a document entitled "
                                        "“Joint Statement re Discovery Disagreement.”")
    signature = d["signature"]
    assert signature["per_party"] is True and signature["heading"] == "Signatures"
    assert [r["id"] for r in signature["requirements"]] == ["signatures"]
    assert signature["requirements"][0]["source"]["quote"] == (
        "All parties who are concerned with the discovery motion shall assist in the preparation of, "
        "and shall sign, the Joint Statement")
    assert "no-separate-briefs" in [r["id"] for r in d["other_requirements"]]
    assert d["filing_deadline"] == "joint-statement"
    for source in d["sources"]:
        assert_verbatim(source)


def test_local_rule_251_with_and_without_the_judges_own_limits_and_caption_words():
    claire, austin, mueller = (document(j, "lr251") for j in ("caed-claire", "caed-austin", "caed-mueller"))
    assert claire["document"] == "Joint Statement"
    assert claire["letter_check"]["limits"] == ["At most 25 pages, not counting exhibits."]
    assert "one-joint-document" in [r["id"] for r in claire["other_requirements"]]
    assert austin["letter_check"] is None and austin["document"] == "Joint Statement"  # from the contents
    assert austin["page"]["font_pt"] == 12 and austin["page"]["font_pt_source"] is None
    assert mueller["caption"]["words"] == ["DISCOVERY MATTER"] and austin["caption"]["words"] == []


def test_claire_informal_letter():
    d = document("caed-claire", "informal-conference")
    assert [(s["id"], s["heading"]) for s in d["sections"]] == [
        ("meet-and-confer", "Meet-and-Confer Efforts"), ("synopsis", "Synopsis of the Discovery Dispute")]
    assert d["sections"][0]["source"]["quote"] == ("briefly explaining what meet and confer efforts they have "
                                                   "undertaken and providing a synopsis of the discovery dispute")
    assert d["letter_check"]["limits"] == ["At most 2 pages, exhibits and attachments included.",
                                           "Type at least 12 points."]
    assert d["page"]["font_pt"] == 12 and d["page"]["font_pt_required"]
    assert d["page"]["font_pt_source"]["quote"] == "shall be in at least 12-point type"
    assert d["filing_deadline"] == "joint-letter"
    assert [r["kind"] for r in d["other_requirements"]] == ["submission", "courtesy-copy"]
    assert d["caption"]["fields"][2]["default"] == "JOINT LETTER"


def test_only_what_is_sourced_the_rest_is_a_free_section_that_says_so():
    westmore = document("cand-westmore", "joint-letter")  # contents name only a rule: no reply section
    assert [s["id"] for s in westmore["sections"]] == ["free"]
    free = westmore["sections"][0]
    assert (free["sourced"], free["source"], free["heading"], free["per_issue"], free["sides"]) == (
        False, None, "", False, False)
    assert free["prompt"].startswith("The sources we found do not list the parts of this joint letter.")
    assert [r["id"] for r in westmore["other_requirements"]] == ["no-reply", "courtesy-copy"]
    hixson = document("cand-hixson", "joint-letter")  # a page limit, no contents
    assert [s["id"] for s in hixson["sections"]] == ["free"]
    assert [r["id"] for r in hixson["signature"]["requirements"]] == ["certification"]
    james = document("cand-james", "joint-letter")  # the source is cut off: the parts it lists, then the rest
    assert [(s["id"], s["sourced"]) for s in james["sections"]] == [
        ("attestation", True), ("unresolved-dispute", True), ("free", False)]
    assert james["sections"][-1]["prompt"].startswith("The sources we found list only some parts")
    assert james["caption"]["requirements"][0]["items"] == ["a cover page with the case caption"]
    assert james["signature"]["requirements"][0]["items"] == ["the signatures of both parties or their lawyers"]


def test_a_brief_each_side_writes_alone_is_signed_for_one_side():
    seng = document("caed-seng", "telephonic-discovery-conference")
    assert seng["joint"] is False and seng["document"] == "brief"
    assert all(not s["sides"] for s in seng["sections"])
    assert seng["signature"]["per_party"] is False and "your side" in seng["signature"]["prompt"]
    assert seng["signature"]["requirements"][-1]["items"] == ["the name of the party and the date you send it"]
    assert seng["letter_check"]["limits"] == ["At most 1 page, exhibits and attachments included.",
                                              "Type at least 12 points."]
    nothing_more = next(r for r in seng["other_requirements"] if r["id"] == "nothing-more")
    assert nothing_more["source"]["quote"].startswith("It shall contain 13 nothing more.")
    assert [r["id"] for r in seng["other_requirements"]] == ["submission", "nothing-more", "exhibits"]


def test_a_procedure_that_names_no_document_says_so_and_names_those_that_do():
    err = api.handle({"kind": "document", "judge": "cand-spero", "procedure": "civil-lr-37"})["error"]
    assert (err["code"], err["field"]) == ("no-document", "procedure")
    assert err["message"] == ("We found no document to write for the procedure 'civil-lr-37': its sources list no "
                              "parts and set no page or type limit. These procedures of the judge name one: "
                              "discovery-dispute.")
    none = api.handle({"kind": "document", "judge": "cand-kang", "procedure": "joint-letter", "lang": "es"})["error"]
    assert none["code"] == "no-document" and none["message"].endswith("de tamaño de letra.")
    for fields, code in (({"judge": "cand-spero"}, "missing-field"), ({"judge": "cand-spero", "procedure": "x"},
                                                                        "unknown-procedure"),
                         ({"judge": "cand-spero", "procedure": "discovery-dispute", "text": "x"}, "unknown-field")):
        assert api.handle({"kind": "document", **fields})["error"]["code"] == code


def every_procedure():
    return [(j.id, p.id) for j in rules.judges().values() for p in j.procedures]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_procedure_of_every_judge_answers_a_document_or_no_document(lang):
    answered = refused = 0
    for judge, procedure in every_procedure():
        answer = api.handle({"kind": "document", "judge": judge, "procedure": procedure, "lang": lang})
        if "error" in answer:
            assert answer["error"]["code"] == "no-document", (judge, procedure, answer)
            refused += 1
            continue
        answered += 1
        assert CONTRACT <= set(answer) and answer["letter_lang"] == "en"
        assert answer["sections"] and all(SECTION <= set(s) for s in answer["sections"])
        assert answer["letter_check"] == judge_letter_check_cached(judge, procedure, lang)
        assert answer["filing_deadline"] in (None, *answer["filing_deadlines"])
        for s in answer["sections"]:
            assert s["heading"].isascii() and (s["source"] is None) == (not s["sourced"])
        for source in answer["sources"]:
            assert_verbatim(source)
        json.dumps(answer)
    assert answered >= 40 and refused >= 40, (answered, refused)


_CHECKS: dict = {}


def judge_letter_check_cached(judge, procedure, lang):
    if (judge, lang) not in _CHECKS:
        detail = api.handle({"kind": "judge", "judge": judge, "lang": lang})["judge"]
        _CHECKS[(judge, lang)] = {p["id"]: p["letter_check"] for p in detail["procedures"]}
    return _CHECKS[(judge, lang)][procedure]


def test_the_guidance_is_spanish_and_the_letter_stays_english():
    en, es = document("cand-spero", "discovery-dispute"), document("cand-spero", "discovery-dispute", lang="es")
    assert es["title"] == "Escriba su carta conjunta" and es["document"] == "carta conjunta"
    assert es["letter_lang"] == "en" and "inglés" in es["why_english"]
    assert [s["heading"] for s in es["sections"]] == [s["heading"] for s in en["sections"]]
    assert es["sections"][0]["prompt"] == ("Enumere los asuntos que siguen en disputa después de la reunión en "
                                           "persona, uno por uno.")
    assert all(a["prompt"] != b["prompt"] for a, b in zip(en["sections"], es["sections"]))
    assert es["caption"]["lines"] == en["caption"]["lines"]
    assert es["caption"]["fields"][2]["default"] == "JOINT LETTER"  # printed in the letter: English
    assert es["caption"]["fields"][0]["label"] == "Número de caso"
    assert [p["label"] for p in es["parties"]] == ["Parte demandante", "Parte demandada"]
    assert [p["letter_label"] for p in es["parties"]] == ["Plaintiff", "Defendant"]
    quote = es["sections"][0]["source"]
    assert quote["quote"] == en["sections"][0]["source"]["quote"] and quote["translation"]
    assert "notice" in es and "asesoría legal" in es["notice"]
    lr251 = document("caed-claire", "lr251", lang="es")
    assert lr251["caption"]["fields"][2]["default"] == "JOINT STATEMENT RE DISCOVERY DISAGREEMENT"


def test_prompts_are_data_texts_with_translations_and_headings_are_not():
    texts, _ = translation_audit.english_texts()
    for judge, procedure in (("cand-spero", "discovery-dispute"), ("caed-claire", "lr251")):
        for section in document(judge, procedure)["sections"]:
            assert section["prompt"] in texts and section["heading"] not in texts
    assert "UNITED STATES DISTRICT COURT EASTERN DISTRICT OF CALIFORNIA" in translation_audit.english_texts()[1]


def test_the_letter_words_are_read_strictly(monkeypatch):
    assert documents.letter_words()["case_number"] == "Case No."
    real = loader.load

    def fake(path):
        raw = real(path)
        return {**raw, "colour": "red"} if path == "letter.toml" else raw

    monkeypatch.setattr(loader, "load", fake)
    documents.letter_words.cache_clear()
    try:
        with pytest.raises(DataError, match="letter.toml: colour: unknown key"):
            documents.letter_words()
    finally:
        monkeypatch.undo()
        documents.letter_words.cache_clear()


COURT = "courts/caed.toml"


def caed_raw():
    return copy.deepcopy(loader.load(COURT))


@pytest.mark.parametrize("change, expect", [
    (lambda c: c.pop("caption"), "courts/caed.toml: caption: missing"),
    (lambda c: c["caption"].update(lines=["UNITED STATES DISTRICT COURT", "Eastern District of California"]),
     "courts/caed.toml: caption.lines: the lines are not in the quote"),
    (lambda c: c["caption"].update(lines=["EASTERN DISTRICT OF CALIFORNIA", "UNITED STATES DISTRICT COURT"]),
     "courts/caed.toml: caption.lines: the lines are not in the quote"),
    (lambda c: c["caption"]["source"].update(doc="roster-galipo-2026"),
     "courts/caed.toml: caption.source: take the caption from the court's own documents"),
    (lambda c: c["caption"]["source"].update(quote="UNITED STATES DISTRICT COURT EASTERN DISTRICT OF NEVADA"),
     "courts/caed.toml: caption.source.quote: not written in"),
    (lambda c: c["caption"].update(font="Times"), "courts/caed.toml: caption.font: unknown key"),
])
def test_the_courts_caption_is_read_strictly(change, expect):
    raw = caed_raw()
    change(raw)
    with pytest.raises(DataError) as err:
        rules.parse_court_rules(COURT, raw, calendars.courts()["caed"])
    assert str(err.value).startswith(expect), str(err.value)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "conferral_core", *args], capture_output=True, text=True)


def test_cli_prints_an_outline_and_the_same_json_as_the_api():
    out = run_cli("document", "--judge", "cand-spero", "--procedure", "discovery-dispute")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:3] == ["Write your joint letter",
                         "Joseph C. Spero: Discovery dispute: in-person meeting of lead trial counsel, then a joint letter",
                         "Page: US Letter, 1-inch margins, 12-point type"]
    assert lines[3:5] == ["Limits:", "  At most 5 pages. The source does not say whether exhibits count."]
    assert "  UNITED STATES DISTRICT COURT" in lines and "  NORTHERN DISTRICT OF CALIFORNIA" in lines
    assert "  after the case number: (JCS)" in lines and "  title: JOINT LETTER" in lines
    at = lines.index("  2. Each Side's Position (once for each issue; each side writes its own part)")
    assert lines[at + 1] == "     For this issue, each side describes its position in detail: what it asks for, and why."
    assert lines[at + 2] == "     Source: Judge Joseph C. Spero: standing order excerpt (July 7, 2010), para. 3 (item 2)"
    assert ("Deadline for filing it: joint-letter (see conferral deadlines --judge cand-spero "
            "--procedure discovery-dispute)") in lines
    assert lines[-1].startswith("This is information, not legal advice.")
    as_json = run_cli("document", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--json")
    assert json.loads(as_json.stdout) == api.handle({"kind": "document", "judge": "cand-spero",
                                                     "procedure": "discovery-dispute", "lang": "en"})
    lr251 = run_cli("document", "--judge", "caed-claire", "--procedure", "lr251", "--lang", "es")
    assert lr251.returncode == 0 and lr251.stdout.startswith("Escriba su Declaración Conjunta\n")
    assert "Bloque de firmas: Signatures" in lr251.stdout
    assert "  4. Contentions of Each Party (una vez por cada asunto; cada parte escribe la suya)" in lr251.stdout
    free = run_cli("document", "--judge", "cand-westmore", "--procedure", "joint-letter")
    assert "  1. (no heading) (no source lists this part)" in free.stdout
    dated = run_cli("document", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--date", "2013-01-10")
    assert "  At most 10 pages. The source does not say whether exhibits count." in dated.stdout


def test_cli_a_procedure_without_a_document_is_one_line_and_exit_2():
    out = run_cli("document", "--judge", "cand-spero", "--procedure", "civil-lr-37")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "no document to write" in out.stderr


def test_the_warm_up_builds_a_document():
    assert any(r["kind"] == "document" for r in api.WARM_UP)
    for request in api.WARM_UP:
        assert "error" not in api.handle(request)
