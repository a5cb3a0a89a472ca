"""Print the Diwali dates for data/holidays/us-ca.toml (2026-2035).

Cal. Gov. Code 6700 (AB 268, 2025) names the 15th day of the month of Kartik in the Hindu lunar
calendar. Computing that day is astronomy, not law, so the dates are data; this script derives them
from the `holidays` package's Hindu calendar for India (a development dependency), which covers
years through 2035, and tests/test_holidays_crosscheck.py keeps the two in step.

Usage: .venv/bin/python scripts/diwali.py
"""

import warnings

import holidays

FIRST, LAST = 2026, 2035


def diwali(year: int):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns that its table ends in 2035
        return min(d for d, name in holidays.IN(years=year).items() if "Diwali" in name)


if __name__ == "__main__":
    print("dates = [" + ", ".join(diwali(y).isoformat() for y in range(FIRST, LAST + 1)) + "]")
