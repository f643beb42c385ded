"""A coordinated subject speaks as a whole: ``Ana Lund and Tom Okafor said in a joint
statement`` gives the quote to both. The schema has one speaker per quote, so the
speaker is the coordination with each name at its fullest and no canonical (no single
entity said it; the mention offsets span both names). Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import attribute

TAGS = [
    ("Ana Lund", "PERSON", "Ana Lund"),
    ("Tom Okafor", "PERSON", "Tom Okafor"),
    ("Li Wei", "PERSON", "Li Wei"),
    ("Lund", "PERSON", "Ana Lund"),
    ("Okafor", "PERSON", "Tom Okafor"),
    ("Acme Freight", "ORG", "Acme Freight"),
    ("Nordbank", "ORG", "Nordbank"),
]


@pytest.mark.parametrize(
    ("body", "speaker", "mention"),
    [
        (
            "Ana Lund and Tom Okafor said in a joint statement, “We will not resign.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "“We will not resign,” Ana Lund and Tom Okafor said in a joint statement.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "“We will not resign,” said Ana Lund and Tom Okafor.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "Senators Ana Lund, Tom Okafor and Li Wei told reporters, “We will block the bill.”",
            "Ana Lund, Tom Okafor and Li Wei",
            "Ana Lund, Tom Okafor and Li Wei",
        ),
        (
            "Acme Freight and Nordbank said in a joint statement: “The merger will close in "
            "March.”",
            "Acme Freight and Nordbank",
            "Acme Freight and Nordbank",
        ),
        (
            "Ana Lund and Tom Okafor both said on Friday, “We will not resign.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        # titles between the names are no part of the speaker, but of the mention
        (
            "Ana Lund met Tom Okafor. Ms. Lund and Mr. Okafor said later, “We have a deal.”",
            "Ana Lund and Tom Okafor",
            "Lund and Mr. Okafor",
        ),
        # an appositive of the pair
        (
            "“The deal is done,” Ana Lund and Tom Okafor, the two negotiators, said.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        # a name and a partner described after it
        (
            "Ana Lund and her lawyer said, “We will appeal the ruling.”",
            "Ana Lund and her lawyer",
            "Ana Lund and her lawyer",
        ),
        (
            "“We will appeal,” Tom Okafor and his aides said on Monday.",
            "Tom Okafor and his aides",
            "Tom Okafor and his aides",
        ),
        # surnames after full names: each name at its fullest, the mention as written
        (
            "Ana Lund met Tom Okafor. Lund and Okafor said later, “We have a deal.”",
            "Ana Lund and Tom Okafor",
            "Lund and Okafor",
        ),
    ],
)
def test_a_coordinated_subject_speaks_as_a_whole(body: str, speaker: str, mention: str) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (speaker, None, mention)
    assert body[q.speaker_start : q.speaker_end] == mention


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a leading clause's name before the comma is no part of the subject
        ("Asked about Ana Lund, Tom Okafor said, “She will lose.”", "Tom Okafor"),
        # an aside between commas, no "and"
        ("Ana Lund, Tom Okafor said, “will lose the vote.”", "Tom Okafor"),
        # one name only
        ("Ana Lund said in a statement, “We will not resign.”", "Ana Lund"),
        # the owners of a description are not its subject
        (
            "Ana Lund and Tom Okafor's lawyer said, “My clients are innocent.”",
            "Ana Lund and Tom Okafor's lawyer",
        ),
        # the names of a prepositional phrase are not the subject
        (
            "A spokesman for Ana Lund and Tom Okafor's campaign said, “They will appear.”",
            "A spokesman for Ana Lund and Tom Okafor's campaign",
        ),
    ],
)
def test_what_is_no_coordinated_subject(body: str, speaker: str) -> None:
    assert attribute(body, TAGS)[0].speaker == speaker


def test_a_split_quote_continues_the_coordinated_voice() -> None:
    body = (
        "“We will not resign,” Ana Lund and Tom Okafor wrote. “The board knows why, and so "
        "do the voters.”"
    )
    quotes = attribute(body, TAGS)
    assert [q.speaker for q in quotes] == ["Ana Lund and Tom Okafor"] * 2


def test_a_name_after_a_comma_is_an_appositive_not_a_prepositions_object() -> None:
    body = "The leader of Nordbank, Tom Okafor, warned that the plan was “reckless and unfair.”"
    (q,) = attribute(body, TAGS)
    assert q.speaker == "Tom Okafor"
