"""Literal-date tables for the legal holidays of FRCP 6(a)(6), in the style of python-holidays."""

import datetime as dt

import pytest

from conferral_core import calendars
from conferral_core.calendars import FEDERAL, PRESIDENTIAL, STATE, OutOfRange

CAL = calendars.calendar("caed")


def days(year, kind=None):
    return {h.date.isoformat(): h for h in CAL.holidays_in(year) if kind is None or h.kind == kind}


# (holiday id fragment, dates on which the legal holiday falls, in at least 10 years)
FEDERAL_DATES = {
    "New Year's Day": [
        "1990-01-01", "1993-12-31",  # 1994-01-01 was a Saturday: observed Fri Dec 31, 1993
        "1995-01-02",  # Sunday -> Monday
        "2004-12-31", "2010-12-31", "2012-01-02", "2017-01-02", "2021-12-31", "2023-01-02",
        "2026-01-01", "2027-12-31", "2034-01-02",
    ],
    "Birthday of Martin Luther King, Jr.": [
        "1990-01-15", "1999-01-18", "2000-01-17", "2010-01-18", "2016-01-18", "2021-01-18",
        "2024-01-15", "2026-01-19", "2027-01-18", "2040-01-16",
    ],
    "Washington's Birthday": [
        "1990-02-19", "2000-02-21", "2010-02-15", "2015-02-16", "2021-02-15", "2024-02-19",
        "2026-02-16", "2027-02-15", "2030-02-18", "2060-02-16",
    ],
    "Memorial Day": [
        "1990-05-28", "2000-05-29", "2010-05-31", "2015-05-25", "2021-05-31", "2024-05-27",
        "2026-05-25", "2027-05-31", "2032-05-31", "2060-05-31",
    ],
    "Juneteenth National Independence Day": [
        "2021-06-18",  # Saturday -> Friday, the first year
        "2022-06-20",  # Sunday -> Monday
        "2023-06-19", "2024-06-19", "2025-06-19", "2026-06-19", "2027-06-18", "2028-06-19",
        "2033-06-20", "2038-06-18",
    ],
    "Independence Day": [
        "1992-07-03", "1993-07-05", "2004-07-05", "2009-07-03", "2010-07-05", "2015-07-03",
        "2020-07-03", "2021-07-05", "2026-07-03", "2027-07-05", "2031-07-04",
    ],
    "Labor Day": [
        "1990-09-03", "2000-09-04", "2010-09-06", "2015-09-07", "2021-09-06", "2024-09-02",
        "2026-09-07", "2027-09-06", "2031-09-01", "2060-09-06",
    ],
    "Columbus Day": [
        "1990-10-08", "2000-10-09", "2010-10-11", "2015-10-12", "2021-10-11", "2024-10-14",
        "2026-10-12", "2027-10-11", "2031-10-13", "2060-10-11",
    ],
    "Veterans Day": [
        "1990-11-12", "1995-11-10", "2000-11-10", "2001-11-12", "2006-11-10", "2012-11-12",
        "2017-11-10", "2018-11-12", "2023-11-10", "2026-11-11", "2029-11-12",
    ],
    "Thanksgiving Day": [
        "1990-11-22", "2000-11-23", "2010-11-25", "2015-11-26", "2021-11-25", "2024-11-28",
        "2026-11-26", "2027-11-25", "2031-11-27", "2060-11-25",
    ],
    "Christmas Day": [
        "1993-12-24", "1994-12-26", "1999-12-24", "2004-12-24", "2005-12-26", "2010-12-24",
        "2011-12-26", "2016-12-26", "2021-12-24", "2022-12-26", "2026-12-25", "2027-12-24",
    ],
}


@pytest.mark.parametrize("name, dates", FEDERAL_DATES.items())
def test_federal_holiday_dates(name, dates):
    for day in dates:
        found = days(int(day[:4]), FEDERAL)
        assert day in found, f"{name} expected on {day}"
        assert found[day].name == name


def test_observed_days_carry_the_actual_date_and_the_observance_citation():
    h = days(2021, FEDERAL)["2021-12-31"]
    assert h.name == "New Year's Day" and h.actual == dt.date(2022, 1, 1) and h.observed
    assert "6103(b)" in h.citation
    assert days(2026, FEDERAL)["2026-01-01"].actual is None


