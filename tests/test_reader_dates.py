"""The reader's own dates: today, the order of the events, late events, court dates on closed
days; the chain of latest-case dates from the first event; results in time order; the safe date
first; and the calendar file."""

import dataclasses
import datetime as dt
import re

import pytest

from conferral_core import api, examples, procedures, rules
from conferral_core.messages import catalog

SPERO = {"judge": "cand-spero", "procedure": "discovery-dispute"}


def deadlines(lang="en", **fields):
    answer = api.handle({"kind": "deadlines", "lang": lang, **fields})
    assert "error" not in answer, answer
    return answer


def error_of(request):
    answer = api.handle(request)
    assert set(answer) == {"error"}, answer
    return answer["error"]


def by_id(answer):
    return {d["id"]: d for d in answer["deadlines"]}


# ---- today ---------------------------------------------------------------------------------

def test_a_deadline_before_today_says_it_has_passed_in_both_languages():
    answer = deadlines(**SPERO, events={"demand": "2027-01-04"}, today="2027-01-15")
    assert by_id(answer)["meeting"]["warnings"] == [{"id": "past", "text": (
        "This date has passed (today is Fri Jan 15, 2027). Ask the court what you can still do.")}]
    spanish = deadlines("es", **SPERO, events={"demand": "2027-01-04"}, today="2027-01-15")
    assert by_id(spanish)["meeting"]["warnings"] == [{"id": "past", "text": (
        "Esta fecha ya pasó (hoy es viernes 15 de enero de 2027). Pregunte al tribunal qué puede hacer todavía.")}]
    # The letter's latest-case date (Tue Jan 19) is still ahead.
    assert by_id(answer)["joint-letter"]["warnings"] == []


def test_a_deadline_on_today_or_later_has_not_passed_and_without_today_nothing_is_said():
    on_the_day = deadlines(**SPERO, events={"demand": "2027-01-04"}, today="2027-01-14")
    assert by_id(on_the_day)["meeting"]["warnings"] == []
    silent = deadlines(**SPERO, events={"demand": "2020-01-06"})
    assert all(w["id"] != "past" for d in silent["deadlines"] for w in d["warnings"])


def test_a_moment_deadline_has_passed_only_once_its_day_is_over():
    claire = {"judge": "caed-claire", "procedure": "informal-conference",
              "events": {"conference": "2026-12-08T10:00"}}  # the letter: by Mon Dec 7, 10:00 a.m.
    assert deadlines(**claire, today="2026-12-07")["deadlines"][0]["warnings"] == []
    assert [w["id"] for w in deadlines(**claire, today="2026-12-08")["deadlines"][0]["warnings"]] == ["past"]


@pytest.mark.parametrize("today, code", [("2027-02-30", "bad-date"), ("2027-13-01", "bad-date"),
                                         ("01/15/2027", "bad-date"), ("2027-01-15T10:00", "days-take-date"),
                                         (20270115, "bad-type"), (None, "bad-type")])
def test_a_bad_today_is_an_error_naming_the_field(today, code):
    for kind in ("deadlines", "ics"):
        err = error_of({"kind": kind, **SPERO, "events": {"demand": "2027-01-04"}, "today": today})
        assert (err["code"], err["field"]) == (code, "today")
    err = error_of({"kind": "deadlines", **SPERO, "today": "2027-02-30"})
    assert err["message"] == "Today's date: '2027-02-30' is not a real date. Use YYYY-MM-DD, for example 2027-03-24."
    spanish = error_of({"kind": "deadlines", "lang": "es", **SPERO, "today": "2027-02-30"})["message"]
    assert spanish.startswith("La fecha de hoy: '2027-02-30' no es una fecha real.")


