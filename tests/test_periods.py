"""Literal-date tables for FRCP 6(a) and 6(d), each case worked out by hand from a calendar."""

import datetime as dt

import pytest

from conferral_core import api, calendars, periods

# (request fields, due, safe_due, warning ids) -- every date below was checked against a
# printed calendar, not copied from the engine's output.
DAY_CASES = [
    # Forward, landing on an ordinary day, a weekend, a federal holiday.
    (dict(**{"from": "2026-12-01"}, days=7), "2026-12-08", "2026-12-08", []),
    (dict(**{"from": "2026-11-30"}, days=5), "2026-12-07", "2026-12-07", []),  # Sat -> Mon
    (dict(**{"from": "2026-12-01"}, days=5), "2026-12-07", "2026-12-07", []),  # Sun -> Mon
    (dict(**{"from": "2026-01-12"}, days=7), "2026-01-20", "2026-01-20", []),  # MLK Day -> Tue
    (dict(**{"from": "2026-05-15"}, days=8), "2026-05-26", "2026-05-26", []),  # Sat, Sun, Memorial Day
    (dict(**{"from": "2024-12-17"}, days=7), "2024-12-26", "2024-12-26", []),  # EO 14129, then Christmas
    # Forward onto an observed day (Independence Day 2026 is a Saturday, observed Fri Jul 3).
    (dict(**{"from": "2026-06-26"}, days=7), "2026-07-06", "2026-07-03", ["observed-day"]),
    # Forward onto California-only days: the rule's date and the court-open (safe) date.
    (dict(**{"from": "2027-03-24"}, days=7), "2027-04-01", "2027-03-31", ["state-holiday"]),
    (dict(**{"from": "2026-09-18"}, days=7), "2026-09-28", "2026-09-25", ["state-holiday"]),
    (dict(**{"from": "2026-11-19"}, days=7), "2026-11-30", "2026-11-27", ["state-holiday"]),
    (dict(**{"from": "2027-02-05"}, days=7), "2027-02-16", "2027-02-12", ["state-holiday"]),
    # Diwali (Gov. Code 6700, AB 268, from 2026): Fri Oct 29, 2027.
    (dict(**{"from": "2027-10-19"}, days=10), "2027-11-01", "2027-10-29", ["state-holiday"]),
    (dict(**{"from": "2026-10-29"}, days=10), "2026-11-09", "2026-11-09", []),  # Sun Nov 8, 2026: a Sunday anyway
    # Backward (6(a)(5)): weekends and federal holidays push earlier; state days do not count.
    (dict(**{"from": "2026-12-08"}, days=7, direction="before"), "2026-12-01", "2026-12-01", []),
    (dict(**{"from": "2026-12-14"}, days=8, direction="before"), "2026-12-04", "2026-12-04", []),
    (dict(**{"from": "2027-01-25"}, days=7, direction="before"), "2027-01-15", "2027-01-15", []),
    (dict(**{"from": "2027-04-07"}, days=7, direction="before"), "2027-03-31", "2027-03-31", []),
    (dict(**{"from": "2026-07-10"}, days=7, direction="before"), "2026-07-02", "2026-07-02", []),
    # Wagnon v. Rocklin USD (seed 004): hearing Tue May 3, 2022; L.R. 251(a) 7 days before.
    (dict(**{"from": "2022-05-03"}, days=7, direction="before"), "2022-04-26", "2022-04-26", []),
    # 6(d): electronic service adds nothing since Dec 1, 2016; mail adds 3 days, then rolls again.
    (dict(**{"from": "2026-12-01"}, days=7, service="electronic"), "2026-12-08", "2026-12-08", []),
    (dict(**{"from": "2026-12-01"}, days=7, service="personal"), "2026-12-08", "2026-12-08", []),
    (dict(**{"from": "2026-12-01"}, days=4, service="mail"), "2026-12-10", "2026-12-10", []),  # roll, then +3
    (dict(**{"from": "2026-12-08"}, days=14, service="mail"), "2026-12-28", "2026-12-28", []),  # +3 hits Christmas
    (dict(**{"from": "2026-11-17"}, days=4, service="mail"), "2026-11-30", "2026-11-27", ["state-holiday"]),
    (dict(**{"from": "2026-11-20"}, days=7, service="mail"), "2026-12-03", "2026-11-30", ["state-holiday"]),
    # Before Dec 1, 2016, electronic service also added 3 days.
    (dict(**{"from": "2015-06-01"}, days=14, service="electronic"), "2015-06-18", "2015-06-18", []),
]


@pytest.mark.parametrize("fields, due, safe, warned", DAY_CASES)
def test_day_periods(period, fields, due, safe, warned):
    answer = period(**fields)
    assert (answer["due"], answer["safe_due"]) == (due, safe)
    assert [w["id"] for w in answer["warnings"]] == warned


