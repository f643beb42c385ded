"""Pronoun speakers resolved by salience, on sentences written for these tests: an
``it said`` takes the organisation or document that is the subject of the clauses
before it (chaining over ``It``, skipping persons)."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def full(ex: Extraction) -> list:
    return [q for q in ex.quotes if q.kind == "full"]


def test_it_said_takes_the_document_subject_before_it(extract: Extract) -> None:
    body = (
        "Nurses at the county clinic have complained for months about night shifts.\n\n"
        "A petition from the nurses' association, which gathered 900 names, reached "
        "the board on Friday. “We cannot keep three wards open with two staff,” it said."
    )
    (q,) = full(extract(body))
    assert q.speaker == "A petition"
    assert q.speaker_mention == "it"


def test_it_chains_over_an_it_subject_and_two_paragraphs(extract: Extract) -> None:
    body = (
        "As for the new rota, the staff memo noted that overtime had doubled.\n\n"
        "It also listed the wards that closed in March.\n\n"
        "“Patients now wait four hours for a bed,” it added."
    )
    (q,) = full(extract(body))
    assert q.speaker == "the staff memo"
    assert q.speaker_mention == "it"


def test_it_skips_a_person_subject_and_never_names_a_person(extract: Extract) -> None:
    body = (
        "Helena Marsh opened the envelope on Tuesday.\n\n"
        "“No more cuts to the night shift,” it said."
    )
    (q,) = full(extract(body))
    assert q.speaker is None
