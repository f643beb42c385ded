"""A quote a reporting verb sets off keeps that verb's speaker even when a second
reporter closes the sentence ('Lund said, "...," Okafor recalled'), the introducing
window starts at a word start whatever separates the words, and a title is found once
per quote. Sentences written for these tests."""

from __future__ import annotations

import pytest

from stream.core.extract.quotes import find_quote_spans
from stream.core.extract.segment import segment
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

TAGS = [
    *LUND_OKAFOR,
    ("the Courier", "ORG", "Courier"),
]


@pytest.mark.parametrize(
    "body",
    [
        "Ana Lund said, “We will rebuild the bridge,” Tom Okafor recalled.",
        "Ana Lund told the council: “We will rebuild the bridge,” Tom Okafor recalled.",
        "Ana Lund said in a speech, “We will rebuild the bridge,” the Courier reported.",
        "Ana Lund said, “We will rebuild the bridge,” her lawyer told the court on Monday.",
    ],
)
def test_a_quote_set_off_by_its_cue_keeps_that_cues_speaker(body: str) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_mention) == ("Ana Lund", "Ana Lund")
    assert q.cue in {"said", "told"}


@pytest.mark.parametrize(
    "before",
    [
        # a quote attributed after it in the sentence before: its speaker's words are no
        # cue of this quote's
        "“It is a paper promise,” said Li Wei, a local activist. ",
        "Critics were unconvinced. “It is a paper promise,” Li Wei said. ",
    ],
)
def test_a_quote_before_in_another_sentence_leaves_the_set_off_cue_alone(before: str) -> None:
    body = before + "Ana Lund said, “We will rebuild the bridge,” Tom Okafor recalled later."
    first, q = attribute(body, [*TAGS, ("Li Wei", "PERSON", "Li Wei")])
    assert first.speaker == "Li Wei"
    assert (q.speaker, q.speaker_mention) == ("Ana Lund", "Ana Lund")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # no cue before it: the reporter after it speaks
        ("“We will rebuild the bridge,” Tom Okafor recalled.", "Tom Okafor"),
        # a fragment the cue does not set off: the closing attribution covers the sentence
        ("Nothing Ana Lund said “will calm the residents,” Tom Okafor said.", "Tom Okafor"),
        # a reported clause between: the cue governs the clause, not the quote
        ("Ana Lund said it would fail, “We were warned,” Tom Okafor recalled.", "Tom Okafor"),
    ],
)
def test_the_closing_reporter_speaks_when_no_cue_sets_the_quote_off(
    body: str, speaker: str
) -> None:
    assert attribute(body, TAGS)[0].speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("When asked what she told the court, “Only the facts,” Ana Lund answered.", "Ana Lund"),
        (
            "Asked what he had said to the board, “I told them the truth,” Tom Okafor replied.",
            "Tom Okafor",
        ),
    ],
)
def test_a_cue_in_an_indirect_question_introduces_no_quote(body: str, speaker: str) -> None:
    (q,) = attribute(body, TAGS)
    assert q.speaker == speaker


def test_an_age_after_the_last_name_of_a_leading_clause_is_that_clauses() -> None:
    body = (
        "When asked how the ban would affect Okafor, 45, Lund said: “There will always be "
        "exceptions.”"
    )
    tags = [("Tom Okafor", "PERSON", "Tom Okafor"), ("Okafor", "PERSON", "Tom Okafor")]
    # "Lund" left untagged, as the model left it in the story this shape came from
    (q,) = attribute("Ana Lund spoke. " + body, [*tags, ("Ana Lund", "PERSON", "Ana Lund")])
    assert q.speaker == "Ana Lund"


@pytest.mark.parametrize("sep", [" ", "\t", "\u00a0", "\u2009"])
def test_an_introducing_window_cut_mid_word_starts_after_any_separator(sep: str) -> None:
    # the sentence is longer than the introducing reach (120 characters), so the window
    # starts inside a word; its words are joined by spaces, tabs, no-break or thin
    # spaces (a copy pasted from a table or a layout program)
    words = (
        "The judge, who had listened to the lawyers argue about the evidence for most of "
        "the long afternoon session in the old courthouse, said, “That is enough for today,” the "
        "defendant recalled."
    )
    body = words.replace(" ", sep)
    (q,) = attribute(body, [])
    assert (" ".join((q.speaker or "").split()), q.cue) == ("The judge", "said")