@pytest.mark.parametrize("request_, field", [
    ({"kind": "deadlines", **SPERO, "events": {"demand": "2027-02-30"}}, "events.demand"),
    ({"kind": "deadlines", **SPERO, "events": {"demand": "2027-01-04", "meeting": "2027-02-29"}}, "events.meeting"),
    ({"kind": "ics", **SPERO, "events": {"demand": "2027-04-31"}}, "events.demand"),
    ({"kind": "deadlines", "judge": "caed-claire", "procedure": "informal-conference",
      "events": {"conference": "2027-02-30T10:00"}}, "events.conference"),
    ({"kind": "period", "court": "cand", "from": "2027-02-30", "days": 3}, "from"),
])
def test_an_impossible_date_is_an_error_naming_its_field(request_, field):
    err = error_of(request_)
    assert err["code"] in ("bad-date", "bad-datetime") and err["field"] == field


# ---- the order of the events ---------------------------------------------------------------

def test_an_event_before_the_event_it_follows_is_a_warning_in_both_languages():
    events = {"demand": "2027-01-04", "meeting": "2027-01-02"}
    assert deadlines(**SPERO, events=events)["warnings"] == [{"id": "event-order", "event": "meeting", "text": (
        "You entered the in-person meeting on Sat Jan 2, 2027, before the demand on Mon Jan 4, 2027. "
        "In this procedure it comes later. Check both dates.")}]
    assert deadlines("es", **SPERO, events=events)["warnings"] == [{"id": "event-order", "event": "meeting", "text": (
        "Usted indicó la reunión en persona el sábado 2 de enero de 2027, antes que la exigencia de reunirse, el lunes 4 de "
        "enero de 2027. En este procedimiento va después. Revise las dos fechas.")}]


def test_events_in_order_or_on_the_same_day_or_unordered_by_the_data_raise_nothing():
    assert deadlines(**SPERO, events={"demand": "2027-01-04", "meeting": "2027-01-04"})["warnings"] == []
    assert deadlines(**SPERO, events={"demand": "2027-01-04", "meeting": "2027-01-08"})["warnings"] == []
    # No deadline sets the filing or the hearing: their order is not the data's to say (the worked
    # example files a paper before the demand).
    example = examples.load_all()["spero-discovery-dispute"]
    assert api.handle(example.to_request())["warnings"] == []


def test_an_event_after_its_last_allowed_day_is_late_in_both_languages():
    events = {"demand": "2027-01-04", "meeting": "2027-01-20"}
    assert deadlines(**SPERO, events=events)["warnings"] == [{"id": "late", "event": "meeting", "text": (
        "You entered the in-person meeting on Wed Jan 20, 2027. That is after its last allowed day, Thu Jan 14, "
        "2027 (Lead trial counsel meet in person). Check the date. If it is right, ask the court what you can "
        "still do.")}]
    assert deadlines("es", **SPERO, events=events)["warnings"] == [{"id": "late", "event": "meeting", "text": (
        "Usted indicó la reunión en persona el miércoles 20 de enero de 2027. Es después del último día permitido, el jueves 14 "
        "de enero de 2027 (Los abogados principales del juicio se reúnen en persona). Revise la fecha. Si es correcta, "
        "pregunte al tribunal qué puede hacer todavía.")}]
    on_the_last_day = deadlines(**SPERO, events={"demand": "2027-01-04", "meeting": "2027-01-14"})
    assert on_the_last_day["warnings"] == []


def test_late_is_measured_against_the_safe_date():
    # Demand Tue Nov 17, 2026: day 10 is Fri Nov 27, a California holiday (courts open). The rule's
    # reading gives Mon Nov 30; the safe date is Fri Nov 27, so a meeting on Sat Nov 28 is late.
    answer = deadlines(**SPERO, events={"demand": "2026-11-17", "meeting": "2026-11-28"})
    meeting = by_id(answer)["meeting"]
    assert (meeting["due"], meeting["safe_due"]) == ("2026-11-30", "2026-11-27")
    assert [w["id"] for w in answer["warnings"]] == ["late"]
    assert "after its last allowed day, Fri Nov 27, 2026" in answer["warnings"][0]["text"]


