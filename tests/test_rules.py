"""Rules data: the ids other tools rely on, integrity, strictness, one canonical format."""

import datetime as dt
import re
from pathlib import Path

import pytest

from conferral_core import loader, rules
from conferral_core.loader import DataError

DATA = Path(rules.__file__).parent / "data"
INVALID = sorted((Path(__file__).parent / "fixtures" / "invalid-rules").glob("*.toml"))

# The contract: judge ids, procedure ids and event ids that pages, deep links and other tools use.
CONTRACT = {
    "caed-claire": {"informal-conference": ["request", "conference"], "lr251": ["filing", "hearing"]},
    "cand-spero": {"discovery-dispute": ["demand", "meeting", "filing", "hearing"]},
    "caed-mcauliffe": {"ordered-conferral": ["order", "service", "conference"], "lr251": ["filing", "hearing"]},
    "caed-newman": {"lr251": ["filing", "hearing"]},
}


def test_ids_are_a_contract():
    """These ids keep existing (more may be added: adding a judge edits no test)."""
    judges = rules.judges()
    assert set(judges) >= set(CONTRACT)
    for judge_id, procedures in CONTRACT.items():
        got = {p.id: [e.id for e in p.events] for p in judges[judge_id].procedures}
        for proc_id, events in procedures.items():
            assert set(got.get(proc_id, [])) >= set(events), (judge_id, proc_id)


def test_every_edcal_judge_inherits_local_rule_251():
    for judge in rules.judges().values():
        if judge.court == "caed":
            lr251 = judge.procedure("lr251")
            assert lr251 is not None and lr251.owner == "caed"


def test_judge_overrides_carry_their_own_source():
    claire = rules.judges()["caed-claire"].procedure("lr251")
    limit = next(r for r in claire.requirements if r.id == "page-limit")
    assert limit.fields["max_pages"] == 25 and limit.source.doc == "caed-lr251-quoted"
    court = rules.court_rules()["caed"].procedures[0]
    assert not any(r.kind == "page-limit" for r in court.requirements)  # L.R. 251 itself sets none


def test_status_is_shown_with_its_dates_and_evidence():
    judges = rules.judges()
    newman = judges["caed-newman"].status
    assert (newman.value, newman.date) == ("retired", dt.date(2024, 2, 7))
    for judge in judges.values():
        s = judge.status
        assert s.evidence and judge.verified and judge.initials.isupper(), judge.id
        dated = [e.dated for e in s.evidence if e.dated]
        assert not dated or s.as_of >= max(dated), judge.id
        assert s.value in rules.STATUSES and (s.value not in ("retired", "elevated") or s.date), judge.id


def test_ids_unique_and_references_resolve():
    seen = set()
    for judge in rules.judges().values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", judge.id) and judge.id.startswith(judge.court + "-")
        for p in judge.procedures:
            assert (judge.id, p.id) not in seen
            seen.add((judge.id, p.id))
            events = {e.id for e in p.events}
            for d in p.deadlines:
                assert d.anchor in events
            for w in p.windows:
                assert w.anchor in events
            for c in p.checks:
                assert {c.first, c.second} <= events


def test_every_requirement_deadline_and_limit_has_a_source():
    for judge in rules.judges().values():
        for p in judge.procedures:
            for item in p.deadlines + p.windows + p.checks + p.requirements:
                s = item.source
                assert s.doc in rules.sources() and s.pin and s.quote and s.verified


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_rules_are_rejected_with_file_and_key(path):
    text = path.read_text()
    expect = next(l for l in text.splitlines() if l.startswith("# expect: ")).split(": ", 1)[1]
    file = f"judges/{path.name}"
    with pytest.raises(DataError) as err:
        rules.parse_judge(file, loader.parse(text, file), rules.court_rules())
    assert str(err.value).startswith(expect)


# ---- one canonical format ------------------------------------------------------------------

