"""The JSON API and the CLI contract: shapes, errors, exit codes."""

import json
import subprocess
import sys

import pytest

from conferral_core import api, calendars


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
    ids = [c["id"] for c in api.handle({"kind": "courts"})["courts"]]
    assert {"caed", "cand"} <= set(ids)
    assert ids == list(calendars.courts())  # every court of the data, in its order


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


def deep(n):
    value = []
    for _ in range(n):
        value = [value]
    return value


HOSTILE = [deep(5000), 10 ** 5000, -(10 ** 5000), "x" * 1_800_000, {"a": deep(3000)}, 1e308, float("nan")]


@pytest.mark.parametrize("where", ["kind", "lang", "court", "from", "days", "key"])
@pytest.mark.parametrize("value", HOSTILE, ids=["deep", "huge", "-huge", "long", "deep-dict", "1e308", "nan"])
def test_hostile_values_anywhere_get_a_short_error_never_an_exception(where, value):
    request = {"kind": "period", "court": "caed", "from": "2027-01-04", "days": 3}
    if where == "key":
        request[value if isinstance(value, str) else f"x-{type(value).__name__}"] = value
    else:
        request[where] = value
    answer = api.handle(request)
    assert set(answer["error"]) == {"code", "field", "message"}
    assert answer["error"]["code"] != "internal", answer
    assert len(answer["error"]["message"]) < 400 and len(str(answer["error"]["field"])) < 100


@pytest.mark.parametrize("fields, field", [
    ({"kind": "period", "court": "caed", "from": "9999-12-25", "days": 10}, "from"),
    ({"kind": "period", "court": "caed", "from": "1989-12-25", "days": 10}, "from"),
    ({"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
      "events": {"request": "2099-01-05"}}, "events.request"),
    ({"kind": "deadlines", "judge": "caed-claire", "procedure": "lr251", "events": {"hearing": "9999-12-25"}},
     "events.hearing"),
    ({"kind": "ics", "judge": "cand-spero", "procedure": "discovery-dispute", "events": {"demand": "2077-01-04"}},
     "events.demand"),
])
def test_dates_outside_the_covered_years_are_refused_up_front(fields, field):
    err = api.handle(fields)["error"]
    assert (err["code"], err["field"]) == ("out-of-range", field)
    assert "1990 to 2060" in err["message"]


def test_errors_speak_the_requests_language_even_for_a_bad_kind():
    assert api.handle({"kind": "nope", "lang": "es"})["error"]["message"].startswith("Tipo desconocido")
    assert api.handle({"lang": "es"})["error"]["message"].startswith("Diga qué calcular")


def test_errors_name_fields_in_words_not_internal_paths_and_never_list_nothing():
    bad_date = api.handle({"kind": "deadlines", "judge": "caed-claire", "procedure": "lr251",
                           "events": {"hearing": "2026-13-01"}})["error"]
    assert bad_date["field"] == "events.hearing"  # the machine-readable place stays
    assert bad_date["message"].startswith("Hearing date: ") and "events." not in bad_date["message"]
    spanish = api.handle({"kind": "deadlines", "judge": "caed-claire", "procedure": "lr251", "lang": "es",
                          "events": {"hearing": "2026-13-01"}})["error"]["message"]
    assert "events." not in spanish and spanish.startswith("Fecha de la audiencia")
    none = api.handle({"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
                       "conditions": ["x"]})["error"]
    assert none["code"] == "no-choices" and "one of ," not in none["message"]
    assert api.handle({"kind": "period", "court": "caed", "from": 5, "days": 3})["error"]["message"] == \
        "The start date must be text."


def test_cli_output_it_cannot_write_is_one_line_and_exit_3_never_a_traceback():
    import os

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run([sys.executable, "-m", "conferral_core", "period", "--court", "caed", "--from", "2027-01-04",
                          "--days", "3", "--lang", "es"], capture_output=True, text=True, env=env)
    assert out.returncode == 3 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("conferral: ")
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            out = subprocess.run([sys.executable, "-m", "conferral_core", "judges"], stdout=full,
                                 stderr=subprocess.PIPE, text=True)
        assert out.returncode == 3 and "Traceback" not in out.stderr
        assert out.stderr.startswith("conferral: cannot write the answer")


def test_cli_refuses_an_endless_or_huge_file_before_reading_it_all(tmp_path):
    import time

    start = time.monotonic()
    out = run_cli("letter", "--judge", "caed-claire", "--procedure", "informal-conference", "/dev/zero")
    assert out.returncode == 2 and "larger than 20 MB" in out.stderr and "Traceback" not in out.stderr
    big = tmp_path / "big.pdf"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # a sparse file: its size is known without reading it
    out = run_cli("letter", "--judge", "caed-claire", "--procedure", "informal-conference", str(big))
    assert out.returncode == 2 and "larger than 20 MB" in out.stderr
    assert time.monotonic() - start < 20