def _chained(proc):
    """Spero's procedure as if the joint-letter deadline also set the filing: a longer chain to test
    the engine on (the data leaves it out: the filing may be of another paper)."""
    changed = tuple(dataclasses.replace(d, sets="filing") if d.id == "joint-letter" else d for d in proc.deadlines)
    return dataclasses.replace(proc, deadlines=changed)


def _compute(proc, events, lang="en", today=None):
    judge = rules.judges(lang)["cand-spero"]
    return procedures.compute(catalog(lang), judge, proc, events, None, set(), today).to_json()


def test_event_order_reaches_through_events_not_entered():
    proc = _chained(rules.judges()["cand-spero"].procedure("discovery-dispute"))
    answer = _compute(proc, {"demand": dt.date(2027, 1, 4), "filing": dt.date(2027, 1, 1)})
    assert [(w["id"], w["event"]) for w in answer["warnings"]] == [("event-order", "filing")]
    assert "the electronic filing on Fri Jan 1, 2027, before the demand on Mon Jan 4, 2027" in \
        answer["warnings"][0]["text"]
    # With the meeting entered, the filing is compared with the meeting, the nearest event it follows.
    answer = _compute(proc, {"demand": dt.date(2027, 1, 4), "meeting": dt.date(2027, 1, 8),
                             "filing": dt.date(2027, 1, 6)})
    assert [(w["id"], w["event"]) for w in answer["warnings"]] == [("event-order", "filing")]
    assert "before the in-person meeting on Fri Jan 8, 2027" in answer["warnings"][0]["text"]


# ---- court dates on days the court is closed ----------------------------------------------

@pytest.mark.parametrize("hearing, english, spanish", [
    ("2027-02-27", "You entered the hearing on Sat Feb 27, 2027, a Saturday. The court is closed that day. "
     "Check the date.", "Usted indicó la audiencia el sábado 27 de febrero de 2027, que es sábado. El tribunal está "
     "cerrado ese día. Revise la fecha."),
    ("2027-02-15", "You entered the hearing on Mon Feb 15, 2027. That day is Washington's Birthday, a court "
     "holiday, and the court is closed. Check the date.", "Usted indicó la audiencia el lunes 15 de febrero de 2027. Ese "
     "día es Natalicio de Washington, un feriado del tribunal, y el tribunal está cerrado. Revise la fecha."),
    ("2027-07-05", "You entered the hearing on Mon Jul 5, 2027. That is the day federal offices observe "
     "Independence Day (Sun Jul 4, 2027), and the court is closed. Check the date.", "Usted indicó la audiencia "
     "el lunes 5 de julio de 2027. Es el día en que las oficinas federales celebran Día de la Independencia (domingo 4 "
     "de julio de 2027), y el tribunal está cerrado. Revise la fecha."),
    ("2024-12-24", "You entered the hearing on Tue Dec 24, 2024. That is Christmas Eve, a day the President "
     "closed federal offices. It is a legal holiday, so a court date then is unlikely. Check the date.",
     "Usted indicó la audiencia el martes 24 de diciembre de 2024. Es Nochebuena, un día en que el Presidente cerró las "
     "oficinas federales. Es un feriado legal, así que es poco probable que el tribunal fije una fecha ese día. "
     "Revise la fecha."),
])
def test_a_hearing_on_a_day_the_court_is_closed_is_a_warning_in_both_languages(hearing, english, spanish):
    for lang, text in (("en", english), ("es", spanish)):
        answer = deadlines(lang, **SPERO, events={"hearing": hearing})
        assert answer["warnings"] == [{"id": "not-court-day", "event": "hearing", "text": text}]


def test_court_days_raise_nothing_and_a_california_holiday_is_a_court_day():
    assert deadlines(**SPERO, events={"hearing": "2027-02-26"})["warnings"] == []
    assert deadlines(**SPERO, events={"hearing": "2027-03-31"})["warnings"] == []  # Cesar Chavez Day: court open
    # Only events the data marks as held by the court: a meeting of the lawyers on a Saturday is no mistake.
    assert deadlines(**SPERO, events={"demand": "2027-01-04", "meeting": "2027-01-09"})["warnings"] == []