def test_a_title_is_recorded_once_on_its_span() -> None:
    body = "The mayor wrote in a post titled “Why the bridge matters” that the city would act."
    seg = segment(body)
    (span,) = find_quote_spans(body, seg)
    assert (span.title, span.kind) == (True, "partial")
    body = "The mayor said “the bridge matters” to the city."
    (span,) = find_quote_spans(body, segment(body))
    assert span.title is False


@pytest.mark.parametrize(
    ("body", "tags", "speakers"),
    [
        (
            "Lund, whom critics called “a fraud,” said: “I have nothing to hide from anyone.”",
            [],  # "Lund" untagged
            ["critics", "Lund"],
        ),
        (
            "Ana Lund, whom critics called “a fraud,” said: “I have nothing to hide.”",
            TAGS,
            ["critics", "Ana Lund"],
        ),
        (
            "Ana Lund, who called the plan “a disgrace,” told reporters, “We will vote "
            "against it.”",
            TAGS,
            ["Ana Lund", "Ana Lund"],
        ),
        (
            "The mayor, whom rivals called “reckless,” said on Monday, “I will not change course.”",
            [],
            ["rivals", "The mayor"],
        ),
        # "whose" opens the clause's subject, it is no part of it
        (
            "The company, whose critics called it “a bully,” said: “We welcome everyone back.”",
            [],
            ["critics", "The company"],
        ),
        # the words after the relative clause's closing comma are the main clause's,
        # never an inverted speaker of the fragment ("wrote online", "said nothing")
        (
            "The singer, whose fans called the news “heartbreaking,” wrote online: “I need rest.”",
            [],
            ["fans", "The singer"],
        ),
        ("The mayor, whose aides called the plan “a disaster,” said nothing.", [], ["aides"]),
        (
            "Acme Freight, whose founder Tom Okafor called the deal “a gift,” said it would sign.",
            TAGS,
            ["Tom Okafor"],
        ),
    ],
)
def test_a_quote_in_a_relative_clause_leaves_the_next_quote_to_the_main_subject(
    body: str, tags: list[tuple[str, str, str]], speakers: list[str]
) -> None:
    assert [q.speaker for q in attribute(body, tags)] == speakers


@pytest.mark.parametrize(
    ("body", "tags", "speakers"),
    [
        # a relative clause after the main clause's object: the fragment is the closing
        # attribution's, whose subject comes before its verb (probe9)
        (
            "The agency will review the policy, which “has failed every test,” Ana Lund said.",
            TAGS,
            ["Ana Lund"],
        ),
        (
            "The money will go to nurses, who “have carried this hospital,” board chair "
            "Tom Okafor said.",
            TAGS,
            ["Tom Okafor"],
        ),
        (
            "Rescuers reached the miners, who were “weak but alive,” fire officials said.",
            [],
            ["fire officials"],
        ),
        # the main clause's verb straight after the clause still names no one, and a
        # comma between it and a later attribution keeps the two apart
        (
            "Okafor, 38, who was listed as a member of its “senior staff,” had been "
            "dismissed last week, the police said.",
            TAGS,
            ["the police"],
        ),
        ("The mayor, whose aides called the plan “a disaster,” later said nothing.", [], ["aides"]),
    ],
)
def test_a_fragment_in_a_relative_clause_keeps_a_closing_attribution(
    body: str, tags: list[tuple[str, str, str]], speakers: list[str]
) -> None:
    assert [q.speaker for q in attribute(body, tags)] == speakers


@pytest.mark.parametrize(
    "body",
    [
        "After Ana Lund said no, “We were stunned,” Tom Okafor said.",
        "When Ana Lund testified, “Nobody in the room believed a word,” Tom Okafor said.",
        "As the judge read the verdict, “The whole room went silent,” Tom Okafor recalled.",
        "Once the coach announced his exit, “Everyone started crying,” Tom Okafor said.",
    ],
)
def test_a_cue_in_a_leading_subordinate_clause_sets_off_no_quote(body: str) -> None:
    # the comma closes the subordinate clause, not a cue's introduction: the sentence's
    # closing attribution is the speaker (probe9; main gave the clause's subject)
    assert [q.speaker for q in attribute(body, TAGS)] == ["Tom Okafor"]
