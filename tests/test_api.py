"""The JSON API and the CLI contract: shapes, errors, exit codes."""

import json
import subprocess
import sys

import pytest

from conferral_core import api


def error_of(request):
    answer = api.handle(request)
    assert set(answer) == {"error"}, answer
    err = answer["error"]
    assert set(err) == {"code", "field", "message"} and err["message"]
    return err


BAD_PERIODS = [
    # (fields, error code, field)
    ({"court": "nope", "from": "2027-01-04", "days": 3}, "unknown-court", "court"),
    ({"court": "caed", "from": "2027-02-30", "days": 3}, "bad-date", "from"),
    ({"court": "caed", "from": "27-2-3", "days": 3}, "bad-date", "from"),
    ({"court": "caed", "from": "2027-02-03", "hours": 3}, "hours-need-time", "from"),
    ({"court": "caed", "from": "2027-02-03T10:00", "days": 3}, "days-take-date", "from"),
    ({"court": "caed", "from": "2027-02-03T25:00", "hours": 3}, "bad-datetime", "from"),
    ({"court": "caed", "from": "2027-02-03", "days": 3, "hours": 2}, "days-or-hours", "hours"),
    ({"court": "caed", "from": "2027-02-03"}, "need-days-or-hours", "days"),
    ({"court": "caed", "from": "2027-02-03", "days": 3654}, "count-too-large", "days"),
    ({"court": "caed", "from": "2027-02-03T10:00", "hours": 87673}, "count-too-large", "hours"),
    ({"court": "caed", "from": "2027-02-03", "days": -3}, "count-too-small", "days"),
    ({"court": "caed", "from": "2027-02-03", "days": 0}, "count-too-small", "days"),
    ({"court": "caed", "from": "2027-02-03", "days": "3"}, "bad-type", "days"),
    ({"court": "caed", "from": "2027-02-03", "days": True}, "bad-type", "days"),
    ({"court": "caed", "from": "2027-02-03", "days": 3.0}, "bad-type", "days"),
    ({"court": "caed", "from": 20270203, "days": 3}, "bad-type", "from"),
    ({"court": "caed", "from": "2027-02-03", "days": 3, "direction": "sideways"}, "bad-choice", "direction"),
    ({"court": "caed", "from": "2027-02-03", "days": 3, "service": "pigeon"}, "bad-choice", "service"),
    ({"court": "caed", "from": "2027-02-03", "days": 3, "direction": "before", "service": "mail"},
     "service-before", "service"),
    ({"court": "caed", "from": "2026-03-08T02:30", "hours": 3}, "time-gap", "from"),
    ({"court": "caed", "from": "2026-11-01T01:30", "hours": 3}, "time-twice", "from"),
    ({"court": "caed", "from": "2009-11-30", "days": 3}, "before-rule", "from"),
    ({"court": "caed", "from": "2060-12-20", "days": 30}, "out-of-range", "from"),
    ({"court": "caed", "from": "2027-02-03", "days": 3, "colour": "red"}, "unknown-field", "colour"),
    ({"from": "2027-02-03", "days": 3}, "missing-field", "court"),
]


@pytest.mark.parametrize("fields, code, field", BAD_PERIODS)
def test_bad_period_requests(fields, code, field):
    err = error_of({"kind": "period", **fields})
    assert (err["code"], err["field"]) == (code, field)


@pytest.mark.parametrize("request_, code", [
    ([], "bad-request"), ("period", "bad-request"), (None, "bad-request"),
    ({}, "missing-kind"), ({"kind": "nope"}, "unknown-kind"), ({"kind": ["period"]}, "unknown-kind"),
    ({"kind": "courts", "lang": "xx"}, "bad-choice"),
    ({"kind": "calendar", "court": "caed", "year": 1900}, "year-range"),
    ({"kind": "calendar", "court": "caed", "year": "2026"}, "bad-type"),
])
def test_bad_requests(request_, code):
    assert error_of(request_)["code"] == code


