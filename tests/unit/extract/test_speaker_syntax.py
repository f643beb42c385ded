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