def test_a_phone_conference_with_the_judge_is_a_court_date_too():
    answer = deadlines(judge="caed-claire", procedure="informal-conference", events={"conference": "2027-02-27T10:00"})
    assert answer["warnings"] == [{"id": "not-court-day", "event": "conference", "text": (
        "You entered the phone conference on Sat Feb 27, 2027, a Saturday. The court is closed that day. "
        "Check the date.")}]


# ---- the chain from the first event ---------------------------------------------------------

def test_from_the_demand_alone_the_letter_is_counted_from_the_meetings_last_day():
    answer = deadlines(**SPERO, events={"demand": "2027-01-04"})
    got = by_id(answer)
    assert (got["meeting"]["safe_due"], got["meeting"]["assumed"]) == ("2027-01-14", None)
    letter = got["joint-letter"]
    assert (letter["due"], letter["safe_due"]) == ("2027-01-19", "2027-01-19")  # 5 days after Thu Jan 14
    assert letter["assumed"] == {"event": "meeting", "date": "2027-01-14",
                                 "text": "If the in-person meeting is on its last allowed day, Thu Jan 14, 2027:"}
    assert letter["steps"][0]["text"] == ("Counting starts from the in-person meeting, on Thu Jan 14, 2027. "
                                          "That day does not count.")
    spanish = by_id(deadlines("es", **SPERO, events={"demand": "2027-01-04"}))["joint-letter"]["assumed"]
    assert spanish["text"] == "Si la reunión en persona ocurre el último día permitido, el jueves 14 de enero de 2027:"


def test_the_chain_keeps_saying_what_to_enter_for_exact_dates():
    answer = deadlines(**SPERO, events={"demand": "2027-01-04"})
    missing = {m["event"]: m for m in answer["missing"]}
    assert missing["meeting"]["for"] == ["File the joint letter"]
    assert missing["meeting"]["text"] == (
        "Enter \"Day of the in-person meeting\" to get exact dates for: File the joint letter. Until then, they are "
        "counted as if the in-person meeting is on its last allowed day.")
    spanish = {m["event"]: m for m in deadlines("es", **SPERO, events={"demand": "2027-01-04"})["missing"]}
    assert spanish["meeting"]["text"] == (
        "Escriba \"Día de la reunión en persona\" para obtener las fechas exactas de: Presentar la carta conjunta. "
        "Mientras tanto, se cuentan como si la reunión en persona ocurriera el último día permitido.")
    # No deadline sets the filing or the hearing: nothing is assumed for them.
    assert missing["filing"]["text"].startswith("Enter \"Day the letter (or other paper) was filed electronically\" to see:")
    assert missing["hearing"]["text"] == ("Enter \"Hearing date\" to see: Tell the court you both agree to skip oral "
                                          "argument.")
    assert set(by_id(answer)) == {"meeting", "joint-letter"}


def test_an_entered_meeting_replaces_the_assumed_one():
    answer = deadlines(**SPERO, events={"demand": "2027-01-04", "meeting": "2027-01-08"})
    letter = by_id(answer)["joint-letter"]
    assert (letter["safe_due"], letter["assumed"]) == ("2027-01-13", None)
    assert "meeting" not in {m["event"] for m in answer["missing"]}
    # The meeting alone: the letter from it, and nothing assumed.
    alone = deadlines(**SPERO, events={"meeting": "2027-01-08"})
    assert [(d["id"], d["assumed"]) for d in alone["deadlines"]] == [("joint-letter", None)]


