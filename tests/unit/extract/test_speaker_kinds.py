"""Each speaker kind of issue 11 and the full/partial quote kinds, on sentences written
for these tests: descriptions, organisations, continuation paragraphs, pronouns with
gender and distance, partial quotes, ASCII ``''`` marks, single-newline paragraphs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from tests.unit.extract.tagged import full

Extract = Callable[[str], Extraction]


def test_description_linked_to_appositive_name(extract: Extract) -> None:
    body = (
        "Marta Lindqvist, a spokeswoman for the port authority, confirmed the closure.\n\n"
        "“The terminal will stay shut until the cranes are inspected,” the spokeswoman "
        "said on Monday."
    )
    (q,) = full(extract(body))
    assert q.speaker == "the spokeswoman"
    assert q.speaker_canonical == "Marta Lindqvist"


def test_unnamed_description_kept_as_speaker(extract: Extract) -> None:
    body = (
        "Farmers gathered outside the ministry on Friday.\n\n"
        "“We cannot sell below cost for another season,” a spokesperson for the growers "
        "said."
    )
    (q,) = full(extract(body))
    assert q.speaker == "a spokesperson for the growers"
    assert q.speaker_canonical is None


def test_relative_clause_after_a_description_is_cut(extract: Extract) -> None:
    body = (
        "“The yard will close in March,” a senior official at the ministry, who asked not "
        "to be named, said on Monday."
    )
    (q,) = full(extract(body))
    assert q.speaker == "a senior official at the ministry"


def test_organisation_as_description(extract: Extract) -> None:
    body = (
        "The regional paper published the leaked memo in full on Sunday.\n\n"
        "“We stand by our reporting and will publish the rest,” the newspaper wrote in "
        "an editorial."
    )
    (q,) = full(extract(body))
    assert q.speaker == "the newspaper"
    assert q.cue == "wrote"


def test_continuation_paragraph_goes_to_previous_speaker(extract: Extract) -> None:
    body = (
        "“The bridge was never designed for this traffic,” Engineer Tomas Brandt said.\n\n"
        "“Every heavy truck shortens its life by a few hours.”\n\n"
        "Officials did not respond to requests for comment."
    )
    qs = full(extract(body))
    assert [q.speaker for q in qs] == ["Tomas Brandt", "Tomas Brandt"]


def test_pronoun_skips_person_of_other_gender(extract: Extract) -> None:
    body = (
        "Mr. Okafor chaired the hearing. Ms. Ferreira, the committee's lawyer, questioned "
        "the witness for an hour and Okafor let her continue.\n\n"
        "“The documents were shredded after the audit began,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Ferreira" or q.speaker_canonical == "Ferreira"


def test_pronoun_several_sentences_back(extract: Extract) -> None:
    body = (
        "Governor Ellen Marsh signed the budget late on Tuesday. The vote had been delayed "
        "twice. Lawmakers argued over school funding for weeks. The final text cuts road "
        "spending by a tenth.\n\n"
        "“Nobody got everything they wanted,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Ellen Marsh"


def test_partial_quote_takes_speaker_of_its_sentence(extract: Extract) -> None:
    body = (
        "Senator Paul Greaves said the proposal was “reckless and unaffordable” and "
        "promised to vote against it."
    )
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker == "Paul Greaves"


def test_scare_quote_without_speaker_is_partial_and_unattributed(extract: Extract) -> None:
    body = "The so-called “reform” package passed the lower house by four votes on Friday."
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker is None


def test_one_word_fragment_is_partial(extract: Extract) -> None:
    body = "The candidate again called the count “rigged” at a rally in the evening."
    (q,) = extract(body).quotes
    assert q.kind == "partial"


def test_statement_is_full(extract: Extract) -> None:
    body = "“We will rebuild every home that was lost,” the mayor said."
    (q,) = extract(body).quotes
    assert q.kind == "full"
    assert q.speaker == "the mayor"


def test_double_apostrophe_marks(extract: Extract) -> None:
    body = "''We have the votes and we will pass it this week,'' Senator Ada Royce said on Tuesday."
    (q,) = full(extract(body))
    assert q.text == "We have the votes and we will pass it this week,"
    assert q.speaker == "Ada Royce"
    assert body[q.start : q.end] == q.text


def test_single_newline_paragraphs(extract: Extract) -> None:
    body = (
        "“The river rose faster than any model predicted,” said Ines Vidal, a hydrologist.\n"
        "“We had four hours, not twelve.”\n"
        "Rescue crews worked through the night."
    )
    qs = full(extract(body))
    assert [q.speaker for q in qs] == ["Ines Vidal", "Ines Vidal"]


@pytest.mark.parametrize(
    "body",
    [
        "''" * 10_000,
        "\n".join(["“Unclosed line number one keeps going, she said"] * 3_000),
        "Senator Ada Royce called it “bad” and " * 2_000 + "left.",
        "\n".join(["The report:", "“" + "word " * 50 + "”"] * 1_000),
        "the members rallied around “bad” and in the words of the town, “x” " * 2_000,
        "\n\n".join(["“A line ends here.”", "— Jo Doe, Town"] * 1_000),
    ],
    ids=[
        "10k-double-apostrophes",
        "3k-single-lines",
        "2k-partials",
        "1k-colon-intros",
        "4k-verb-subjects-one-sentence",
        "1k-signature-lines",
    ],
)
@pytest.mark.timeout(120)  # a hang guard; speed is measured in bench/bench_extract.py
def test_new_rules_stay_bounded(extract: Extract, body: str) -> None:
    ex = extract(body)
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(body)
        assert q.kind in ("full", "partial")
