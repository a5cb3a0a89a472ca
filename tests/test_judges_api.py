"""The rules kinds of the API (judges, judge, deadlines, conferral) and their CLI contract."""

import json
import subprocess
import sys

import pytest

from conferral_core import api, rules


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "conferral_core", *args], capture_output=True, text=True)


def test_done_criterion_spero_meeting_deadline():
    out = run_cli("deadlines", "--judge", "cand-spero", "--procedure", "discovery-dispute",
                  "--event", "demand=2026-12-01", "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert set(answer) >= {"judge", "procedure", "deadlines", "windows", "checks", "warnings"}
    meeting = next(d for d in answer["deadlines"] if d["id"] == "meeting")
    assert meeting["due"] == "2026-12-11" and meeting["safe_due"] == "2026-12-11"
    assert meeting["steps"] and "Fri Dec 11, 2026" in meeting["steps"][1]["text"]
    assert meeting["source"]["quote"] == "Such a meeting shall occur within ten (10) calendar days of the demand."
    assert {"id", "title", "due", "safe_due", "steps", "source"} <= set(meeting)
    # Missing events leave their deadlines out, with a note of what to enter.
    assert {m["event"] for m in answer["missing"]} == {"meeting", "filing", "hearing"}


def test_judges_lists_status_and_procedures():
    answer = api.handle({"kind": "judges"})
    judges = {j["id"]: j for j in answer["judges"]}
    newman = judges["caed-newman"]["status"]
    assert (newman["value"], newman["date"]) == ("retired", "2024-02-07") and newman["warn"]
    assert newman["label"] == "Retired Mon Feb 7, 2024".replace("Mon", "Wed")
    assert "evidence" not in newman  # the list stays light; each judge's own file has the evidence
    claire = [p["id"] for p in judges["caed-claire"]["procedures"]]
    assert {"lr251", "informal-conference"} <= set(claire)
    assert claire == [p.id for p in rules.judges()["caed-claire"].procedures]
    assert answer["id_pattern"] == rules.JUDGE_ID.pattern
    out = run_cli("judges")
    assert out.returncode == 0 and "caed-newman" in out.stdout and "Retired Wed Feb 7, 2024" in out.stdout


def test_judge_detail_has_everything_a_page_needs():
    judge = api.handle({"kind": "judge", "judge": "caed-claire"})["judge"]
    assert judge["chambers"]["text"].startswith("501 I Street")
    assert judge["court_requirements"][0]["kind"] == "certification"
    informal = next(p for p in judge["procedures"] if p["id"] == "informal-conference")
    assert not informal["inherited"]
    kinds = {r["kind"]: r for r in informal["requirements"]}
    assert kinds["page-limit"]["max_pages"] == 2 and kinds["font"]["min_pt"] == 12
    assert kinds["submission"]["address"] == "acorders@caed.uscourts.gov"
    assert kinds["courtesy-copy"]["required"] is False
    lr251 = next(p for p in judge["procedures"] if p["id"] == "lr251")
    assert lr251["inherited"] and lr251["owner"] == "caed"
    json.dumps(judge)


@pytest.mark.parametrize("fields, code, field", [
    ({"judge": "caed-nobody", "procedure": "lr251"}, "unknown-judge", "judge"),
    ({"judge": "caed-claire", "procedure": "discovery-dispute"}, "unknown-procedure", "procedure"),
    ({"judge": "caed-claire", "procedure": "lr251", "events": {"meeting": "2026-12-01"}}, "unknown-event",
     "events.meeting"),
    ({"judge": "caed-claire", "procedure": "lr251", "events": {"hearing": "2026-13-01"}}, "bad-date", "events.hearing"),
    ({"judge": "caed-claire", "procedure": "informal-conference", "events": {"conference": "2026-12-08"}},
     "hours-need-time", "events.conference"),
    ({"judge": "caed-claire", "procedure": "lr251", "events": {"hearing": "2005-01-04"}}, "before-rule",
     "events.hearing"),
    ({"judge": "caed-claire", "procedure": "lr251", "events": ["hearing"]}, "bad-type", "events"),
    ({"judge": "caed-claire", "procedure": "lr251", "service": "mail"}, "no-service-event", "service"),
    ({"judge": "caed-claire", "procedure": "lr251", "conditions": ["sunny"]}, "bad-choice", "conditions"),
    ({"judge": "caed-mcauliffe", "procedure": "ordered-conferral", "events": {"service": "2060-12-20"}},
     "out-of-range", "events"),
])
def test_bad_deadline_requests(fields, code, field):
    answer = api.handle({"kind": "deadlines", **fields})
    assert (answer["error"]["code"], answer["error"]["field"]) == (code, field), answer


@pytest.mark.parametrize("args", [
    ("deadlines", "--judge", "caed-claire", "--procedure", "lr251", "--event", "hearing"),
    ("deadlines", "--judge", "caed-claire", "--procedure", "lr251", "--event", "hearing=2026-02-30"),
    ("deadlines", "--judge", "caed-claire", "--procedure", "lr251", "--event", "hearing=2026-12-08",
     "--event", "hearing=2026-12-09"),
    ("deadlines", "--judge", "nobody", "--procedure", "lr251"),
    ("letter", "--judge", "caed-claire", "--procedure", "informal-conference", "/nonexistent/letter.pdf"),
])
def test_cli_errors_are_one_line_exit_2(args):
    out = run_cli(*args)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("conferral: ")


def test_cli_human_deadlines():
    out = run_cli("deadlines", "--judge", "caed-mcauliffe", "--procedure", "ordered-conferral",
                  "--event", "order=2017-10-30", "--event", "service=2017-10-30", "--event", "conference=2017-11-16",
                  "--service", "mail")
    assert out.returncode == 0
    # The safe date leads; the rule's later date comes only with the reason not to use it.
    assert "File the Joint Statement (7 days after the conference): Fri Nov 24, 2017\n" in out.stdout
    assert "counts as a legal holiday, the deadline is later: Mon Nov 27, 2017." in out.stdout
    assert "The earliest is Fri Nov 24, 2017" in out.stdout


def test_lr251_check_says_how_short_the_notice_is():
    answer = api.handle({"kind": "deadlines", "judge": "caed-claire", "procedure": "lr251",
                         "events": {"filing": "2026-11-20", "hearing": "2026-12-08"}})
    check = answer["checks"][0]
    assert not check["ok"] and "18 days" in check["text"] and "21" in check["text"] and "Fri Dec 11, 2026" in check["text"]


def test_unknown_service_method_is_said_not_guessed():
    answer = api.handle({"kind": "deadlines", "judge": "caed-mcauliffe", "procedure": "ordered-conferral",
                         "events": {"service": "2017-10-30"}})
    d = answer["deadlines"][0]
    assert d["due"] == "2017-11-29"  # no added days: the earlier, safe date
    assert d["warnings"][0]["id"] == "service-unknown" and "Mon Dec 4, 2017" in d["warnings"][0]["text"]


# ---- conferral -----------------------------------------------------------------------------

def conferral(**fields):
    answer = api.handle({"kind": "conferral", **fields})
    assert "error" not in answer, answer
    return answer


def test_newman_letters_and_emails_alone_are_not_enough():
    answer = conferral(judge="caed-newman", modes=["letter", "email"], response_hours=18)
    problems = [f for f in answer["findings"] if f["level"] == "problem"]
    assert not answer["ok"] and len(problems) == 2
    assert "not enough" in problems[0]["text"] and problems[0]["source"]["doc"] == "wagnon-v-rocklin-2022"
    assert "18 hours" in problems[1]["text"]


def test_newman_phone_call_with_time_to_respond_is_fine():
    answer = conferral(judge="caed-newman", modes=["email", "phone"], response_hours=72)
    assert answer["ok"]
    assert [f["requirement"] for f in answer["findings"] if f["level"] == "ok"] == ["conferral-mode"]
    # The order criticised 18 hours but set no minimum: more time is information, never a pass.
    more = next(f for f in answer["findings"] if f["requirement"] == "response-time")
    assert more["level"] == "info" and "no minimum" in more["text"]


def test_a_way_of_conferring_the_source_neither_accepts_nor_rejects_is_said_not_judged():
    """Newman's order: in person or at a minimum by phone; letters and emails are not enough. Video is
    neither, so the checker says what the order names instead of failing the reader."""
    answer = conferral(judge="caed-newman", modes=["video"])
    mode = next(f for f in answer["findings"] if f["requirement"] == "conferral-mode")
    assert mode["level"] == "info" and "does not say" in mode["text"]
    assert answer["ok"]
    letters = conferral(judge="caed-newman", modes=["letter"])
    assert not letters["ok"]


def test_spero_needs_lead_trial_counsel_in_person():
    answer = conferral(judge="cand-spero", modes=["phone"], participants=["counsel"])
    problems = {f["requirement"] for f in answer["findings"] if f["level"] == "problem"}
    assert problems == {"conferral-mode", "conferral-who"}
    ok = conferral(judge="cand-spero", modes=["in-person"], participants=["lead-trial-counsel"])
    assert ok["ok"]


def test_claire_video_is_accepted_in_both_procedures():
    answer = conferral(judge="caed-claire", modes=["video"])
    assert answer["ok"] and {"lr251", "informal-conference"} <= set(answer["procedures"])
    assert answer["procedures"] == [p.id for p in rules.judges()["caed-claire"].procedures]  # every one


def test_mcauliffe_mentions_that_prisoner_cases_may_waive_conferral():
    answer = conferral(judge="caed-mcauliffe", procedure="ordered-conferral", modes=["phone"])
    assert any(f["requirement"] == "prisoner-cases" for f in answer["findings"])


@pytest.mark.parametrize("fields, code", [
    ({"judge": "caed-newman", "modes": []}, "empty-list"),
    ({"judge": "caed-newman", "modes": ["carrier-pigeon"]}, "bad-choice"),
    ({"judge": "caed-newman", "modes": "phone"}, "bad-type"),
    ({"judge": "caed-newman"}, "missing-field"),
    ({"judge": "caed-newman", "modes": ["phone"], "response_hours": -1}, "count-too-small"),
    ({"judge": "caed-newman", "modes": ["phone"], "participants": ["everyone"]}, "bad-choice"),
])
def test_bad_conferral_requests(fields, code):
    assert api.handle({"kind": "conferral", **fields})["error"]["code"] == code
