"""Date candidates and their parsing (zones resolved, no zone -> naive)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stream.core.normalize.dates import find_dates, is_date_line, leading_date, parse_date


def _one(text: str) -> datetime | None:
    found = find_dates(text)
    assert found, text
    return parse_date(found[0].text)


@pytest.mark.parametrize(
    ("text", "expected", "offset_hours"),
    [
        ("Posted Aug 8, 2025 10:47 AM CDT", datetime(2025, 8, 8, 10, 47), -5),
        ("August 9, 2025", datetime(2025, 8, 9), None),
        (" date 2025-08-09", datetime(2025, 8, 9), None),
        ("8 August 2025", datetime(2025, 8, 8), None),
        ("Fri 8 Aug 2025 06.00 BST", datetime(2025, 8, 8, 6, 0), 1),
        ("Published 6:12 PM PDT, August 7, 2025", datetime(2025, 8, 7, 18, 12), -7),
        ("Updated 7:52 AM EDT, Fri August 8, 2025", datetime(2025, 8, 8, 7, 52), -4),
        ("2025-08-09T10:00:00Z", datetime(2025, 8, 9, 10, 0), 0),
        ("Publié le 8 août 2025 à 14h30", datetime(2025, 8, 8, 14, 30), None),
        ("Publicado: 8 de agosto de 2025", datetime(2025, 8, 8), None),
        ("Aug. 8, 2025 14:00 GMT+2", datetime(2025, 8, 8, 14, 0), 2),
        ("08.08.2025 15:40", datetime(2025, 8, 8, 15, 40), None),
    ],
)
def test_formats(text: str, expected: datetime, offset_hours: int | None) -> None:
    got = _one(text)
    assert got is not None
    assert got.replace(tzinfo=None) == expected
    if offset_hours is None:
        assert got.tzinfo is None
    else:
        assert got.utcoffset() == timedelta(hours=offset_hours)


def test_generic_us_zone_follows_dst() -> None:
    summer = _one("Aug 8, 2025 9:00 PM ET")
    winter = _one("Jan 8, 2025 9:00 PM ET")
    assert summer is not None and winter is not None
    assert summer.tzinfo == ZoneInfo("America/New_York")
    assert summer.utcoffset() == timedelta(hours=-4)
    assert winter.utcoffset() == timedelta(hours=-5)


def test_ist_is_india() -> None:
    got = _one("Aug 8, 2025, 22:15 IST")
    assert got is not None and got.utcoffset() == timedelta(hours=5, minutes=30)


def test_labels() -> None:
    found = find_dates("Published Aug 7, 2025 9:00 PM ET | Updated Aug 8, 2025 6:00 AM ET")
    assert [m.label for m in found] == ["published", "updated"]


def test_date_lines() -> None:
    assert is_date_line("Posted Aug 8, 2025 10:47 AM CDT")
    assert is_date_line("August 9, 2025")
    assert not is_date_line("On August 9, 2025, the president signed an order.")


def test_leading_date() -> None:
    assert leading_date(" date 2025-08-09 President Trump said") == (
        "2025-08-09",
        "President Trump said",
    )
    assert leading_date("On Aug 8, 2025, the minister said") is None


def test_no_full_date_is_no_candidate() -> None:
    assert find_dates("in December 1989 and on January 20") == []
    assert find_dates("Pubblicato il 08/07/2025") == []  # day or month first? unknown
    assert find_dates("The Nightly cover for 08-08-2025") == []


def test_garbage_does_not_raise() -> None:
    assert parse_date("Feb 31, 2025") is None
    assert parse_date("99 August 2025") is None