def test_the_meetings_last_day_is_its_safe_date():
    # Day 10 after Tue Nov 17, 2026 is Fri Nov 27 (a California holiday): the rule's reading is Mon Nov 30,
    # the safe date Fri Nov 27, and the latest case starts from the safe date.
    letter = by_id(deadlines(**SPERO, events={"demand": "2026-11-17"}))["joint-letter"]
    assert letter["assumed"]["date"] == "2026-11-27" and letter["safe_due"] == "2026-12-02"


def test_no_assumption_from_a_rule_not_in_force_then():
    answer = deadlines(**SPERO, events={"demand": "2010-06-25"})  # before the 2010 standing order
    assert answer["deadlines"] == [] and [o["id"] for o in answer["outside"]] == ["meeting"]
    missing = {m["event"]: m for m in answer["missing"]}
    assert missing["meeting"]["text"] == "Enter \"Day of the in-person meeting\" to see: File the joint letter."


def test_the_chain_goes_on_down_every_event_a_deadline_sets():
    proc = _chained(rules.judges()["cand-spero"].procedure("discovery-dispute"))
    answer = _compute(proc, {"demand": dt.date(2027, 1, 4)})
    chain = [(d["id"], d["safe_due"], d["assumed"] and d["assumed"]["event"]) for d in answer["deadlines"]]
    assert chain == [("meeting", "2027-01-14", None), ("joint-letter", "2027-01-19", "meeting"),
                     ("chambers-copy", "2027-01-20T12:00", "filing")]
    # An entered filing wins over the one the chain would assume.
    answer = _compute(proc, {"demand": dt.date(2027, 1, 4), "filing": dt.date(2027, 1, 15)})
    copy = next(d for d in answer["deadlines"] if d["id"] == "chambers-copy")
    assert (copy["safe_due"], copy["assumed"]) == ("2027-01-19T12:00", None)  # Mon Jan 18 is MLK Day


def test_the_chain_stops_where_the_holiday_data_ends():
    answer = deadlines(**SPERO, events={"demand": "2060-12-20"})
    assert [d["id"] for d in answer["deadlines"]] == ["meeting"]  # the letter would fall in 2061
    assert "meeting" in {m["event"] for m in answer["missing"]}


# ---- time order, the safe date first ---------------------------------------------------------

def test_deadlines_come_in_the_order_of_their_safe_dates():
    answer = api.handle(examples.load_all()["spero-discovery-dispute"].to_request())
    assert [(d["id"], d["safe_due"]) for d in answer["deadlines"]] == [
        ("chambers-copy", "2026-11-27T12:00"), ("meeting", "2026-12-11"), ("joint-letter", "2026-12-15"),
        ("submit-without-argument", "2027-01-07T16:30")]


@pytest.mark.parametrize("example", list(examples.load_all().values()), ids=list(examples.load_all()))
def test_every_answer_is_in_time_order(example):
    answer = api.handle(example.to_request())
    keys = [(d["safe_due"][:10], "T" in d["safe_due"], d["safe_due"], d["due"]) for d in answer["deadlines"]]
    assert keys == sorted(keys)
    starts = [(w["start"], w["end"]) for w in answer["windows"]]
    assert starts == sorted(starts)


def test_the_later_reading_comes_with_one_sentence_and_otherwise_is_null():
    flynn = api.handle(examples.load_all()["flynn-served-by-mail"].to_request())
    got = by_id(flynn)
    statement = got["joint-statement-after-conference"]
    assert (statement["due"], statement["safe_due"]) == ("2017-11-27", "2017-11-24")
    assert statement["later"] == {"date": "2017-11-27", "text": (
        "If Fri Nov 24, 2017 (Day after Thanksgiving) counts as a legal holiday, the deadline is later: Mon Nov 27, "
        "2017. That reading is not settled. Use the safe date.")}
    assert got["contact"]["later"] is None
    spanish = by_id(api.handle(examples.load_all()["flynn-served-by-mail"].to_request("es")))
    assert spanish["joint-statement-after-conference"]["later"]["text"] == (
        "Si el viernes 24 de noviembre de 2017 (Día después de Acción de Gracias) cuenta como feriado legal, el plazo es más "
        "tarde: lunes 27 de noviembre de 2017. Esa lectura no está decidida. Use la fecha segura.")


