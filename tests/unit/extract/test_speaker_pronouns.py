"""Pronoun speakers resolved by salience, on sentences written for these tests: an
``it said`` takes the organisation or document that is the subject of the clauses
before it (chaining over ``It``, skipping persons); a he/she prefers the clause subject
over a name before a participle's comma, the named speaker of ``said Mr. X, who ...``,
a person over persons named after prepositions, and the person a definite description
subject (``the admiral``) stands for."""

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


def test_participle_after_an_appositive_keeps_the_clause_subject(extract: Extract) -> None:
    body = (
        "Maria Lopez was blunt about her rival John Miller, the current favourite, "
        "saying voters deserve a real choice.\n\n"
        "“We cannot let him win by default,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Maria Lopez"


def test_he_said_after_said_title_name_who(extract: Extract) -> None:
    body = (
        "“The budget is a mess and nobody in the capital has read it since the spring,” "
        "said Mr. Okafor, who said Mr. Brandt had failed the district and Mr. Grant had "
        "done nothing.\n\n"
        "“Nobody reads the numbers,” he said."
    )
    (q,) = full(extract(body))[-1:]
    assert q.speaker_canonical == "Okafor"


def test_persons_after_prepositions_are_weak_antecedents(extract: Extract) -> None:
    body = (
        "There, the county NDP Chairman Victor Lund declined to name the candidates but "
        "said one was new. The county saw 12 applicants for the seats on the local slate, "
        "which he said were split between John Smith and Mary Jones, with one for Paul "
        "Taylor.\n\n"
        "“Everyone wants a seat this year,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Victor Lund"


def test_definite_description_subject_is_the_person_titled_so(extract: Extract) -> None:
    body = (
        "Admiral Jonas Berg toured the northern port on Monday.\n\n"
        "In a speech to cadets, the admiral warned that Minister Karl Dahl had cut the "
        "fleet budget.\n\n"
        "“We will need more ships, not fewer,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Jonas Berg"