DATA_FILES = sorted(p for p in DATA.rglob("*.toml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=[str(p.relative_to(DATA)) for p in DATA_FILES])
def test_data_files_are_in_canonical_form(path):
    """LF line ends, no tabs or trailing spaces, one final newline, no blank-line runs; keys
    before tables; top-level array entries kept in a stable order (sources by id, closures by date)."""
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text and "\t" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text
    for number, line in enumerate(text.splitlines(), 1):
        assert line == line.rstrip(), f"{path.name}:{number}: trailing space"
        assert not line.startswith(" ") or line.startswith("  "), f"{path.name}:{number}: indent by 2 spaces"
    data = loader.parse(text, path.name)
    if path.name == "sources.toml":
        ids = [s["id"] for s in data["source"]]
        assert ids == sorted(ids), "sources.toml: keep sources sorted by id"
    if "closure" in data:
        dates = [c["date"] for c in data["closure"]]
        assert dates == sorted(dates)
    if path.parent.name == "judges":
        keys = list(data)
        head = [k for k in ("id", "court", "name", "role", "title", "initials", "location", "verified") if k in data]
        assert keys[:len(head)] == head, f"{path.name}: start with {head}"


def test_every_requirement_kind_has_a_row_on_the_page_or_is_a_consequence():
    """A kind missing from the [rows] catalog section would vanish from every page."""
    for lang in ("en", "es"):
        rows = set(loader.load(f"messages/{lang}.toml")["rows"])
        missing = {k for k in rules.REQUIREMENT_FIELDS if k not in rows and k != "consequence"}
        assert not missing, (lang, missing)


def test_versions_apply_by_the_date_they_are_in_force():
    from conferral_core import api

    spero = rules.judges()["cand-spero"].procedure("discovery-dispute")
    limits = {r.in_force.start: r.fields["max_pages"] for r in spero.requirements if r.kind == "page-limit"}
    assert limits == {dt.date(2012, 6, 28): 10, dt.date(2016, 1, 21): 5}
    for day, expected in (("2013-05-01", 10), ("2017-05-01", 5), ("2011-05-01", None)):
        answer = api.handle({"kind": "letter", "judge": "cand-spero", "procedure": "discovery-dispute",
                             "text": "A short letter.", "date": day})
        assert answer["max_pages"] == expected, day
    newest = api.handle({"kind": "letter", "judge": "cand-spero", "procedure": "discovery-dispute", "text": "x"})
    assert newest["max_pages"] == 5
    # The meeting rule is known from the 2010 order on; before it, the engine says so instead of guessing.
    before = api.handle({"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
                         "events": {"demand": "2010-06-25"}})
    assert not before["deadlines"] and before["outside"][0]["id"] == "meeting"
    assert "Wed Jul 7, 2010" in before["outside"][0]["text"]
    after = api.handle({"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
                        "events": {"demand": "2021-06-25"}})
    assert after["deadlines"][0]["version"]["from"] == "2010-07-07"
    assert "in force from Wed Jul 7, 2010" in after["deadlines"][0]["version"]["text"]


def test_every_requirement_kind_has_a_label_in_every_catalog_and_a_page_role():
    """A kind without a [rows] label must never vanish from a page: the core refuses it."""
    from conferral_core import views
    from conferral_core.loader import DataError
    from conferral_core.messages import LANGUAGES, catalog

    for lang in LANGUAGES:
        assert set(rules.REQUIREMENT_FIELDS) <= set(catalog(lang).section("rows")), lang
    some = rules.court_rules()["caed"].requirements[0]
    shown = views.requirement(some, catalog("en"))
    assert shown["role"] in ("row", "consequence") and shown["label"]
    unlabelled = rules.Requirement(**{**some.__dict__, "kind": "no-such-kind"})
    with pytest.raises(DataError, match=r"\[rows\] no-such-kind: no label"):
        views.requirement(unlabelled, catalog("en"))


# ---- events a deadline sets, events the court holds ----------------------------------------

def test_the_data_marks_hearings_as_held_in_court():
    for judge in rules.judges().values():
        for proc in judge.procedures:
            for event in proc.events:
                if event.id == "hearing":
                    assert event.in_court, (judge.id, proc.id)
                if event.id in ("demand", "meeting", "filing", "cutoff", "request", "order", "service"):
                    assert not event.in_court, (judge.id, proc.id, event.id)


def test_the_judge_view_says_which_events_a_deadline_sets_and_which_the_court_holds():
    from conferral_core import api

    judge = api.handle({"kind": "judge", "judge": "cand-spero"})["judge"]
    proc = next(p for p in judge["procedures"] if p["id"] == "discovery-dispute")
    assert {d["id"]: d["sets"] for d in proc["deadlines"]} == {
        "meeting": "meeting", "joint-letter": None, "chambers-copy": None, "submit-without-argument": None}
    assert {e["id"]: e["in_court"] for e in proc["events"]} == {
        "demand": False, "meeting": False, "filing": False, "hearing": True}


def test_one_judge_is_read_alone_and_equals_the_same_judge_read_with_all():
    """`rules.judge` reads only that judge's file (the browser's first answer), and gives what
    `rules.judges` gives, in every language; an id that names no file is looked up among all."""
    from conferral_core import api, messages

    ids = sorted(rules.judges())
    api.reset()
    assert rules.judge("cand-spero") is not None
    assert rules._parsed_judges.cache_info().currsize == 0  # the other 85 files are not read
    alone = {(lang, judge_id): rules.judge(judge_id, lang) for lang in messages.LANGUAGES for judge_id in ids}
    assert rules._parsed_judges.cache_info().currsize == 0
    for (lang, judge_id), judge in alone.items():
        assert judge == rules.judges(lang)[judge_id], (lang, judge_id)
    for unknown in ("cand-sperro", "../judges/cand-spero", "CAND-SPERO", "cand-spero.toml", ""):
        assert rules.judge(unknown) is None
