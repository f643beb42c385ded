"""``speaker_mention``/``speaker_start``/``speaker_end``: the attribution as the text
writes it (issue 11), on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def _at(body: str, q) -> str:
    assert q.speaker_start is not None and q.speaker_end is not None
    return body[q.speaker_start : q.speaker_end]


def test_pronoun_mention_is_the_pronoun_not_the_name(extract: Extract) -> None:
    body = (
        "Mayor Ingrid Solberg opened the new library on Tuesday.\n\n"
        "“Books are the cheapest ticket out of any town,” she said."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Ingrid Solberg"
    assert q.speaker_mention == "she"
    assert _at(body, q) == "she"
    assert q.speaker_start == body.rindex("she said")


def test_name_and_description_mentions(extract: Extract) -> None:
    body = (
        "“The terminal stays shut until Monday,” said Lars Okonkwo, the harbour master.\n\n"
        "“We cannot sell below cost for another season,” a spokesperson for the growers "
        "said."
    )
    named, described = extract(body).quotes
    assert _at(body, named) == named.speaker_mention
    assert "Okonkwo" in named.speaker_mention
    assert described.speaker_mention == "a spokesperson for the growers"
    assert _at(body, described) == "a spokesperson for the growers"


def test_continuation_carries_the_inherited_mention(extract: Extract) -> None:
    body = (
        "“The bridge was never designed for this traffic,” Engineer Tomas Brandt said.\n\n"
        "“Every heavy truck shortens its life by a few hours.”"
    )
    first, second = extract(body).quotes
    assert second.speaker == first.speaker == "Tomas Brandt"
    assert (second.speaker_start, second.speaker_end) == (first.speaker_start, first.speaker_end)
    assert second.speaker_mention == "Tomas Brandt"


def test_no_speaker_no_mention(extract: Extract) -> None:
    body = "The so-called “reform” package stalled in committee."
    (q,) = extract(body).quotes
    assert q.speaker is None
    assert (q.speaker_mention, q.speaker_start, q.speaker_end) == (None, None, None)
