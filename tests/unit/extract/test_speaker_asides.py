"""Quotes inside an aside of someone else's sentence, on sentences written for these
tests: a clause set off by dashes with its own speaker, a leading prepositional phrase
that names someone other than the sentence's subject."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def test_dash_clause_with_its_own_subject_is_a_new_voice(extract: Extract) -> None:
    body = (
        'Mayor Ilse Marek spoke at the depot on Friday. She said, "We will fix the '
        'bridge" - at which point the workers chanted "Fix it now!" - "and we will '
        'pay for it this year."'
    )
    quotes = {q.text.strip(' ."!'): q for q in extract(body).quotes}
    assert quotes["We will fix the bridge"].speaker == "Ilse Marek"
    chant = quotes["Fix it now"]
    assert chant.speaker == "the workers"
    assert chant.cue == "chanted"


def test_split_sentence_after_an_introduced_quote_keeps_its_voice(extract: Extract) -> None:
    body = (
        'Mayor Ilse Marek spoke at the depot on Friday. She said, "We will fix the '
        'bridge," and added, "the money is there."'
    )
    for q in extract(body).quotes:
        assert q.speaker == "Ilse Marek"


def test_cue_word_after_a_preposition_is_a_noun(extract: Extract) -> None:
    body = (
        "Mayor Tom Okafor left the hall early. Okafor supporters responded with chants "
        "of “four more years” as he walked to his car."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Okafor supporters"
    assert q.cue == "responded"


def test_fragment_inside_a_subordinate_clause_has_its_subject(extract: Extract) -> None:
    body = (
        "Ilse Marek and Tom Okafor ran the firm for a decade. Ms. Marek left the board "
        "after Mr. Okafor published “The Long Road,” a memoir of their years together."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Tom Okafor"


def test_clause_opening_after_another_quote_has_its_own_subject(extract: Extract) -> None:
    body = (
        "Tom Okafor and Ilse Marek sat on the panel. In a speech that Okafor called "
        "“reckless,” Marek proposed a vote to “close the depot for good.”"
    )
    quotes = {q.text.strip(" ,.”“"): q for q in extract(body).quotes}
    assert quotes["reckless"].speaker == "Tom Okafor"
    assert quotes["close the depot for good"].speaker == "Ilse Marek"


def test_subordinate_subject_past_an_aside(extract: Extract) -> None:
    body = (
        "Ilse Marek and Tom Okafor spoke at the forum. While Mr. Okafor, speaking for "
        "the union, laid out a plan for “a fair wage in every depot,” Ms. Marek left."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Tom Okafor"


def test_speaker_heard_with_a_participle_after_the_quote(extract: Extract) -> None:
    body = (
        "Mayor Ilse Marek toured the depot on Friday. “Will the bridge be ready by "
        "June?” a driver could be heard asking Marek after the tour."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "a driver"
    assert q.cue == "asking"


@pytest.mark.parametrize(
    "body",
    [
        " ".join(["Marek left " + "after " * 50 + "Okafor published “The Road.”"] * 300),
        " ".join(
            ["While Mr. Okafor, " + "speaking for the union " * 4 + ", laid out for “a wage.”"]
            * 300
        ),
        " ".join(
            ["In a speech Okafor called “reckless,” Marek " + "proposed " * 40 + "“it.”"] * 300
        ),
        " ".join(['She said, "We fix it" - then the crew chanted "Now!" - "and pay."'] * 300),
        " ".join(["“Is it ready?” " + "a driver " * 30 + "could be heard asking Marek."] * 300),
    ],
    ids=["subordinate", "aside", "after-quote", "dash", "heard"],
)
def test_aside_rules_stay_bounded(extract: Extract, body: str) -> None:
    ex = extract(body)
    assert ex.quotes
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(body)
        assert (q.speaker is None) == (q.speaker_start is None)
