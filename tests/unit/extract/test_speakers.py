"""Pronoun resolution with two candidates, descriptions, definite descriptions."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def speakers(ex: Extraction) -> list[str | None]:
    return [q.speaker for q in ex.quotes if q.kind == "full"]


def test_she_skips_nearer_man_by_honorific(extract: Extract) -> None:
    body = (
        "Ms. Delgado wrote most of the bill. Delgado said she had tried to reach "
        'Mr. Becker for months. "I called his office six times and never heard back," '
        "she said.\n\n"
        'Senator Maria Delgado later met Governor Tom Becker. "It is a disaster for every '
        'farmer," he said.'
    )
    assert speakers(extract(body)) == ["Maria Delgado", "Tom Becker"]


def test_she_resolves_by_learned_gender_not_recency(extract: Extract) -> None:
    body = (
        "Prime Minister Halvard Brenne met Marisol Ferreira in Lisbon. Brenne thanked Ferreira "
        'for the welcome. "We share an interest in cleaner ports," he said.\n\n'
        "Ferreira said she was open to sharing experience with Brenne. "
        '"The Nordic government understands this problem better than most," she said.'
    )
    assert speakers(extract(body)) == ["Halvard Brenne", "Marisol Ferreira"]


def test_object_pronoun_rules_out_its_subject(extract: Extract) -> None:
    body = (
        'Giving evidence, Joanne Whitfield, 38, said: "I loved that job and I loved those '
        'patients." Prosecutor Nicholas Hart put it to her that records placed her on the '
        'ward. "That is a coincidence, and a cruel one," she replied.'
    )
    assert speakers(extract(body)) == ["Joanne Whitfield", "Joanne Whitfield"]


def test_pronoun_subject_chains_past_a_leading_clause(extract: Extract) -> None:
    body = (
        "Mira Jansen, Voltkar's executive vice president, said the company would not join a "
        "price war. Asked about rival chief Paul Strand, she pointed to vertical integration. "
        "“We make our own batteries and our own chips,” she said."
    )
    assert speakers(extract(body)) == ["Mira Jansen"]


def test_definite_descriptions(extract: Extract) -> None:
    body = (
        "U.S. District Judge Anne Holt Brennan sentenced the executive on Tuesday. "
        '"You made a choice, again and again, over three years," the judge said.\n\n'
        "One senior Republican aide, who spoke on condition of anonymity, was gloomy. "
        '"If we lose more than three of our own, it is over," the aide said.'
    )
    qs = [q for q in extract(body).quotes if q.kind == "full"]
    # descriptions are kept as written; the judge is linked to the name given before
    assert [q.speaker for q in qs] == ["the judge", "the aide"]
    assert qs[0].speaker_canonical == "Anne Holt Brennan"
    assert qs[1].speaker_canonical is None  # an unnamed aide stays unnamed


def test_speaker_is_fullest_name_with_accents(extract: Extract) -> None:
    body = (
        "A judge sentenced former executive Sofía Ramírez to six years. Ramirez, 41, "
        'apologized. "I am ashamed of what I did and I will repay it," she said.'
    )
    ex = extract(body)
    (q,) = [q for q in ex.quotes if q.kind == "full"]
    assert q.speaker == "Sofía Ramírez"
    assert q.speaker_canonical == "Sofia Ramirez"