@pytest.mark.parametrize("example", list(examples.load_all().values()), ids=list(examples.load_all()))
def test_later_is_there_exactly_when_the_two_dates_differ(example):
    for lang in ("en", "es"):
        for d in api.handle(example.to_request(lang))["deadlines"]:
            if d["due"] == d["safe_due"]:
                assert d["later"] is None
            else:
                assert d["later"]["date"] == d["due"] and d["later"]["text"]
                assert d["due_text"] in d["later"]["text"]


# ---- steps name the event ------------------------------------------------------------------

def test_the_first_step_names_the_event_for_days_hours_business_days_and_counting_back():
    answer = api.handle(examples.load_all()["spero-discovery-dispute"].to_request())
    first = {d["id"]: d["steps"][0]["text"] for d in answer["deadlines"]}
    assert first["meeting"] == "Counting starts from the demand, on Tue Dec 1, 2026. That day does not count."
    assert first["chambers-copy"] == ("Counting starts from the electronic filing, on Wed Nov 25, 2026. "
                                      "That day does not count.")
    assert first["submit-without-argument"] == ("Counting starts from the hearing, on Fri Jan 8, 2027. "
                                                "That day does not count.")
    claire = deadlines(judge="caed-claire", procedure="informal-conference", events={"conference": "2026-12-08T10:00"})
    assert claire["deadlines"][0]["steps"][0]["text"] == (
        "Counting starts from the phone conference, at Tue Dec 8, 2026 at 10:00 a.m. The hours count from that moment.")
    spanish = api.handle(examples.load_all()["spero-discovery-dispute"].to_request("es"))
    assert by_id(spanish)["meeting"]["steps"][0]["text"] == (
        "El punto de partida es la exigencia de reunirse, el martes 1 de diciembre de 2026. Ese día no cuenta.")
    period = api.handle({"kind": "period", "court": "cand", "from": "2027-01-04", "days": 3})
    assert period["steps"][0]["text"] == "Counting starts from the event, on Mon Jan 4, 2027. That day does not count."


def test_no_step_says_the_event_when_it_knows_which():
    for example in examples.load_all().values():
        for lang in ("en", "es"):
            for d in api.handle(example.to_request(lang))["deadlines"]:
                assert all("the event" not in s["text"] and "el hecho que inicia" not in s["text"] for s in d["steps"])


# ---- the calendar file ---------------------------------------------------------------------

def ics(**fields):
    answer = api.handle({"kind": "ics", **SPERO, "events": {"demand": "2027-01-04"}, **fields})
    assert "error" not in answer, answer
    return answer


def unfold(content):
    assert content.endswith("\r\n") and "\n" not in content.replace("\r\n", "")
    return content.replace("\r\n ", "").split("\r\n")[:-1]


def test_the_calendar_is_stamped_with_the_export_time_and_named_by_its_first_safe_date():
    answer = ics(stamp="2026-12-01T17:30:05Z")
    assert answer["filename"] == "conferral-cand-spero-discovery-dispute-2027-01-14.ics"
    lines = unfold(answer["content"])
    assert [line for line in lines if line.startswith("DTSTAMP")] == ["DTSTAMP:20261201T173005Z"]
    assert "DTSTART;VALUE=DATE:20270114" in lines


def test_without_a_stamp_the_calendar_is_stamped_now():
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    lines = unfold(ics()["content"])
    after = dt.datetime.now(dt.timezone.utc)
    stamp = dt.datetime.strptime(next(x for x in lines if x.startswith("DTSTAMP:"))[8:], "%Y%m%dT%H%M%SZ")
    assert before <= stamp.replace(tzinfo=dt.timezone.utc) <= after