def test_error_messages_say_what_to_fix():
    assert "YYYY-MM-DD" in error_of({"kind": "period", "court": "caed", "from": "2027-02-30", "days": 1})["message"]
    assert "caed, cand" in error_of({"kind": "period", "court": "x", "from": "2027-02-03", "days": 1})["message"]


def test_period_answer_shape():
    answer = api.handle({"kind": "period", "court": "cand", "from": "2026-12-07T10:00", "hours": 24,
                         "direction": "before"})
    assert {"due", "safe_due", "steps", "warnings", "time_zone", "unit", "direction"} <= set(answer)
    assert answer["due"] == "2026-12-04T10:00"
    for step in answer["steps"]:
        assert set(step) == {"id", "text", "rule"} and step["rule"].startswith("6(")
    json.dumps(answer)  # plain JSON


def test_calendar_and_courts():
    cal = api.handle({"kind": "calendar", "court": "cand", "year": 2027})
    chavez = next(h for h in cal["holidays"] if h["name"] == "Cesar Chavez Day")
    assert chavez == {"date": "2027-03-31", "name": "Cesar Chavez Day", "kind": "state", "rule": "6(a)(6)(C)",
                      "citation": chavez["citation"], "forward_only": True, "note": chavez["note"]}
    assert "6700" in chavez["citation"]
    july = next(h for h in cal["holidays"] if h["name"] == "Independence Day")
    assert july["date"] == "2027-07-05" and july["observed_for"] == "2027-07-04"
    courts = api.handle({"kind": "courts"})["courts"]
    assert [c["id"] for c in courts] == ["caed", "cand"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "conferral_core", *args], capture_output=True, text=True)


def test_cli_json_contract():
    out = run_cli("period", "--court", "caed", "--from", "2027-03-24", "--days", "7", "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert (answer["due"], answer["safe_due"]) == ("2027-04-01", "2027-03-31")
    assert any("Cesar Chavez Day" in s["text"] for s in answer["steps"])


def test_cli_counts_business_days_with_the_same_answer_as_the_api():
    out = run_cli("period", "--court", "caed", "--from", "2027-04-02", "--business-days", "2", "--before", "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert (answer["due"], answer["safe_due"]) == ("2027-03-31", "2027-03-30")
    assert answer == api.handle({"kind": "period", "court": "caed", "from": "2027-04-02", "business_days": 2,
                                 "direction": "before"})
    human = run_cli("period", "--court", "caed", "--from", "2027-03-29", "--business-days", "3")
    assert human.returncode == 0
    assert human.stdout.splitlines()[0] == "Due: Fri Apr 2, 2027  (safe date: Thu Apr 1, 2027)"


def test_cli_human_answer_puts_the_date_first():
    out = run_cli("period", "--court", "caed", "--from", "2026-12-07T10:00", "--hours", "24", "--before")
    assert out.returncode == 0
    first = out.stdout.splitlines()[0]
    assert first == "Due: Fri Dec 4, 2026 at 10:00 a.m."


@pytest.mark.parametrize("args", [
    ("period", "--court", "xx", "--from", "2027-01-04", "--days", "3"),
    ("period", "--court", "caed", "--from", "2027-02-30", "--days", "3"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--hours", "3"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--days", "3", "--hours", "4"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--days", "99999"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--days", "three"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--business-days", "0"),
    ("period", "--court", "caed", "--from", "2027-02-03T10:00", "--business-days", "2"),
    ("period", "--court", "caed", "--from", "2027-02-03", "--business-days", "2", "--days", "2"),
    ("period", "--court", "caed", "--days", "3"),
    ("calendar", "--court", "caed", "--year", "1800"),
    ("frobnicate",),
])
def test_cli_errors_are_one_line_exit_2(args):
    out = run_cli(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conferral: ") and "Traceback" not in out.stderr


def test_cli_calendar_human():
    out = run_cli("calendar", "--court", "caed", "--year", "2026")
    assert out.returncode == 0
    assert "Fri Nov 27, 2026  Day after Thanksgiving (forward periods only; court open)" in out.stdout
