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