# ---- worked examples -----------------------------------------------------------------------

def test_examples_answer_each_example_with_its_request_and_the_engines_answer():
    from conferral_core import examples

    answer = api.handle({"kind": "examples"})
    assert set(answer) == {"kind", "examples"} and answer["kind"] == "examples"
    loaded = examples.load_all()
    assert [e["id"] for e in answer["examples"]] == list(loaded) and len(loaded) >= 10
    for got in answer["examples"]:
        example = loaded[got["id"]]
        assert set(got) == {"id", "title", "why", "request", "answer"}
        assert (got["title"], got["why"], got["request"]) == (example.title, example.why, example.to_request())
        assert got["answer"] == api.handle(example.to_request())  # computed now, the same as asking
    spanish = api.handle({"kind": "examples", "lang": "es"})["examples"]
    for got in spanish:
        example = loaded[got["id"]]
        assert (got["title"], got["why"]) == (example.words("es").title, example.words("es").why)
        assert got["request"] == example.to_request("es") and got["answer"] == api.handle(example.to_request("es"))
    assert json.loads(json.dumps(answer)) == answer  # plain JSON


def test_examples_take_no_field_but_the_language():
    assert (error_of({"kind": "examples", "judge": "caed-claire"})["code"],
            error_of({"kind": "examples", "lang": "xx"})["code"]) == ("unknown-field", "bad-choice")


def test_an_example_the_engine_refuses_is_a_data_error_naming_its_file(monkeypatch):
    import dataclasses

    from conferral_core import examples

    claire = examples.load_all()["claire-monday-conference"]
    broken = dataclasses.replace(claire, id="before-the-rule", events={"conference": "2008-12-07T10:00"})
    monkeypatch.setattr(examples, "load_all", lambda: {broken.id: broken})
    err = error_of({"kind": "examples"})
    assert (err["code"], err["field"]) == ("data", None)
    assert "examples/before-the-rule.toml: events.conference: " in err["message"]


def test_examples_are_imported_only_when_asked_for_and_forgotten_by_reset():
    from imports import imported_by_a_deadline

    assert not imported_by_a_deadline("conferral_core.examples")
    from conferral_core import examples

    examples.load_all()
    assert examples.load_all.cache_info().currsize == 1
    api.reset()
    assert examples.load_all.cache_info().currsize == 0


def test_the_engine_answers_in_dates_and_moments_and_its_json_is_made_in_one_place():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from conferral_core import procedures, rules
    from conferral_core.messages import catalog

    judge = rules.judges()["cand-spero"]
    proc = judge.procedure("discovery-dispute")
    zone = ZoneInfo("America/Los_Angeles")
    events = {"demand": dt.date(2026, 12, 1), "filing": dt.date(2026, 12, 14), "hearing": dt.date(2027, 1, 7)}
    result = procedures.compute(catalog(), judge, proc, events, None, set())
    by_id = {d.id: d for d in result.deadlines}
    assert by_id["meeting"].due == dt.date(2026, 12, 11)
    assert by_id["chambers-copy"].due == dt.datetime(2026, 12, 15, 12, 0, tzinfo=zone)  # a moment, in court time
    request = {"kind": "deadlines", "judge": "cand-spero", "procedure": "discovery-dispute",
               "events": {k: v.isoformat() for k, v in events.items()}}
    answer = api.handle(request)
    assert {k: v for k, v in answer.items() if k not in ("kind", "caveats")} == result.to_json()
    assert json.loads(json.dumps(answer)) == answer


def test_moments_are_ordered_as_a_reader_reads_them():
    import datetime as dt

    from conferral_core.procedures import as_read

    day = dt.date(2026, 12, 8)
    # A whole day comes before any time on it (so a date and a moment of one day can be compared).
    assert as_read(day) < as_read(dt.datetime(2026, 12, 8, 0, 0)) < as_read(dt.datetime(2026, 12, 8, 9, 30))
    assert as_read(dt.datetime(2026, 12, 7, 23, 59)) < as_read(day)


def test_every_dataclass_of_the_core_has_its_own_docstring():
    """Without one, @dataclass writes one from inspect.signature while the module is imported: a
    few milliseconds each in the browser's Python, on the way to every first answer."""
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import conferral_core

    undocumented = []
    for module in pkgutil.walk_packages(conferral_core.__path__, "conferral_core."):
        if module.name in ("conferral_core.cli", "conferral_core.__main__"):
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if inspect.isclass(value) and dataclasses.is_dataclass(value) and value.__module__ == loaded.__name__:
                written = value.__dict__.get("__doc__") or ""
                if not written or written.startswith(f"{value.__name__}("):
                    undocumented.append(f"{module.name}.{name}")
    assert undocumented == []
