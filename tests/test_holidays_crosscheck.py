"""Cross-check our holiday data against the `holidays` package (a test-only dependency).

Every intentional difference is listed here with the reason.
"""

import datetime as dt

import holidays
import pytest

from conferral_core import calendars
from conferral_core.calendars import FEDERAL, PRESIDENTIAL, STATE

YEARS = range(1990, 2061)
CAL = calendars.calendar("caed")


def ours(kind):
    return {h.date: h for y in YEARS for h in CAL.holidays_in(y) if h.kind == kind}


def test_federal_weekday_holidays_match_the_holidays_package():
    """Weekday legal holidays per 5 U.S.C. 6103, observed days included, 1990-2060.

    Intentional differences: none on weekdays. The package also lists the actual Saturday or
    Sunday of a holiday that is observed on another day; those fall on weekends, which Rule 6
    skips anyway, so they are not listed as legal holidays here. (Inauguration Day, 5 U.S.C.
    6103(c), is only for the Washington, D.C. area; the package keeps it under subdiv DC.)
    """
    theirs = {d for d in holidays.US(years=YEARS) if d.weekday() < 5 and d.year in YEARS}
    mine = {d for d in ours(FEDERAL) if d.year in YEARS}
    # The package files New Year's Day observed on Dec 31, 2060 under 2061, outside YEARS.
    assert sorted(mine - theirs) == [], "ours, not in the package"
    assert sorted(theirs - mine) == [], "in the package, not ours"


def test_presidential_closures_match_the_package_except_where_documented():
    """Full-day closures of federal offices by executive order (FRCP 6(a)(6)(B)).

    Intentional differences:
    - 1997-12-26: ours only. The package's table starts in 2001; this closure is cited in
      Latham v. Dominick's Finer Foods (7th Cir. 1998), which treated it as a Rule 6 holiday.
    - Half-day closings (2002-12-24, 2009-12-24, 2015-12-24): the package lists them; a half day
      is not a day declared a holiday, so they are not legal holidays here.
    """
    gov = holidays.US(years=YEARS, categories=("government",))
    public = holidays.US(years=YEARS)
    theirs = {d for d in gov if d not in public and d.weekday() < 5}
    half_days = {dt.date(2002, 12, 24), dt.date(2009, 12, 24), dt.date(2015, 12, 24)}
    mine = set(ours(PRESIDENTIAL))
    assert mine - theirs == {dt.date(1997, 12, 26)}
    assert theirs - mine == half_days


def test_lunar_new_year_table_matches_the_lunisolar_calendar():
    mine = sorted(d for d, h in ours(STATE).items() if h.name == "Lunar New Year")
    assert [d.year for d in mine] == list(range(2023, 2061))
    for day in mine:
        spring = [d for d, n in holidays.CN(years=day.year).items() if "Spring Festival" in n]
        assert day == min(spring)


def test_diwali_table_matches_the_hindu_calendar_and_says_where_it_ends():
    import warnings

    mine = sorted(d for d, h in ours(STATE).items() if h.name == "Diwali")
    assert [d.year for d in mine] == list(range(2026, 2036))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package's table ends in 2035, as ours does
        for day in mine:
            assert day == min(d for d, n in holidays.IN(years=day.year).items() if "Diwali" in n)
    note = next(h for h in CAL.holidays_in(2027) if h.name == "Diwali").note
    assert "2035" in note


@pytest.mark.parametrize("name, first_year", [("Cesar Chavez Day", 2001), ("Native American Day", 2015)])
def test_state_days_agree_with_the_package_where_both_list_them(name, first_year):
    """The package models California *employee* holidays (Gov. Code 19853), not Gov. Code 6700,
    so only the days on both lists are compared, from the year ours begins."""
    mine = {d for d, h in ours(STATE).items() if h.name == name and d.weekday() < 5}
    theirs = {d for d, n in holidays.US(subdiv="CA", years=range(first_year, 2061)).items()
              if n.startswith(name) and d.weekday() < 5}
    if name == "Native American Day":
        assert not theirs  # not an employee holiday in the package at all
        assert len(mine) == 2060 - first_year + 1  # always a Friday
    else:
        assert mine == theirs
