"""A singular description before a list of names (``The mayor, Ana Lund and Tom Okafor
said``): a list of three, or the mayor described and one more; either way each conjunct
speaks, so the speaker is the coordination as written. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import LUND_OKAFOR, attribute


@pytest.mark.parametrize(
    "body",
    [
        "The mayor, Ana Lund and Tom Okafor said: “We are ready.”",
        "“We are ready,” the mayor, Ana Lund and Tom Okafor said.",
        "Her deputy, Ana Lund and Tom Okafor said in a statement, “We are ready.”",
        "The mayor, Ana Lund, and Tom Okafor said: “We are ready.”",
    ],
)
def test_a_description_before_a_list_speaks_with_the_names(body: str) -> None:
    (q,) = attribute(body, LUND_OKAFOR)
    assert q.speaker is not None
    low = q.speaker.lower()
    assert ("mayor" in low or "deputy" in low) and "Ana Lund" in q.speaker
    assert q.speaker.endswith("Tom Okafor") and q.speaker_canonical is None


@pytest.mark.parametrize("lead", ["The next day", "Last week", "That evening"])
def test_a_time_before_a_list_is_no_conjunct(lead: str) -> None:
    """'The next day, Lund and Okafor said': an adverbial; both names speak (the last
    name alone was given before)."""
    (q,) = attribute(f"{lead}, Ana Lund and Tom Okafor said: “We are ready.”", LUND_OKAFOR)
    assert (q.speaker, q.speaker_canonical) == ("Ana Lund and Tom Okafor", None)


@pytest.mark.parametrize(
    "body",
    [
        "The decision, Ana Lund and Tom Okafor said, was “final.”",
        "The plan, Ana Lund and Tom Okafor said, failed “on every count.”",
    ],
)
def test_a_list_in_a_parenthetical_attribution_leaves_the_subject_out(body: str) -> None:
    """'The decision, A and B said, was "final"': the description is the main clause's
    subject and the list alone speaks (the description was read as a conjunct)."""
    (q,) = attribute(body, LUND_OKAFOR)
    assert (q.speaker, q.speaker_canonical) == ("Ana Lund and Tom Okafor", None)
