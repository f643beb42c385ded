"""A definite description whose noun ends the name of an organization named earlier
(``Nordbank`` ... ``the bank``, ``Harbor Council`` ... ``the council``) resolves to it
when no organization the text points at otherwise is there (a leading phrase's object
was left out): only when exactly one tagged organization's name ends so. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import attribute

ORGS = [
    ("Nordbank", "ORG", "Nordbank"),
    ("Eastbank", "ORG", "Eastbank"),
    ("Harbor Council", "ORG", "Harbor Council"),
    ("Acme Freight", "ORG", "Acme Freight"),
]


@pytest.mark.parametrize(
    ("body", "canonical"),
    [
        ("At Nordbank, the bank said, morale was “never higher.”", "Nordbank"),
        (
            "After a vote in the Harbor Council, the council said the plan was “sound.”",
            "Harbor Council",
        ),
        # the name's ending, its leading phrase's object: no other organization is meant
        ("In a filing on Nordbank, the bank said the cuts were “painful.”", "Nordbank"),
    ],
)
def test_a_description_ending_an_organizations_name_is_that_organization(
    body: str, canonical: str
) -> None:
    quotes = attribute(body, ORGS)
    assert quotes[-1].speaker_canonical == canonical


@pytest.mark.parametrize(
    "body",
    [
        # two banks: which one is meant the description does not say
        "At the hearing on Nordbank and Eastbank, the bank said, “We will fight.”",
        # no organization's name ends in "lender": world knowledge, not the text
        "At a hearing on Nordbank, the lender said its reserves were “ample.”",
    ],
)
def test_a_description_matching_no_single_name_stays_unresolved(body: str) -> None:
    (q,) = attribute(body, ORGS)
    assert q.speaker_canonical is None
