"""Find a judge from a case number: federal case numbers end with the assigned judges'
initials, e.g. 2:17-cv-1666-KJN, or 3:15-cv-01953-JST (LB) where LB is the magistrate judge."""

from __future__ import annotations

import re

# office:year-type-number, then whatever follows (initials, and designations such as "(PC)").
CASE_NUMBER = re.compile(r"\s*(?:\d{1,2}\s*:\s*)?\d{2,4}\s*-\s*[A-Za-z]{2,4}\s*-\s*\d{1,7}(?P<rest>.*)", re.S)
# The older E.D. Cal. form, still on papers from before 2011: CIV S-10-0912 LKK GGH (S: Sacramento, F: Fresno).
OLD_CASE_NUMBER = re.compile(r"\s*CIV\.?\s*[A-Za-z]?\s*-?\s*\d{2}\s*-\s*\d{1,7}(?P<rest>.*)", re.S | re.I)
# Judges' initials are 2-4 letters; a single letter (a trailing "P") can only be a case-type marker.
INITIALS = re.compile(r"\b[A-Z]{1,4}\b")


def initials_in(case_number: str) -> list[str] | None:
    """The initials a case number carries, in order; None if it is not shaped like a case number."""
    match = CASE_NUMBER.fullmatch(case_number.strip()) or OLD_CASE_NUMBER.fullmatch(case_number.strip())
    if not match:
        return None
    found: list[str] = []
    for token in INITIALS.findall(match.group("rest").upper()):
        if token not in found:
            found.append(token)
    return found
