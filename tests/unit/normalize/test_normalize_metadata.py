"""Headline, byline, dateline and outlet finders."""

from __future__ import annotations

import pytest

from stream.core.normalize.metadata import (
    chrome_outlet,
    outlet_line,
    parse_byline,
    self_report,
    split_headline,
)
from stream.core.text.dateline import split_dateline


@pytest.mark.parametrize(
    ("unit", "place", "agency", "rest"),
    [
        ("WASHINGTON, D.C. President Donald Trump is", "WASHINGTON, D.C.", None, "President"),
        ("LONDON, Aug 8 (Reuters) - British inflation", "LONDON", "Reuters", "British"),
        ("NEW YORK (AP) — A fast-moving", "NEW YORK", "AP", "A fast"),
        ("SAN JUAN, Puerto Rico (AP) — Officials", "SAN JUAN, Puerto Rico", "AP", "Officials"),
        ("NEW DELHI: The Union cabinet", "NEW DELHI", None, "The Union"),
        ("NAIROBI — Kenya's central bank", "NAIROBI", None, "Kenya's"),
        ("Berlin (dpa) - Die Bundesregierung", "Berlin", "dpa", "Die"),
        ("MADRID, 8 ago (EFE).- La presidenta", "MADRID", "EFE", "La"),
        ("МОСКВА, 8 августа. /ТАСС/. Президент России", "МОСКВА", "ТАСС", "Президент"),
        ("(Bloomberg) -- Oil rose", None, "Bloomberg", "Oil"),
        ("(ANSA) - ROMA, 08 AGO - Il Consiglio", "ROMA", "ANSA", "Il"),
        ("NEW YORK, Aug. 8, 2025 /PRNewswire/ -- Acme", "NEW YORK", "PRNewswire", "Acme"),
    ],
)
def test_datelines(unit: str, place: str | None, agency: str | None, rest: str) -> None:
    found = split_dateline(unit)
    assert found is not None, unit
    assert (found.place, found.agency) == (place, agency)
    assert found.rest.startswith(rest)


@pytest.mark.parametrize(
    "unit",
    [
        "US President Joe Biden said on Friday",
        "NASA said the launch was delayed.",
        "President Donald Trump has quietly authorized",
        "EU leaders met in Brussels.",
        "IT'S a long road",
    ],
)
def test_not_datelines(unit: str) -> None:
    assert split_dateline(unit) is None


@pytest.mark.parametrize(
    ("unit", "names", "outlet"),
    [
        ("By Vafa Guliyeva", ["Vafa Guliyeva"], None),
        ("By Howard Schneider and Ann Saphir", ["Howard Schneider", "Ann Saphir"], None),
        ("By JANE DOE and JOHN ROE", ["Jane Doe", "John Roe"], None),
        ("By Mary Gilbert, CNN", ["Mary Gilbert"], "CNN"),
        ("By Maria Rossi, Reuters", ["Maria Rossi"], "Reuters"),
        ("Reporting by David Milliken; Editing by William Schomberg", ["David Milliken"], None),
        ("Par Jean Dupont", ["Jean Dupont"], None),
        ("By Sam Lee | Aug 8, 2025", ["Sam Lee"], None),
        ("By Jane Doe, Senior Reporter", ["Jane Doe"], None),
    ],
)
def test_by_lines(unit: str, names: list[str], outlet: str | None) -> None:
    found = parse_byline(unit, require_by=True)
    assert found is not None
    assert (found.names, found.outlet) == (names, outlet)


def test_name_lists_without_by() -> None:
    found = parse_byline(
        "Helene Cooper, Maggie Haberman, Charlie Savage and Eric Schmitt", require_by=False
    )
    assert found is not None and len(found.names) == 4
    walker = parse_byline("Peter Walker Political correspondent", require_by=False)
    assert walker is not None and walker.names == ["Peter Walker"]
    for unit in (
        "Read These Next",
        "Trump Team Weighs New Tariffs on Chips",
        "Move signals a shift from law enforcement to military involvement",
        "The New York Times",
        "Sponsor Message",
    ):
        assert parse_byline(unit, require_by=False) is None, unit


def test_by_continuing_is_not_a_byline() -> None:
    assert parse_byline("By continuing you agree to our Terms.", require_by=True) is None


def test_headline_prefixes() -> None:
    assert split_headline("THE NEW YORK TIMES: Trump directs military") == (
        "Trump directs military",
        "The New York Times",
    )
    assert split_headline("BREAKING: Quake hits Japan") == ("Quake hits Japan", None)
    assert split_headline("Opinion: Cities must adapt") == ("Cities must adapt", None)
    assert split_headline("Trump OKs Military Action") == ("Trump OKs Military Action", None)


def test_outlets() -> None:
    assert outlet_line("The New York Times") == "The New York Times"
    assert outlet_line("BBC News, Paris") == "BBC News"
    assert outlet_line("Staff Report") is None
    assert self_report("the shift, Caliber.Az reports, citing foreign media.") == "Caliber.Az"
    assert chrome_outlet("Install the Newser News app in two easy steps:") == "Newser"
    assert chrome_outlet("Sign up to The Nightly's newsletters.") == "The Nightly"
    assert chrome_outlet("This article originally appeared in The New York Times.") == (
        "The New York Times"
    )
    assert chrome_outlet("Source: Al Jazeera and news agencies") == "Al Jazeera"
    assert chrome_outlet("Follow Sky News on WhatsApp") == "Sky News"
    assert chrome_outlet("Continue reading your article with a WSJ membership") == "WSJ"
