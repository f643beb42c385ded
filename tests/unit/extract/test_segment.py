"""Sentence boundaries by rule (``segment``), on text written for these tests."""

from __future__ import annotations

from stream.core.extract.segment import segment


def _sentences(text: str) -> list[str]:
    starts = segment(text).sentence_starts
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_no_sentence_opens_in_lowercase() -> None:
    text = "Sen. Ola Brandt (D-Vt.) on Monday called the plan reckless. Nobody answered."
    assert _sentences(text) == [
        "Sen. Ola Brandt (D-Vt.) on Monday called the plan reckless.",
        "Nobody answered.",
    ]


def test_capitalized_word_after_a_full_stop_still_opens_a_sentence() -> None:
    text = "The vote was close. Turnout fell in the north."
    assert _sentences(text) == ["The vote was close.", "Turnout fell in the north."]
