"""Datelines ("NEW YORK (AP) — ", "LONDON, Aug 8 (Reuters) - "): where a story's text starts.

Shared by two stages: normalize reads the dateline into the story's metadata, and the
extract stage's sentence splitter starts the first sentence after it. It lives here,
beside neither, so that no stage imports another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Datelines use the ``regex`` module for Unicode classes: "МОСКВА, 8 августа. /ТАСС/."
# reads like "LONDON, Aug 8 (Reuters) -". The patterns are anchored and bounded.
_UP = r"\p{Lu}"
_CAPS = rf"{_UP}[{_UP}.'’-]+(?: {_UP}[{_UP}.'’-]+){{0,3}}"
_STATE = rf"{_UP}[\p{{L}}.'’-]*"
_DL_MONTH = (
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\d{1,2}\s+(?i:de\s+)?\p{L}{3,10}\.?(?:\s+\d{4})?"  # "8 ago", "8 août 2025"
)
_AGENCY = r"\((?P<agency>\p{L}[\w .&'-]{0,30})\)|/(?P<wire>\p{L}[\w .&'-]{0,30})/"
_SEP = r"\.?--|\.?[-–—:]"
# With a separator: "NEW YORK (AP) — ", "LONDON, Aug 8 (Reuters) - ", "SAN JUAN, Puerto Rico --"
_DATELINE = regex.compile(
    rf"^(?P<place>{_CAPS}(?:,\s*{_STATE}(?: {_STATE})?)?)(?:,?\s+(?P<date>{_DL_MONTH}))?\s*"
    rf"(?:(?:{_AGENCY})\s*(?:{_SEP}|\.)?|{_SEP})\s*(?=\S)"
)
# Without one, only "CITY, STATE." reads as a dateline: "WASHINGTON, D.C. President ..."
_BARE_DATELINE = regex.compile(rf"^(?P<place>{_CAPS},\s*{_STATE})\s+(?=[\p{{Lu}}\"“‘'])")
# Title-case place, but with an agency in brackets: "Berlin (dpa) - ", "Paris (AFP) -"
_TITLE_DATELINE = regex.compile(
    rf"^(?P<place>{_UP}[\w'’-]+(?: {_UP}[\w'’-]+){{0,2}})(?:,\s+(?P<date>{_DL_MONTH}))?"
    rf"\s*(?:{_AGENCY})\s*(?:{_SEP})\s*(?=\S)"
)
_AGENCY_TAG = regex.compile(rf"^\((?P<agency>{_UP}[\w .&'-]{{0,30}})\)\s*(?:{_SEP})?\s*(?=\S)")
_DATELINE_SCAN = 200


@dataclass
class Dateline:
    place: str | None
    agency: str | None
    rest: str
    date: str | None = None


def split_dateline(unit: str) -> Dateline | None:
    """The dateline opening a first paragraph: "WASHINGTON, D.C. President ...",
    "LONDON, Aug 8 (Reuters) - ...", "NEW YORK (AP) — ...", "(Bloomberg) -- ...".
    """
    head = unit[:_DATELINE_SCAN]
    tag = _AGENCY_TAG.match(head)
    if tag:
        agency = tag.group("agency").strip()
        rest = unit[tag.end() :]
        inner = split_dateline(rest) if not rest.startswith("(") else None
        if inner is not None:  # "(ANSA) - ROMA, 08 AGO - Il ..."
            return Dateline(place=inner.place, agency=agency, rest=inner.rest, date=inner.date)
        return Dateline(place=None, agency=agency, rest=rest)
    match = _DATELINE.match(head) or _BARE_DATELINE.match(head) or _TITLE_DATELINE.match(head)
    if not match:
        return None
    place = match.group("place").strip(" ,")
    groups = match.groupdict()
    agency = (groups.get("agency") or groups.get("wire") or "").strip() or None
    city = place.split(",")[0]
    if sum(1 for ch in city if ch.isalpha()) < 4 and not agency:
        return None  # "US", "UN", "EU" open sentences; a dateline names a place
    rest = unit[match.end() :]
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'"):
        return None
    return Dateline(place=place, agency=agency, rest=rest, date=groups.get("date"))
