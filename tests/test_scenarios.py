"""Golden scenarios: the worked examples a lawyer can read (src/conferral_core/data/examples/*.toml,
read by conferral_core.examples), and the strictness of their loader."""

import pytest

from conferral_core import api, examples, loader, rules
from conferral_core.loader import DataError
from conferral_core.messages import LANGUAGES

EXAMPLES = list(examples.load_all().values())
IDS = [e.id for e in EXAMPLES]


def test_there_are_scenarios_for_the_seed_judges_and_new_ones():
    judges = {e.judge for e in EXAMPLES}
    assert judges >= {"caed-claire", "caed-mcauliffe", "caed-newman", "cand-spero", "cand-ryu", "caed-grosjean", "caed-seng"}


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_scenario(example):
    answer = api.handle(example.to_request())
    assert "error" not in answer, answer
    expect = example.expect
    deadlines = {d["id"]: d for d in answer["deadlines"]}
    for deadline_id, (due, safe_due) in expect.deadlines.items():
        got = deadlines[deadline_id]
        assert (got["due"], got["safe_due"]) == (due, safe_due), deadline_id
        assert got["steps"] and got["source"]["quote"]
    windows = {w["id"]: w for w in answer["windows"]}
    for window_id, (start, end) in expect.windows.items():
        assert (windows[window_id]["start"], windows[window_id]["end"]) == (start, end)
    checks = {c["id"]: c["ok"] for c in answer["checks"]}
    for check_id, ok in expect.checks.items():
        assert checks[check_id] is ok, check_id
    for check_id in expect.absent_checks:
        assert check_id not in checks
    for deadline_id in expect.absent:
        assert deadline_id not in deadlines
    # A rule known only in other years: said (with the dates it is known for), never dropped in silence.
    assert sorted(o["id"] for o in answer["outside"]) == sorted(expect.outside)
    if expect.earliest is not None:
        assert [e["deadline"] for e in answer["earliest"]] == [expect.earliest]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_scenario_reads_in_every_language(example):
    for lang in LANGUAGES:
        if lang != "en":
            words = example.words(lang)
            assert words.title != example.title and words.why.strip(), f"{example.id}: [{lang}] needs title and why"


def test_the_request_is_the_one_a_person_would_make():
    flynn = examples.load_all()["flynn-served-by-mail"]
    assert flynn.to_request("es") == {
        "kind": "deadlines", "lang": "es", "judge": "caed-mcauliffe", "procedure": "ordered-conferral",
        "events": {"order": "2017-10-30", "service": "2017-10-30", "conference": "2017-11-16"}, "service": "mail"}
    assert examples.load_all()["lr251-no-response"].to_request()["conditions"] == ["rule-251e"]
    assert "service" not in examples.load_all()["claire-monday-conference"].to_request()


# ---- a strict loader -----------------------------------------------------------------------

GOOD = """\
title = "Judge Claire: a Monday call"
why = "The call is on Mon Dec 7, 2026 at 10:00 a.m."
judge = "caed-claire"
procedure = "informal-conference"

[events]
conference = "2026-12-07T10:00"

[expect.deadlines.joint-letter]
due = "2026-12-04T10:00"
safe_due = "2026-12-04T10:00"
"""


def parse(text, name="examples/a-test.toml"):
    return examples.parse_example(name, loader.parse(text, name), rules.judges())


def test_a_good_file_parses():
    example = parse(GOOD)
    assert (example.id, example.judge, example.events) == ("a-test", "caed-claire", {"conference": "2026-12-07T10:00"})
    assert example.expect.deadlines == {"joint-letter": ("2026-12-04T10:00", "2026-12-04T10:00")}
    assert example.words("en").title == "Judge Claire: a Monday call"


@pytest.mark.parametrize("old, new, message", [
    # unknown keys, at every level
    ('procedure = "informal-conference"', 'procedure = "informal-conference"\nservise = "mail"', "servise: unknown key"),
    ('[events]', '[expect]\nearlist = "joint-letter"\n\n[events]', "expect.earlist: unknown key"),
    ('safe_due = "2026-12-04T10:00"', 'safe_due = "2026-12-04T10:00"\nsafe = "x"', "expect.deadlines.joint-letter.safe: unknown key"),
    # translations live in data/translations/<lang>.toml, not in the example
    ('[events]', '[es]\ntitle = "x"\nwhy = "y"\n\n[events]', "es: unknown key"),
    # missing keys and wrong types
    ('why = "The call is on Mon Dec 7, 2026 at 10:00 a.m."\n', "", "why: missing"),
    ('judge = "caed-claire"', "judge = 7", "judge: expected a string, got int"),
    ('conference = "2026-12-07T10:00"', "conference = 2026-12-07T10:00:00", "events.conference: expected a string"),
    ('[expect.deadlines.joint-letter]', '[expect]\nchecks = { notice-21-days = "yes" }\n\n[expect.deadlines.joint-letter]',
     "expect.checks.notice-21-days: expected true or false, got str"),
    # bad dates
    ('conference = "2026-12-07T10:00"', 'conference = "2026-02-30T10:00"', "events.conference: '2026-02-30T10:00' is not a real date"),
    ('conference = "2026-12-07T10:00"', 'conference = "2026-12-07"', "events.conference: '2026-12-07' is not a real date written YYYY-MM-DDTHH:MM"),
    ('due = "2026-12-04T10:00"', 'due = "Dec 4, 2026"', "expect.deadlines.joint-letter.due: 'Dec 4, 2026' is not a real date"),
    # ids that do not exist
    ('judge = "caed-claire"', 'judge = "caed-nobody"', "judge: unknown judge 'caed-nobody'"),
    ('procedure = "informal-conference"', 'procedure = "discovery-dispute"', "procedure: 'caed-claire' has no procedure 'discovery-dispute'"),
    ('conference = "2026-12-07T10:00"', 'hearing = "2026-12-07"', "events.hearing: 'informal-conference' has no event 'hearing'"),
    ('[expect.deadlines.joint-letter]', '[expect.deadlines.joint-statement]', "expect.deadlines.joint-statement: 'informal-conference' has no deadline"),
    ('procedure = "informal-conference"', 'procedure = "informal-conference"\nconditions = ["rule-251e"]', "conditions[0]: 'informal-conference' has no condition 'rule-251e'"),
    ('procedure = "informal-conference"', 'procedure = "informal-conference"\nservice = "mail"', "service: no event of 'informal-conference' is the service of papers"),
])
def test_a_bad_file_is_refused_naming_the_file_and_the_key(old, new, message):
    assert old in GOOD
    with pytest.raises(DataError) as err:
        parse(GOOD.replace(old, new, 1))
    assert str(err.value).startswith(f"examples/a-test.toml: {message}"), str(err.value)


def test_the_file_name_is_the_id():
    with pytest.raises(DataError, match="lowercase letters, digits and hyphens"):
        parse(GOOD, "examples/A Test.toml")