def test_a_calendar_holds_only_dates_from_entered_events_each_with_a_reminder_the_day_before():
    lines = unfold(ics(stamp="2026-12-01T17:30:00Z")["content"])
    assert lines.count("BEGIN:VEVENT") == 1  # the meeting; the letter's latest-case date is not a fact yet
    start = lines.index("BEGIN:VALARM")
    assert lines[start:start + 5] == ["BEGIN:VALARM", "ACTION:DISPLAY",
                                      "DESCRIPTION:Due tomorrow\\, Thu Jan 14\\, 2027: Lead trial counsel meet in person",
                                      "TRIGGER:-P1D", "END:VALARM"]
    assert lines[start + 5] == "END:VEVENT"
    summary = next(x for x in lines if x.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Thu Jan 14\\, 2027: Lead trial counsel meet in person (Joseph C. Spero)"
    description = next(x for x in lines if x.startswith("DESCRIPTION:Due"))
    assert description.startswith("DESCRIPTION:Due: Thu Jan 14\\, 2027 (the safe date).\\n- Counting starts from the demand")
    spanish = unfold(ics(lang="es", stamp="2026-12-01T17:30:00Z")["content"])
    assert "DESCRIPTION:Vence mañana\\, jueves 14 de enero de 2027: Los abogados principales del juicio se reúnen en " \
           "persona" in spanish
    assert "TRIGGER:-P1D" in spanish


def test_the_later_reading_is_in_the_description_after_the_safe_date():
    answer = api.handle({"kind": "ics", "judge": "caed-mcauliffe", "procedure": "ordered-conferral",
                         "events": {"conference": "2017-11-16"}, "stamp": "2026-12-01T17:30:00Z"})
    lines = unfold(answer["content"])
    assert answer["filename"] == "conferral-caed-mcauliffe-ordered-conferral-2017-11-24.ics"
    description = next(x for x in lines if x.startswith("DESCRIPTION:Due"))
    assert description.startswith("DESCRIPTION:Due: Fri Nov 24\\, 2017 (the safe date).\\nIf Fri Nov 24\\, 2017 "
                                  "(Day after Thanksgiving) counts as a legal holiday\\, the deadline is later: Mon Nov 27")


def test_a_link_goes_into_url_and_the_description():
    link = "https://conferral.example/checker/#judge=cand-spero&procedure=discovery-dispute&demand=2027-01-04"
    answer = ics(link=link, stamp="2026-12-01T17:30:00Z")
    lines = unfold(answer["content"])
    assert f"URL:{link}" in lines
    description = next(x for x in lines if x.startswith("DESCRIPTION:Due"))
    assert f"\\nLink: {link}\\n" in description
    for raw in answer["content"].split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75
    long_link = "https://conferral.example/" + "a" * 1970
    assert len(long_link) <= 2000
    assert f"URL:{long_link}" in unfold(ics(link=long_link)["content"])
    without = unfold(ics(stamp="2026-12-01T17:30:00Z")["content"])
    assert not any(x.startswith("URL:") for x in without) and "Link:" not in "".join(without)


@pytest.mark.parametrize("link, code", [
    ("https://evil.example/a,b", "bad-link"), ("https://evil.example/a;b", "bad-link"),
    ("https://evil.example/\r\nATTACH:https://evil.example/x", "bad-link"), ("https://evil.example/a\nb", "bad-link"),
    ("https://evil.example/a b", "bad-link"), ("javascript:alert(1)", "bad-link"), ("ftp://example.org/x", "bad-link"),
    ("https://", "bad-link"), ("https://example.org/" + "a" * 1981, "bad-link"), ("https://exámple.org/", "bad-link"),
    ("https://example.org/\"x\"", "bad-link"), ("https://example.org/\\x", "bad-link"),
    (["https://example.org/"], "bad-type"), (None, "bad-type"),
])
def test_a_hostile_or_bad_link_is_refused_naming_the_field(link, code):
    err = error_of({"kind": "ics", **SPERO, "events": {"demand": "2027-01-04"}, "link": link})
    assert (err["code"], err["field"]) == (code, "link")
    if code == "bad-link":
        assert err["message"] == ("The link must be a web address that starts with https:// or http://, with at most "
                                  "2000 characters and no spaces, commas or semicolons.")


@pytest.mark.parametrize("stamp", ["2027-02-30T10:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T17:30:00",
                                   "2026-12-01T17:30Z", "2026-12-01 17:30:00Z", "2026-12-01T17:30:00+00:00", 5])
def test_a_bad_stamp_is_refused_naming_the_field(stamp):
    err = error_of({"kind": "ics", **SPERO, "events": {"demand": "2027-01-04"}, "stamp": stamp})
    assert err["field"] == "stamp" and err["code"] in ("bad-stamp", "bad-type")


def test_stamp_and_link_belong_to_the_calendar_only():
    for field, value in (("stamp", "2026-12-01T17:30:00Z"), ("link", "https://example.org/")):
        err = error_of({"kind": "deadlines", **SPERO, "events": {"demand": "2027-01-04"}, field: value})
        assert (err["code"], err["field"]) == ("unknown-field", field)


@pytest.mark.parametrize("example", list(examples.load_all().values()), ids=list(examples.load_all()))
def test_every_calendar_names_the_judge_and_leads_with_the_safe_date(example):
    request = {**example.to_request(), "kind": "ics", "stamp": "2026-12-01T17:30:00Z"}
    answer = api.handle(request)
    if "error" in answer:  # an example with nothing to put in a calendar
        assert answer["error"]["code"] == "no-deadlines"
        return
    judge = rules.judges()[example.judge]
    result = api.handle(example.to_request())
    entered = [d for d in result["deadlines"] if d["assumed"] is None]
    lines = unfold(answer["content"])
    summaries = [x for x in lines if x.startswith("SUMMARY:")]
    assert len(summaries) == len(entered) == lines.count("BEGIN:VALARM") == lines.count("TRIGGER:-P1D")
    for line, d in zip(summaries, entered):
        escaped = d["safe_due_text"].replace(",", "\\,")
        assert line.startswith(f"SUMMARY:{escaped}: ") and line.endswith(f"({judge.name})")
    assert answer["filename"] == f"conferral-{judge.id}-{example.procedure}-{entered[0]['safe_due'][:10]}.ics"
    assert re.fullmatch(r"conferral-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.ics", answer["filename"])


# ---- the command line ----------------------------------------------------------------------

def run_cli(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "conferral_core", *args], capture_output=True, text=True)


