"""Text fixes that feed NER: trailing wire credit tags and glued sentences."""

from __future__ import annotations

import time

from schemas import RawStory
from stream.core.normalize import normalize
from stream.core.normalize.text import repair_unit


def test_trailing_credit_tag_is_cut() -> None:
    assert repair_unit("as terrorist groups in February.(Bloomberg)") == (
        "as terrorist groups in February."
    )
    assert repair_unit("He left. (AP)") == "He left."
    assert repair_unit("“We will go,” he said.(Reuters)") == "“We will go,” he said."


def test_brackets_that_are_text_stay() -> None:
    assert repair_unit("said the company (Apple).") == "said the company (Apple)."
    assert repair_unit("Fine (Reuters)") == "Fine (Reuters)"  # no sentence end before it
    assert repair_unit("A rise (in Q3 terms) came.") == "A rise (in Q3 terms) came."


def test_glued_sentences_get_their_space() -> None:
    assert repair_unit("He left.The next day it rained.") == "He left. The next day it rained."
    assert repair_unit("in February.(Bloomberg) More") == "in February. (Bloomberg) More"


def test_abbreviations_and_dotted_names_are_left_alone() -> None:
    for text in ("at the U.S.Army base.", "Caliber.Az reports", "see e.g.Foo", "version 2.Then"):
        assert repair_unit(text) == text


def test_normalized_body_has_no_glued_credit() -> None:
    body = (
        "Officials said the order was legal and would take effect next week, after a review."
        "\n\nThe order, which the ministry drafted over three months, was signed by the "
        "cabinet on Friday after a long debate.(Bloomberg)\n\n"
        "Critics said the order went too far and would be challenged in the courts this year."
    )
    story = normalize(RawStory(story_id="x", body=body))
    assert "(Bloomberg)" not in story.body
    assert "after a long debate.\n\nCritics" in story.body


def test_repair_is_linear_on_pathological_text() -> None:
    text = "a." * 200_000 + "(" * 100_000 + "x.Yes" * 50_000 + ")"
    started = time.perf_counter()
    repair_unit(text)
    assert time.perf_counter() - started < 5
