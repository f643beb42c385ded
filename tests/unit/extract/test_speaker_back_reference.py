"""A clause after a quote that points back at it as what its subject said (``"We will
win," and that was all Hart would say``) attributes the quote; any other clause opened
by "and"/"but" after a quote has its own subject and names no speaker of the quote.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import attribute

TAGS = [("Ana Hart", "PERSON", "Ana Hart"), ("Hart", "PERSON", "Ana Hart")]


@pytest.mark.parametrize(
    ("body", "speaker", "cue"),
    [
        ("“We will win,” and that was all Hart would say.", "Ana Hart", "say"),
        (
            "“We will win,” and that was all Senator Ana Hart would say on the matter.",
            "Ana Hart",
            "say",
        ),
        ("“We will win,” but that was all the coach would say.", "the coach", "say"),
        ("“No comment,” and that is what the mayor told reporters.", "the mayor", "told"),
        ("“We will win,” and that was the last thing Hart said.", "Ana Hart", "said"),
    ],
)
def test_a_clause_pointing_back_at_the_quote_names_its_speaker(
    body: str, speaker: str, cue: str
) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert body[q.speaker_start : q.speaker_end] == q.speaker_mention
    assert q.speaker_mention is not None and speaker.endswith(q.speaker_mention.split()[-1])


@pytest.mark.parametrize(
    "body",
    [
        "“We will win,” and that was all.",
        "“We will win,” and the crowd cheered.",
        "“We will win,” and that was what the crowd wanted to hear.",
        "“We will win,” and that was all Hart needed to hear.",
    ],
)
def test_other_clauses_after_and_name_no_speaker_of_the_quote(body: str) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.cue) == (None, None)