def test_new_years_day_on_a_saturday_belongs_to_the_year_before():
    assert "2022-01-01" not in days(2022)
    assert "2021-12-31" in days(2021)


def test_juneteenth_starts_in_2021():
    for year in range(1990, 2021):
        assert not any(h.name.startswith("Juneteenth") for h in CAL.holidays_in(year))


def test_every_federal_holiday_is_a_weekday():
    for year in range(1990, 2061):
        for h in CAL.holidays_in(year):
            if h.kind == FEDERAL:
                assert h.date.weekday() < 5, h


def test_eleven_federal_holidays_a_year_from_2021():
    for year in range(2022, 2060):
        # New Year's Day may fall in the year before (observed Dec 31), so count by holiday year.
        names = [h.name for y in (year, year - 1) for h in CAL.holidays_in(y) if h.kind == FEDERAL
                 and (h.actual or h.date).year == year]
        assert len(names) == 11, (year, names)


@pytest.mark.parametrize("day, order", [
    ("2018-12-05", "13852"), ("2025-01-09", "14133"), ("2024-12-24", "14129"),
    ("2025-12-26", "14371"), ("1997-12-26", "Latham"),
])
def test_presidential_closures(day, order):
    h = days(int(day[:4]), PRESIDENTIAL)[day]
    assert order in h.citation and h.rule == "6(a)(6)(B)"


def test_half_day_closings_are_not_legal_holidays():
    for day in ("2002-12-24", "2009-12-24", "2015-12-24"):
        assert day not in days(int(day[:4]), PRESIDENTIAL)


@pytest.mark.parametrize("day, name", [
    ("2027-02-12", "Lincoln Day"),
    ("2023-02-13", "Lincoln Day"),  # Sun Feb 12, 2023 -> Monday (Gov. Code 6701)
    ("2027-03-31", "Cesar Chavez Day"),
    ("2024-04-01", "Cesar Chavez Day"),  # Sun Mar 31, 2024 -> Monday
    ("2026-04-24", "Genocide Remembrance Day"),
    ("2026-09-09", "Admission Day"),
    ("2024-09-09", "Admission Day"),
    ("2026-09-25", "Native American Day"),
    ("2015-09-25", "Native American Day"),
    ("2026-11-27", "Day after Thanksgiving"),
    ("2026-02-17", "Lunar New Year"),
    ("2027-02-06", "Lunar New Year"),
])
def test_california_days(day, name):
    h = days(int(day[:4]), STATE)[day]
    assert h.name == name and h.forward_only and h.rule == "6(a)(6)(C)"


def test_california_days_start_when_the_law_does():
    assert "2014-09-26" not in days(2014, STATE)  # Native American Day from 2015
    assert "2022-04-24" not in days(2022, STATE)  # Genocide Remembrance Day from 2023
    assert not any(h.name == "Lunar New Year" for h in CAL.holidays_in(2022))


def test_saturday_state_holiday_is_not_moved():
    # Lincoln Day 2022 was a Saturday; Gov. Code 6701 moves only Sunday holidays.
    assert "2022-02-11" not in days(2022, STATE)
    assert "2022-02-12" in days(2022, STATE)


def test_both_courts_have_a_calendar_from_data():
    courts = calendars.courts()
    assert {"caed", "cand"} <= set(courts)
    for court_id in ("caed", "cand"):
        assert courts[court_id].time_zone == "America/Los_Angeles" and courts[court_id].state == "CA"


@pytest.mark.parametrize("day", [dt.date(1989, 12, 31), dt.date(2061, 1, 1)])
def test_outside_the_covered_years_is_an_error(day):
    with pytest.raises(OutOfRange):
        CAL.holidays_on(day)


def test_nth_weekday():
    assert calendars.nth_weekday(2026, 11, 3, 4) == dt.date(2026, 11, 26)
    assert calendars.nth_weekday(2027, 5, 0, -1) == dt.date(2027, 5, 31)
    assert calendars.nth_weekday(2026, 12, 4, -1) == dt.date(2026, 12, 25)
