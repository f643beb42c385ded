"""Calendar dates written in a news text (month and day), for the date inputs that
``eval.cluster.variants --dates`` measures: "Jan. 9", "March 3, 2009", "9 January",
"the 9th of January"; not "April 2010" (a month and a year), "Oct 12:30" (a time) or
"may 5" (month names are capitalised). Weekdays ("last Tuesday") are not dates.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# "Jan. 9", "March 3, 2009", "Sept 11th"; "9 January", "9th of January" (not "April 2010")
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:]|[.,]\d)")
_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def calendar_dates(text: str) -> list[int]:
    """Month and day of every calendar date written in ``text``, as ``month * 32 + day``
    (no year: reports of one event name its day, rarely its year)."""
    found = {(m, d) for m, d in _MONTH_DAY.findall(text)}
    found |= {(m, d) for d, m in _DAY_MONTH.findall(text)}
    return sorted({(_MONTHS.index(m[:3]) + 1) * 32 + int(d) for m, d in found if 1 <= int(d) <= 31})
