"""A name modifies a noun ("the Lund campaign", "a senior Okafor adviser") only when a
noun follows it: a verb, an auxiliary, an adverb or a relative pronoun after a name
("Ana Lund said", "Ana Lund has", "Ana Lund also", "Ana Lund who") is no noun. In a
speaker chunk only an auxiliary, an adverb or a relative keeps the name the cue's
subject: a verb of its own makes it another clause's ("Okafor reported, his wife").
Names are tagged by hand (``tagged.py``): the rule is tested
whatever the model tags. Sentences written for these tests."""

from __future__ import annotations

import pytest

from stream.core.extract.speaker_lexicon import MODIFIED_NOUN, NAME_NOT_HEAD
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

TAGS = [
    *LUND_OKAFOR,
]


@pytest.mark.parametrize(
    "after",
    [
        " said",
        " told",
        " says",
        " has",
        " had said",
        " also",
        " later",
        " then",
        " who",
        " repeatedly",
        " disagreed",
        " nodded",
    ],
)
def test_a_verb_auxiliary_adverb_or_relative_after_a_name_is_no_modified_noun(
    after: str,
) -> None:
    assert MODIFIED_NOUN.match("Ana Lund" + after + " x", len("Ana Lund")) is None


@pytest.mark.parametrize(
    "after", [" campaign", " adviser", " family", " supporters", " aide", " camp", " rally"]
)
def test_a_noun_after_a_name_is_a_modified_noun(after: str) -> None:
    assert MODIFIED_NOUN.match("the Lund" + after, len("the Lund")) is not None


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The mayor Ana Lund also said, “We will build the bridge.”", "Ana Lund"),
        ("The chairwoman Ana Lund has said, “We will build the bridge.”", "Ana Lund"),
        (
            "The treasurer Tom Okafor repeatedly told the council, “The budget is empty.”",
            "Tom Okafor",
        ),
    ],
)
def test_a_title_then_a_name_then_an_adverb_or_auxiliary_names_the_speaker(
    body: str, speaker: str
) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_canonical) == (speaker, speaker)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The Lund campaign said, “We will build the bridge.”", "The Lund campaign"),
        ("A senior Okafor adviser said, “The budget is empty.”", "A senior Okafor adviser"),
        ("The Lund family later said, “We are grateful.”", "The Lund family"),
    ],
)
def test_a_name_modifying_a_noun_still_leaves_the_noun_the_speaker(body: str, speaker: str) -> None:
    (q,) = attribute(body, TAGS)
    assert q.speaker == speaker


def test_another_person_named_as_a_subject_stops_a_continuation() -> None:
    body = "Ana Lund said: “We will build the bridge.” Tom Okafor disagreed. “It will never open.”"
    first, second = attribute(body, TAGS)
    assert first.speaker == "Ana Lund"
    assert second.speaker != "Ana Lund"


def test_a_continuation_past_a_name_modifier_keeps_the_voice() -> None:
    body = "Ana Lund said: “We will build the bridge.” The Okafor plan failed. “Ours will not.”"
    first, second = attribute(body, TAGS)
    assert [first.speaker, second.speaker] == ["Ana Lund", "Ana Lund"]


@pytest.mark.parametrize(
    "after", [" has", " had", " also", " later", " repeatedly", " who", " has since  "]
)
def test_an_auxiliary_adverb_or_relative_before_the_cue_keeps_a_name_the_head(
    after: str,
) -> None:
    # the chunk ends where the cue starts: only those words stand between
    assert NAME_NOT_HEAD.match("Ana Lund" + after, len("Ana Lund")) is None


@pytest.mark.parametrize(
    "after",
    [" campaign", " family", " reported", " nodded", " told", " had stressed that", " is too"],
)
def test_a_noun_or_a_verb_of_its_own_makes_a_name_no_head(after: str) -> None:
    assert NAME_NOT_HEAD.match("Ana Lund" + after, len("Ana Lund")) is not None


def test_a_name_with_a_verb_of_its_own_before_the_speaker_is_not_the_speaker() -> None:
    body = (
        "While the band played, the radio's Tom Okafor reported, her son told the crowd: "
        "“We are still here.”"
    )
    (q,) = attribute(body, TAGS)
    assert q.speaker == "her son"


@pytest.mark.parametrize(
    "middle",
    [
        " Tom Okafor disagreed.",
        " But Tom Okafor was not convinced.",
        " Tom Okafor, however, shook his head.",
    ],
)
def test_a_new_named_subject_after_the_attribution_stops_a_split_quote(middle: str) -> None:
    body = f"“We will build it,” Ana Lund said.{middle} “It will never open.”"
    first, second = attribute(body, TAGS)
    assert (first.speaker, second.speaker) == ("Ana Lund", None)


@pytest.mark.parametrize(
    "middle",
    [
        "",
        " She thanked Tom Okafor.",  # a name as an object is no new subject
        " The Okafor plan failed.",  # nor a name modifying a noun
        # nor a sentence that narrates (a long predicate) rather than takes a turn
        " Tom Okafor has trailed his rival at every count since March.",
        " Tom Okafor lost the race in the spring by a wide margin.",
    ],
)
def test_a_split_quote_continues_past_sentences_with_no_new_subject(middle: str) -> None:
    body = f"“We will build it,” Ana Lund said.{middle} “It will open in May.”"
    first, second = attribute(body, TAGS)
    assert (first.speaker, second.speaker) == ("Ana Lund", "Ana Lund")
