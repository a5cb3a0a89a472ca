"""Every judge of both courts: the roster is complete, ids and initials resolve, Find my judge never
reports a case-type marker as a missing judge, and the status of each judge rests on dated evidence."""

import json
import re
import unicodedata

import pytest

from conferral_core import api, rules

ROSTER_DOC = "roster-galipo-2026"
COURT_OF_BLOCK = {"CAED": "caed", "CAND": "cand"}


def roster_entries():
    """(court, name, initials, notes) for every judge the stored Feb 2026 roster lists."""
    court, out = None, []
    for line in rules.source_text(ROSTER_DOC).splitlines():
        block = re.match(r"(CAED|CAND): \[", line)
        if block:
            court = COURT_OF_BLOCK[block.group(1)]
            continue
        if court and line.startswith("{"):
            entry = json.loads(line.rstrip(","))
            out.append((court, entry["name"], entry["initials"], entry.get("notes")))
    return out


def folded(name):
    """A name as ids spell it: ASCII, lowercase, spaces and apostrophes as hyphens, no suffix."""
    name = re.sub(r",? (Jr|Sr|II|III)\.?$", "", name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[ '’.-]+", "-", ascii_name).strip("-")


def test_the_roster_lists_22_and_36_judges():
    entries = roster_entries()
    counts = {c: sum(1 for e in entries if e[0] == c) for c in ("caed", "cand")}
    assert counts == {"caed": 22, "cand": 36}


@pytest.mark.parametrize("court, name, initials, notes", roster_entries(), ids=lambda v: str(v))
def test_every_roster_judge_has_a_file_with_the_roster_initials(court, name, initials, notes):
    judges = rules.judges()
    surname = folded(name).rsplit("-", 1)[-1]
    matches = [j for j in judges.values() if j.court == court and j.initials == initials
               and folded(j.name).endswith(surname)]
    assert len(matches) == 1, f"{name} ({court}) has no judge file"
    judge = matches[0]
    assert judge.initials == initials
    assert rules.JUDGE_ID.fullmatch(judge.id) and judge.id.startswith(f"{court}-")
    if notes == "Senior status":
        assert judge.status.value == "senior"
    if notes == "Recalled":
        assert judge.status.value in ("recalled", "retired")


def test_ids_follow_the_surname_rule():
    """<court>-<surname>, accents dropped, spaces and apostrophes as hyphens; a second judge with the
    same surname in one court adds a first initial."""
    judges = rules.judges().values()
    for judge in judges:
        assert rules.JUDGE_ID.fullmatch(judge.id), judge.id
        surname = judge.id[len(judge.court) + 1:]
        same = [j for j in judges if j.court == judge.court and folded(j.name).endswith(surname.rsplit("-", 1)[0])]
        if folded(judge.name).endswith(surname):
            continue
        # A second judge with the same surname: <surname>-<first initial>.
        base, initial = surname.rsplit("-", 1)
        assert len(initial) == 1 and folded(judge.name).endswith(base) and folded(judge.name)[0] == initial, judge.id
        assert len(same) > 1, judge.id
    ids = {j.id for j in judges}
    for expected in ("cand-van-keulen", "caed-barch-kuchta", "cand-martinez-olguin"):
        assert expected in ids


def test_every_initials_entry_finds_exactly_the_judges_that_carry_it():
    judges = list(rules.judges().values())
    for initials in sorted({j.initials for j in judges}):
        holders = {j.id for j in judges if j.initials == initials}
        answer = api.handle({"kind": "find-judge", "case_number": f"2:23-cv-01234-{initials}"})
        assert {j["id"] for j in answer["judges"]} == holders, initials
        if len(holders) > 1:
            assert answer["shared"] == [{"initials": initials, "judges": sorted(holders)}] or \
                {s["initials"] for s in answer["shared"]} == {initials}
            assert "more than one judge" in answer["text"]


def test_the_sacramento_case_number_leads_to_judge_delaney_and_local_rule_251():
    answer = api.handle({"kind": "find-judge", "case_number": "2:23-cv-01234-DAD-CKD"})
    found = {j["id"]: j for j in answer["judges"]}
    assert {"caed-drozd", "caed-delaney"} <= set(found)
    assert not answer["unknown"]
    delaney = api.handle({"kind": "judge", "judge": "caed-delaney"})["judge"]
    assert "lr251" in [p["id"] for p in delaney["procedures"]]
    result = api.handle({"kind": "deadlines", "judge": "caed-delaney", "procedure": "lr251",
                         "events": {"filing": "2027-01-04", "hearing": "2027-02-03"}})
    assert [d["id"] for d in result["deadlines"]] == ["joint-statement"]
    assert result["deadlines"][0]["safe_due"] == "2027-01-27"  # Wed Feb 3 - 7 days
    assert any(c["id"] == "court-rules-only" for c in result["caveats"])


@pytest.mark.parametrize("number, marker", [
    ("1:16-cv-01052-AWI-BAM (PC)", "PC"),
    ("2:21-cv-01968-TLN-DMC (HC)", "HC"),
])
def test_case_type_markers_are_never_reported_as_missing_judges(number, marker):
    answer = api.handle({"kind": "find-judge", "case_number": number})
    assert marker not in answer["unknown"]
    assert any(m["code"] == marker for m in answer["markers"])
    assert answer["judges"]


def test_unknown_initials_lead_to_the_courts_rules_never_a_dead_end():
    answer = api.handle({"kind": "find-judge", "case_number": "2:23-cv-01234-ZZQ"})
    assert answer["unknown"] == ["ZZQ"] and not answer["judges"]
    courts = {c["id"] for c in answer["courts"]}
    assert {"caed", "cand"} <= courts and courts == set(rules.court_rules())  # every court
    assert "court" in answer["text"]


def test_every_status_rests_on_dated_evidence_and_says_so():
    for judge in rules.judges().values():
        detail = api.handle({"kind": "judge", "judge": judge.id})["judge"]
        status = detail["status"]
        assert status["text"] and status["label"] and status["evidence"], judge.id
        for e in status["evidence"]:
            assert e["quote"] in rules.source_text(e["doc"]) or " ".join(e["quote"].split()) in \
                " ".join(rules.source_text(e["doc"]).split()), (judge.id, e["doc"])
        if all(rules.sources()[e["doc"]]["kind"] == "secondary" for e in status["evidence"]):
            assert status["secondary_only"], judge.id
            assert any(c["id"] in ("status-secondary", f"status-{status['value']}") for c in detail["caveats"])


def test_a_judge_without_own_rules_says_so_in_every_result():
    plain = [j for j in rules.judges().values() if not j.has_own_rules]
    assert plain, "some judges have only the court's rules"
    for judge in plain:
        detail = api.handle({"kind": "judge", "judge": judge.id})["judge"]
        assert any(c["id"] == "court-rules-only" for c in detail["caveats"]), judge.id
        assert detail["procedures"], f"{judge.id} must inherit the court's procedure"


def test_official_links_are_written_in_their_sources():
    for judge in rules.judges().values():
        if judge.page:
            assert judge.page.url in rules.source_text(judge.page.doc)
    for court in rules.court_rules().values():
        assert any(link.kind == "judges" for link in court.links)
        for link in court.links:
            assert link.url in rules.source_text(link.doc)


def test_initials_shared_by_two_judges_list_both_with_their_courts(monkeypatch):
    import dataclasses

    real = rules.judges()
    twin = dataclasses.replace(real["cand-spero"], id="caed-spero-twin", court="caed", name="Jane Q. Spero")
    monkeypatch.setattr(rules, "judges", lambda lang="en": {**real, twin.id: twin})
    answer = api.handle({"kind": "find-judge", "case_number": "3:15-cv-01953-JST (JCS)"})
    assert {j["id"] for j in answer["judges"]} >= {"cand-spero", "caed-spero-twin"}
    assert answer["shared"] == [{"initials": "JCS", "judges": ["cand-spero", "caed-spero-twin"]}]
    assert "Joseph C. Spero (N.D. Cal.)" in answer["text"] and "Jane Q. Spero (E.D. Cal.)" in answer["text"]


@pytest.mark.parametrize("number, judges", [
    ("CIV S-10-0912 LKK GGH", {"caed-karlton", "caed-hollows"}),  # the pre-2011 E.D. Cal. form
    ("CIV S-07-0940-WBS-CMK-P", {"caed-shubb", "caed-kellison"}),
    ("2:09-cv-01234-GEB-CMK", {"caed-burrell", "caed-kellison"}),
])
def test_older_case_numbers_and_former_judges_resolve(number, judges):
    answer = api.handle({"kind": "find-judge", "case_number": number})
    assert {j["id"] for j in answer["judges"]} == judges and not answer["unknown"]
