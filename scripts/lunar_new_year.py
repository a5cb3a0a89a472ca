"""Print the Lunar New Year dates for data/holidays/us-ca.toml (2023-2060).

Cal. Gov. Code 6700(a)(4) names "the date corresponding with the second new moon following the
winter solstice, or the third new moon ... should an intercalary month intervene": the first
day of the Chinese lunisolar year. Computing new moons is astronomy, not law, so the dates
are data; this script derives them from the `holidays` package's lunisolar tables (a
development dependency) and tests/test_holidays_crosscheck.py keeps the two in step.

Usage: .venv/bin/python scripts/lunar_new_year.py
"""

import holidays

FIRST, LAST = 2023, 2060


def lunar_new_year(year: int):
    days = [d for d, name in holidays.CN(years=year).items() if "Spring Festival" in name]
    return min(days)


if __name__ == "__main__":
    dates = ", ".join(lunar_new_year(y).isoformat() for y in range(FIRST, LAST + 1))
    print(f"dates = [{dates}]")