HOUR_CASES = [
    # Claire's letter: 24 hours before a Monday 10 a.m. conference lands on Sunday -> Friday.
    (dict(**{"from": "2026-12-07T10:00"}, hours=24, direction="before"), "2026-12-04T10:00", "2026-12-04T10:00", []),
    (dict(**{"from": "2026-12-08T10:00"}, hours=24, direction="before"), "2026-12-07T10:00", "2026-12-07T10:00", []),
    (dict(**{"from": "2026-12-24T09:00"}, hours=24), "2026-12-28T09:00", "2026-12-28T09:00", []),  # Christmas
    (dict(**{"from": "2026-01-20T10:00"}, hours=24, direction="before"), "2026-01-16T10:00", "2026-01-16T10:00", []),
    (dict(**{"from": "2026-03-30T15:00"}, hours=24), "2026-04-01T15:00", "2026-03-31T15:00", ["state-holiday"]),
    # DST: clocks go forward Sun Mar 8, 2026. 48 real hours from Sat 10:00 reach Mon 11:00;
    # on the clock it is Mon 10:00, which is the safe reading.
    (dict(**{"from": "2026-03-07T10:00"}, hours=48), "2026-03-09T11:00", "2026-03-09T10:00", ["dst-change"]),
    # Clocks go back Sun Nov 1, 2026: 72 real hours from Fri 10:00 end Mon 9:00 (also the safe one).
    (dict(**{"from": "2026-10-30T10:00"}, hours=72), "2026-11-02T09:00", "2026-11-02T09:00", []),
    (dict(**{"from": "2026-03-09T10:00"}, hours=48, direction="before"), "2026-03-06T09:00", "2026-03-06T09:00", []),
    (dict(**{"from": "2026-11-02T10:00"}, hours=48, direction="before"), "2026-10-30T11:00", "2026-10-30T10:00", ["dst-change"]),
]


@pytest.mark.parametrize("fields, due, safe, warned", HOUR_CASES)
def test_hour_periods(period, fields, due, safe, warned):
    answer = period(**fields)
    assert (answer["due"], answer["safe_due"]) == (due, safe)
    assert [w["id"] for w in answer["warnings"]] == warned


def test_the_cesar_chavez_example_explains_itself(period):
    answer = period(**{"from": "2027-03-24"}, days=7)
    texts = " ".join(s["text"] for s in answer["steps"])
    assert "Cesar Chavez Day" in texts and "Wed Mar 31, 2027" in texts
    assert [s["rule"] for s in answer["steps"]][:2] == ["6(a)(1)(A)", "6(a)(1)(B)"]
    assert any("6(a)(6)(C)" in s["rule"] for s in answer["steps"])
    assert "Wed Mar 31, 2027" in answer["warnings"][0]["text"]
    assert "Thu Apr 1, 2027" in answer["warnings"][0]["text"]


def test_mail_service_step_says_three_days(period):
    steps = period(**{"from": "2026-12-08"}, days=14, service="mail")["steps"]
    added = [s for s in steps if s["rule"] == "6(d)"]
    assert len(added) == 1 and "3 days" in added[0]["text"] and "Fri Dec 25, 2026" in added[0]["text"]


def test_committee_note_example_2007():
    """The 2009 committee note's example: a 10th day on Sat Sept 1, 2007 (then Labor Day).

    The API refuses events before Dec 1, 2009 (the rule changed then), so this checks the
    counting engine itself.
    """
    cal = calendars.calendar("caed")
    after = periods.compute(periods.Period(cal, dt.date(2007, 8, 22), 10))
    before = periods.compute(periods.Period(cal, dt.date(2007, 9, 11), 10, direction=periods.BEFORE))
    assert after.due == dt.date(2007, 9, 4)
    assert before.due == dt.date(2007, 8, 31)


