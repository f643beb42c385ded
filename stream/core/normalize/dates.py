"""Publication dates: find candidate strings with cheap regexes, parse them with dateparser.

dateparser costs about a millisecond a call and tens of milliseconds on its first call of a
kind, so it never scans whole texts: the regexes below pick out the few strings that look
like a full date (day, month and year) and only those are parsed, with a cache.

Time zones: dateparser resolves abbreviations (CDT, EDT, BST, GMT+2, ...) to fixed offsets.
The US generic zones (ET, CT, MT, PT) carry no DST information, so they are resolved here
with the IANA zone of the date, which gives EDT in August and EST in January.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

_MONTH_NAMES = (
    # English, then French, Spanish, German, Portuguese, Italian (the languages handed
    # to dateparser below); abbreviations match through the optional trailing dot.
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre "
    "novembre décembre decembre janv févr fevr avr juil déc "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre ene abr ago dic "
    "januar februar märz maerz juni juli oktober dezember mär okt dez "
    "janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro "
    "fev mai set out dez "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen giu lug"
)
_MONTH = (
    "(?i:"
    + "|".join(sorted(set(_MONTH_NAMES.split()), key=len, reverse=True))
    + r")(?![^\W\d_])\.?"
)
_WEEKDAY = r"(?:(?i:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?i:day)?\.?,?\s+)?"
_TIME = (
    r"(?:,?\s*(?i:at\s+|um\s+|à\s+|a las\s+|às\s+|alle\s+)?\d{1,2}(?:[:.h]\d{2}){1,2}"
    r"(?:\s*(?i:[ap]\.?m\b\.?|uhr\b))?"
    r"|,?\s*(?i:at\s+)?\d{1,2}\s*(?i:[ap]\.?m\b\.?))"
)
_ZONE = r"(?:\s*\(?(?:[A-Z]{2,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?(?![\w]))"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = (
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+\d{{4}}"  # Aug 8, 2025
    rf"|{_WEEKDAY}{_DAY}\.?\s+(?i:de\s+)?{_MONTH},?\s+(?i:de\s+)?\d{{4}}"  # 8 August 2025
)
_DATE = re.compile(
    r"(?<![\w])(?:"
    # time first, as AP and CNN write it: "6:12 PM PDT, August 7, 2025"
    r"(?P<time>\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\b\.?)?(?:\s*[A-Z]{2,5}(?![\w]))?),?\s+"
    rf"(?P<date>{_DAY_MONTH_YEAR})"
    rf"|(?:{_DAY_MONTH_YEAR}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"  # 08.08.2025: dots are day-first wherever used
    rf")(?:{_TIME}{_ZONE}?)?"
    r")"
)
_LABEL = re.compile(
    r"^(?i:(?:last\s+)?(?:posted|published|updated|modified|first published|date|dated|"
    r"released|filed|on|as of))\b\s*:?\s*"
)
# Labels allowed before a date that opens a paragraph; "On Aug 8, 2025, the ..." is prose.
_LEAD_LABEL = re.compile(
    r"^(?i:(?:last\s+)?(?:posted|published|updated|date|dated|filed))\b\s*:?\s*"
)
# A unit counts as a date line when, the date and its label removed, this little is left.
_LEFTOVER = re.compile(r"[\W_]+")

_GENERIC_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    # dateparser reads IST as Israel (+02:00); in news copy it is India (+05:30) far more
    # often, and India has no DST, so the zone is unambiguous once chosen.
    "IST": "Asia/Kolkata",
}
_TRAILING_ZONE = re.compile(r"\s*\(?\b(ET|CT|MT|PT|IST)\b\)?\s*$")

_PARSER = DateDataParser(
    languages=["en", "fr", "es", "de", "pt", "it"],
    settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
)
_SCAN_LIMIT = 600  # only the head of a long unit is scanned for dates


@dataclass(frozen=True)
class DateMention:
    """A date string found in a unit, and the label in front of it, if any."""

    text: str
    start: int
    end: int
    label: str  # "published", "updated" or ""


def find_dates(unit: str) -> list[DateMention]:
    """Date-like strings in the head of a unit, in order."""
    head = unit[:_SCAN_LIMIT]
    out = []
    for match in _DATE.finditer(head):
        before = head[max(0, match.start() - 20) : match.start()].casefold()
        label = (
            "updated"
            if ("updated" in before or "modified" in before)
            else ("published" if ("posted" in before or "published" in before) else "")
        )
        text = match.group(0).strip()
        if match.group("time"):  # dateparser wants the date first
            text = f"{match.group('date').strip()} {match.group('time').strip()}"
        out.append(DateMention(text, match.start(), match.end(), label))
    return out


def is_date_line(unit: str) -> bool:
    """A unit that is a date and little else ("Posted Aug 8, 2025 10:47 AM CDT")."""
    if len(unit) > 120:
        return False
    mentions = find_dates(unit)
    if not mentions:
        return False
    rest = unit
    for mention in reversed(mentions):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    rest = _LABEL.sub("", rest.strip())
    rest = _LABEL.sub("", _LEFTOVER.sub(" ", rest).strip())
    return len(rest.split()) <= 2


def leading_date(unit: str) -> tuple[str, str] | None:
    """A date that opens a paragraph (" date 2025-08-09 President ..."): (date, rest)."""
    unit = unit.lstrip()
    head = unit[:_SCAN_LIMIT]
    label = _LEAD_LABEL.match(head)
    offset = label.end() if label else 0
    match = _DATE.match(head, offset)
    if not match:
        return None
    found = find_dates(head[match.start() : match.end()])
    rest = unit[match.end() :].lstrip(" -–—|:·•,")
    if not rest or not (rest[0].isupper() or rest[0] in "\"“‘'"):
        return None
    return (found[0].text if found else match.group(0).strip()), rest


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}),?(?:\s+(\d{1,2})[:.](\d{2}))?$")


@lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime | None:
    """A candidate date string -> datetime (aware when the string names a zone).

    Slashed numeric dates (08/07/2025) are never candidates: day-first or month-first
    depends on the outlet's country, which the text does not say. Dotted ones are
    day-first everywhere they are used, so they are read here, without dateparser.
    """
    dotted = _DOTTED.match(text)
    if dotted:
        day, month, year, hour, minute = (int(g) if g else 0 for g in dotted.groups())
        try:
            return datetime(year, month, day, hour, minute)
        except ValueError:
            return None
    generic = _TRAILING_ZONE.search(text)
    if generic:
        base = _parse(text[: generic.start()])
        if base is None:
            return None
        return base.replace(tzinfo=ZoneInfo(_GENERIC_ZONES[generic.group(1)]))
    parsed = _parse(text)
    if parsed is None:
        # an abbreviation dateparser does not know: keep the wall-clock time, no zone
        stripped = re.sub(r"\s*\(?[A-Z]{2,5}\)?$", "", text)
        if stripped != text:
            parsed = _parse(stripped)
    return parsed


def _parse(text: str) -> datetime | None:
    try:
        parsed = _PARSER.get_date_data(text).date_obj
    except (ValueError, OverflowError, TypeError):  # dateparser raises on odd input
        return None
    if parsed is not None and parsed.tzinfo is not None:
        # dateparser's pytz-style StaticTzInfo -> a plain fixed offset (pickles, compares)
        offset = parsed.utcoffset()
        if offset is not None:
            parsed = parsed.replace(tzinfo=timezone(offset))
    return parsed
