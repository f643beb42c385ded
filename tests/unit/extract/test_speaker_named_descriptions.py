""" "The <Title Case name>" is a name, not a description to resolve; and a cue word that
is also a plural noun after a past verb is that verb's object. Sentences written for
these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


@pytest.mark.parametrize(
    "body",
    [
        "Tom Okafor spoke on Monday. The Harbor Authority said the review was “routine.”",
        "Tom Okafor spoke on Monday. The Nordic Shipping Council said it was “routine.”",
        "Tom Okafor spoke on Monday. The Bank of Arland said the review was “routine.”",
    ],
)
def test_the_and_a_title_case_name_is_never_the_person_before(extract: Extract, body: str) -> None:
    """'The Harbor Authority said': its capitalized head ("Authority") was read like
    "the Italian", a pronoun, and resolved to the story's one person."""
    (q,) = extract(body).quotes
    assert q.speaker is not None and "Okafor" not in q.speaker
    assert q.speaker_canonical != "Tom Okafor"


def test_a_title_case_role_still_means_its_holder(extract: Extract) -> None:
    body = "Governor Tom Okafor spoke on Monday. The Alaska Governor said it was “routine.”"
    (q,) = extract(body).quotes
    assert q.speaker_canonical == "Tom Okafor"


@pytest.mark.parametrize(
    "body",
    [
        "Tom Okafor denied reports that the plan was “dead.”",
        "Tom Okafor dismissed claims that the plan was “dead.”",
        "Tom Okafor ignored demands that the plan be “scrapped.”",
    ],
)
def test_a_plural_noun_after_a_past_verb_is_no_cue(extract: Extract, body: str) -> None:
    """'denied reports that': "reports" is the object, "denied" the verb."""
    (q,) = extract(body).quotes
    assert q.speaker == "Tom Okafor"
    assert q.cue not in {"reports", "claims", "demands"}


@pytest.mark.parametrize(
    ("body", "org"),
    [
        ("Tom Okafor spoke on Monday. “It is routine,” the Pentagon said.", "Pentagon"),
        ("Tom Okafor spoke on Monday. “It is routine,” the Times reported.", "Times"),
        ("Tom Okafor spoke on Monday. “It is routine,” the Post wrote.", "Post"),
    ],
)
def test_the_and_one_tagged_organization_is_that_organization(
    extract: Extract, body: str, org: str
) -> None:
    """'the Times reported': a one-word name after "the", tagged ORG by NER, was read like
    "the Italian" and resolved to the story's one person (real text: the Times as Ash
    Carter, the FBI as Hillary Clinton, the Post as Jeff Bezos)."""
    (q,) = extract(body).quotes
    assert q.speaker == org
    assert q.speaker_canonical == org


@pytest.mark.parametrize(
    "body",
    [
        "Coach Tom Okafor spoke on Monday. “It is routine,” the Dutchman said.",
        "Senator Ana Okafor spoke on Monday. “It is routine,” the Congresswoman said.",
        "Senator Ana Okafor spoke on Monday. “It is routine,” the Italian said.",
    ],
)
def test_a_person_noun_after_the_still_means_the_person(extract: Extract, body: str) -> None:
    """A nationality or a -man/-woman noun is a description of a person, whatever NER
    tags it ("Dutchman" comes out as ORG)."""
    (q,) = extract(body).quotes
    assert q.speaker_canonical is not None and "Okafor" in q.speaker_canonical


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Tom Okafor thanked the Harlem Food Bank and Citibank on Monday. "
        "“We need more volunteers,” the food bank said.",
        "The Harlem Food Bank opened a shelter. Mayor Tom Okafor thanked Citibank for its "
        "gift. “We need more volunteers,” the food bank said.",
    ],
)
def test_a_modified_description_is_the_organization_it_names(extract: Extract, body: str) -> None:
    """'the food bank' is the Harlem Food Bank, not the nearer Citibank (the nearest
    organization was taken whatever the description's other words said)."""
    (q,) = extract(body).quotes
    assert q.speaker_canonical == "Harlem Food Bank"


def test_a_bare_description_still_takes_the_nearest_organization(extract: Extract) -> None:
    body = (
        "The Harlem Food Bank opened a shelter. Mayor Tom Okafor thanked Citibank for its "
        "gift. “We are proud to help,” the bank said."
    )
    (q,) = extract(body).quotes
    assert q.speaker_canonical == "Citibank"