# Business days (an order's "five business days after the meet and confer session"): weekdays that
# are not legal holidays, the event's day excluded. Each date worked out by hand from a calendar.
BUSINESS_CASES = [
    # Forward: plain weekdays; across a weekend; across Christmas (Fri Dec 25, 2026).
    (dict(**{"from": "2026-12-01"}, business_days=5), "2026-12-08", "2026-12-08", []),
    (dict(**{"from": "2026-12-03"}, business_days=2), "2026-12-07", "2026-12-07", []),
    (dict(**{"from": "2026-12-23"}, business_days=3), "2026-12-29", "2026-12-29", []),
    # Independence Day 2026 is a Saturday, observed Fri Jul 3: the court is closed that day.
    (dict(**{"from": "2026-07-01"}, business_days=2), "2026-07-06", "2026-07-03", ["observed-day"]),
    # California-only days (the federal court is open): Cesar Chavez Day, Wed Mar 31, 2027 ...
    (dict(**{"from": "2027-03-29"}, business_days=3), "2027-04-02", "2027-04-01", ["state-holiday"]),
    # ... and Lincoln Day, Fri Feb 12, 2027, followed by Presidents' Day, Mon Feb 15 (federal).
    (dict(**{"from": "2027-02-11"}, business_days=1), "2027-02-16", "2027-02-12", ["state-holiday"]),
    # Backward: plain; across MLK Day (Mon Jan 18, 2027) and a weekend.
    (dict(**{"from": "2026-12-08"}, business_days=5, direction="before"), "2026-12-01", "2026-12-01", []),
    (dict(**{"from": "2027-01-19"}, business_days=2, direction="before"), "2027-01-14", "2027-01-14", []),
    # Backward across Cesar Chavez Day: 6(a)(6)(C) counts state days only forward, so it is a
    # business day (Wed Mar 31); read as not a business day, the date is a day earlier (safe).
    (dict(**{"from": "2027-04-02"}, business_days=2, direction="before"), "2027-03-31", "2027-03-30",
     ["state-holiday.before"]),
    # Backward across an observed day: skipping it is already the earlier date, so no dispute.
    (dict(**{"from": "2026-07-06"}, business_days=1, direction="before"), "2026-07-02", "2026-07-02", []),
    # 6(d): mail adds 3 calendar days after the business days end (Tue Dec 8 -> Fri Dec 11).
    (dict(**{"from": "2026-12-01"}, business_days=5, service="mail"), "2026-12-11", "2026-12-11", []),
]


@pytest.mark.parametrize("fields, due, safe, warned", BUSINESS_CASES)
def test_business_day_periods(period, fields, due, safe, warned):
    answer = period(**fields)
    assert (answer["due"], answer["safe_due"]) == (due, safe)
    assert [w["id"] for w in answer["warnings"]] == warned
    assert answer["unit"] == "business-days"


def test_business_days_count_only_weekdays_that_are_not_holidays():
    """The law of the unit, checked against a plain weekday walk over two years of starts."""
    cal = calendars.calendar("caed")
    start = dt.date(2026, 1, 1)
    for offset in range(730):
        day = start + dt.timedelta(days=offset)
        for n in (1, 3, 5, 10):
            got = periods.count(periods.Period(cal, day, n, periods.BUSINESS_DAYS)).end
            walk, counted = day, 0
            while counted < n:
                walk += dt.timedelta(days=1)
                closed = walk.weekday() >= 5 or any(h for h in cal.holidays_on(walk))
                counted += not closed
            assert got == walk, (day, n)


def test_the_trace_records_each_legal_gate_and_the_steps_render_it():
    cal = calendars.calendar("caed")
    outcome = periods.count(periods.Period(cal, dt.date(2027, 3, 29), 3, periods.BUSINESS_DAYS))
    kinds = [type(g).__name__ for g in outcome.trace]
    assert kinds == ["EventDay", "Counted", "NotCounted", "Ended", "LastDayEnds"]
    skipped = outcome.trace[2]
    assert skipped.skip.day == dt.date(2027, 3, 31) and skipped.skip.holiday.name == "Cesar Chavez Day"
    answer = api.handle({"kind": "period", "court": "caed", "from": "2027-03-29", "business_days": 3})
    assert [s["id"] for s in answer["steps"]] == ["days.event", "business.count.after", "business.state.after",
                                                   "business.ends", "last-day"]
    # A day count's trace: the roll past a weekend is a gate too, with the rule that moved it.
    days = periods.count(periods.Period(cal, dt.date(2026, 11, 30), 5))
    rolled = [g for g in days.trace if isinstance(g, periods.Rolled)]
    assert [(g.rule, g.skip.day) for g in rolled] == [("6(a)(1)(C)", dt.date(2026, 12, 5)),
                                                       ("6(a)(1)(C)", dt.date(2026, 12, 6))]


@pytest.mark.parametrize("fields, code", [
    (dict(business_days=0), "count-too-small"),
    (dict(business_days=3000), "count-too-large"),
    (dict(business_days=3, days=3), "days-or-hours"),
    (dict(business_days="3"), "bad-type"),
])
def test_business_day_requests_follow_the_day_rules(fields, code):
    answer = api.handle({"kind": "period", "court": "caed", "from": "2027-02-03", **fields})
    assert answer["error"]["code"] == code


def test_a_day_both_observed_and_a_state_holiday_is_explained_when_it_gives_the_safe_date():
    """Fri Nov 10, 2034: Veterans Day (Sat Nov 11) observed, and Diwali in California. Neither doubt
    alone opens it; both together do, so the safe date is that Friday and a warning says why."""
    answer = api.handle({"kind": "period", "court": "cand", "from": "2034-06-01", "days": 162})
    assert (answer["due"], answer["safe_due"]) == ("2034-11-13", "2034-11-10")
    assert [w["id"] for w in answer["warnings"]] == ["observed-and-state"]
    assert "Veterans Day" in answer["warnings"][0]["text"] and "California holiday" in answer["warnings"][0]["text"]
