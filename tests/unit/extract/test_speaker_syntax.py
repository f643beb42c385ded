"""Speaker rules of issue 11's third pass, on sentences written for these tests:
modal auxiliaries before the cue, quotes that open a paragraph after a quote, ..."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def test_modal_before_cue(extract: Extract) -> None:
    body = (
        "Governor Helena Marsh will address the convention tonight.\n\n"
        "“Nobody is ready for this job on day one,” she will say, according to excerpts."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Helena Marsh"
    assert q.speaker_mention == "she"
    assert q.cue == "say"


def test_short_quote_opening_a_paragraph_after_a_quote_is_full(extract: Extract) -> None:
    body = (
        "The senator turned to the hall. “Do we give up and go home?”\n\n"
        "“No!” the crowd shouted back."
    )
    _first, second = extract(body).quotes
    assert second.kind == "full"
    assert second.speaker == "the crowd"


def test_description_subject_before_a_name_in_its_clause(extract: Extract) -> None:
    body = (
        "The spokesman refused to say whom Premier Ola Brandt would back but said no "
        "meeting was planned, adding: “If one is proposed we will consider it.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The spokesman"
    assert q.speaker_mention == "The spokesman"


def test_fragment_takes_a_description_subject(extract: Extract) -> None:
    body = "A reporter for the local radio station called the scene “absolute chaos.”"
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker == "A reporter for the local radio station"


def test_description_subject_stops_at_relative_and_auxiliary(extract: Extract) -> None:
    body = "The school had collaborated on two articles about “the gap between the two.”"
    (q,) = extract(body).quotes
    assert q.speaker != "The school had"