def test_the_cli_shows_the_warnings_the_latest_case_and_the_safe_date_first():
    out = run_cli("deadlines", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--event",
                  "demand=2027-01-04", "--event", "hearing=2027-02-27", "--today", "2027-01-15")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == ("Warning: You entered the hearing on Sat Feb 27, 2027, a Saturday. The court is closed that "
                        "day. Check the date.")
    assert lines[1] == "Lead trial counsel meet in person: Thu Jan 14, 2027"
    assert ("    Warning: This date has passed (today is Fri Jan 15, 2027). Ask the court what you can still do."
            in lines)
    letter = lines.index("File the joint letter: Tue Jan 19, 2027  (latest case)")
    assert lines[letter + 1] == ("    If the in-person meeting is on its last allowed day, Thu Jan 14, 2027: "
                                 "Tue Jan 19, 2027")
    assert lines.index("Tell the court you both agree to skip oral argument: Fri Feb 26, 2027 at 4:30 p.m.") > letter
    spanish = run_cli("deadlines", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--event",
                      "demand=2027-01-04", "--lang", "es").stdout
    assert "Presentar la carta conjunta: martes 19 de enero de 2027  (fecha más tardía posible)\n" in spanish
    bad = run_cli("deadlines", "--judge", "cand-spero", "--procedure", "discovery-dispute", "--today", "2027-02-30")
    assert bad.returncode == 2 and bad.stderr.startswith("conferral: Today's date: '2027-02-30' is not a real date")
