"""Speakers of quoted fragments (part10), on invented news: a naming verb after a
one-word subject and an auxiliary, and the agent of a passive naming verb."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Admiral Ana Lund leads the fleet. She has called the new port “provocative and "
            "dangerous,” accusing the navy of expansion.",
            "Ana Lund",
        ),
        (
            "The budget passed on Monday. Reyes has called the deal “a lesson we had to "
            "learn” about spending.",
            "Reyes",
        ),
    ],
)
def test_a_naming_verb_after_an_auxiliary_has_the_sentence_subject(
    extract: Extract, body: str, speaker: str
) -> None:
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "This feature of the plan has been called “strategic ambiguity” by Omar Reyes, "
            "a professor at Keele University.",
            "Omar Reyes",
        ),
        ("The plan, called “a shambles” by critics, passed anyway.", "critics"),
        ("The bridge was dubbed “the Iron Lady” by locals.", "locals"),
        ("The ship was called “the pride of the fleet” by the crowd.", "the crowd"),
        # every naming participle the other passive readings know (one shared list)
        ("The ferry was named “the pride of the harbour” by locals.", "locals"),
    ],
)
def test_the_agent_of_a_passive_naming_verb_speaks_the_fragment(
    extract: Extract, body: str, speaker: str
) -> None:
    (q,) = extract(body).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The budget was called “reckless” by Sen. Maria Okafor on Tuesday.", "Okafor"),
        ("The vote was called “a sham” by Dr. Omar Reyes, a political scientist.", "Reyes"),
        ("The deal was called “a steal” by U.S. officials.", "officials"),
    ],
)
def test_an_abbreviation_dot_does_not_end_the_agent(
    extract: Extract, body: str, speaker: str
) -> None:
    """'by Sen. Maria Okafor' is Okafor, not 'Sen' (probe10b)."""
    (q,) = extract(body).quotes
    assert speaker in str(q.speaker)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The aide has been dubbed “the quiet fixer” by colleagues.", "colleagues"),
        ("The coach was called “a genius” by friends.", "friends"),
        ("The suspect was described as “armed and dangerous” by police.", "police"),
    ],
)
def test_a_one_word_plural_agent_speaks(extract: Extract, body: str, speaker: str) -> None:
    """Any lowercase plural in -s names who calls it so, unlike 'by far', 'by default'."""
    (q,) = extract(body).quotes
    assert q.speaker == speaker


def test_a_one_word_adverbial_after_by_is_no_agent(extract: Extract) -> None:
    (q,) = extract("The setting is labeled “private” by default, Ana Lund said.").quotes
    assert q.speaker == "Ana Lund"


def test_a_date_after_by_is_no_agent(extract: Extract) -> None:
    (q,) = extract("The plan was called “a shambles” by Tuesday, Ana Lund said.").quotes
    assert q.speaker == "Ana Lund"


def test_passive_agent_stays_bounded(extract: Extract) -> None:
    """A long run of spaces and words after ``by`` is read once, not backtracked."""
    body = "The plan was called “a shambles” by " + "x " * 5000 + "."
    (q,) = extract(body).quotes
    assert q.text == "a shambles"


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ana Lund called for “a full inquiry” into the fire on Monday.",
        "Senator Omar Reyes has long called on voters to “stand up for the river.”",
    ],
)
def test_called_for_is_a_request_not_a_naming_verb(extract: Extract, body: str) -> None:
    """``called for "..."`` asks for something: the speaker is the subject all the same,
    but the fragment names nothing, so the cue is no naming verb."""
    (q,) = extract(body).quotes
    assert q.speaker is not None and q.speaker.endswith(("Lund", "Reyes"))
    assert q.cue not in {"called", "calls"}


def test_a_coordinated_naming_verb_is_not_read_as_its_own_subject(extract: Extract) -> None:
    """``found X confusing and called Y "..."``: "confusing and" is no speaker."""
    body = (
        "In an interview on Monday, Ms. Ana Lund admitted that she found the “debt stack” "
        "confusing and called the golf deal “a great example” of waste."
    )
    quotes = extract(body).quotes
    assert [q.speaker for q in quotes][-1] == "Ana Lund"


@pytest.mark.parametrize(
    "body",
    [
        "Lund dismissed Reyes as “reckless.”",
        "Lund summed up Reyes as “reckless,” and left the hall.",
        # an adverb between the opening name and its verb (probe10b)
        "Ana Lund met Omar Reyes. Lund later dismissed Reyes as “reckless.”",
        "Ana Lund met Omar Reyes. Lund further summed up Reyes as “reckless.”",
    ],
)
def test_an_untagged_subject_comes_before_the_tagged_object(extract: Extract, body: str) -> None:
    """NER may miss a one-word subject and tag the object: the clause's opening name,
    followed by its verb, is still the one who characterises the object."""
    (q,) = extract(body).quotes
    assert q.speaker == "Lund"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Prosecutors portrayed Daniel Weiss as “a reckless gambler.”", "Prosecutors"),
        ("Everyone praised Omar Reyes as “a gentleman.”", "Everyone"),
        ("Moscow dismissed Ana Lund as “a provocateur.”", "Moscow"),
        ("Critics have long portrayed Daniel Weiss as “a reckless gambler.”", "Critics"),
    ],
)
def test_the_object_characterised_after_as_is_not_the_speaker(
    extract: Extract, body: str, speaker: str
) -> None:
    """``<verb> <object> as "..."`` (asobj10): a plural, pronoun or place subject
    still speaks, not the tagged name the verb characterises."""
    (q,) = extract(body).quotes
    assert q.speaker == speaker


def test_a_second_verb_before_the_object_keeps_the_old_reading(extract: Extract) -> None:
    """Only the verb (with an auxiliary, adverb or particle) may stand between the
    subject and the object: 'The ruling that prosecutors sought painted X as' gives no
    'The ruling that prosecutors'."""
    body = "The ruling that prosecutors sought painted Daniel Weiss as “a gambler.”"
    (q,) = extract(body).quotes
    assert q.speaker is not None and "prosecutors" not in q.speaker


def test_a_cue_before_the_object_clause_keeps_its_speaker(extract: Extract) -> None:
    """The object rule is the no-cue fallback only: a speech cue before the clause
    still gives its own subject (``Lund said prosecutors portrayed Weiss as "..."``)."""
    (q,) = extract("Ana Lund said prosecutors portrayed Daniel Weiss as “a gambler.”").quotes
    assert q.speaker == "Ana Lund"


def test_a_lowercase_participle_phrase_after_a_cut_adverb_is_no_subject(
    extract: Extract,
) -> None:
    """``Meanwhile, speaking to X, Lund said``: once "Meanwhile," is cut, the participle
    phrase still leads the clause, and its object is not the speaker."""
    body = (
        "Meanwhile, speaking to NBC’s Morning Hour Tuesday, Lund said the tax code is "
        "“a maze” and that she will fix it."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Lund"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The trouble with the plan, says Omar Reyes, a historian at Keele University, is "
            "that it was “one of the worst ideas in years,” not that it cost money.",
            "Omar Reyes",
        ),
        ("The plan, said the mayor, was “a mess.”", "the mayor"),
        # the usual order after an appositive: the subject before the cue speaks
        (
            "Dana Wirt, the group's chief strategist, said the group might run ads against "
            "Omar Reyes, “depending on how the race develops.”",
            "Dana Wirt",
        ),
        # a clause after the cue is no inverted subject (a stray comma before "said")
        ("Ana Lund, said Tuesday that Omar Reyes, the mayor, was “a liar.”", "Ana Lund"),
    ],
)
def test_a_cue_inverted_inside_commas_has_the_name_after_it(
    extract: Extract, body: str, speaker: str
) -> None:
    (q,) = extract(body).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The plan was praised by Ana Lund and called “a triumph” by Tom Okafor.", "Tom Okafor"),
        ("The bill was approved by a wide margin and called “historic” by fans.", "fans"),
        ("The vote was delayed or labeled “a stunt” by the opposition.", "the opposition"),
    ],
)
def test_the_second_of_two_coordinated_passives_has_its_own_agent(
    extract: Extract, body: str, speaker: str
) -> None:
    """'... and called "..." by X' (or 'or labeled'): X names it so (not the subject;
    and "a wide margin and called" announces no title)."""
    (q,) = extract(body).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "body",
    [
        "The ship was named “Hope” in 1990.",
        "The bridge was opened in 1932 and called “the Iron Lady” for decades.",
        "Ana Lund has been called “the quiet fixer.”",
        "The merger was blocked and dubbed “a fiasco” by Friday.",
    ],
)
def test_a_passive_naming_verb_without_agent_gives_no_speaker(extract: Extract, body: str) -> None:
    """'The ship was named "Hope"': the subject is the thing named, not who names it."""
    (q,) = extract(body).quotes
    assert q.speaker is None


def test_a_speech_cue_before_a_passive_naming_verb_keeps_its_speaker(extract: Extract) -> None:
    (q,) = extract("Ana Lund said the plan was called “reckless” in private.").quotes
    assert q.speaker == "Ana Lund"


def test_an_active_naming_verb_after_a_comma_keeps_its_subject(extract: Extract) -> None:
    """'X, for one, called "..."': X names it (a comma, no auxiliary: not a passive)."""
    (q,) = extract("Okafor repeated claims that Ana Lund, for one, called “a sham.”").quotes
    assert q.speaker == "Ana Lund"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Okafor defended a man branded “a traitor” by his rivals.", "his rivals"),
        ("Okafor defended a plan labeled “reckless” by Ana Lund.", "Ana Lund"),
        ("The band released a song called “Hope” by the river.", None),
        ("The band covered a song called “Hope” by Tom Okafor.", None),
        ("She read a novel called “The Long Night” by Ana Lund.", None),
        ("Fans cheered a striker called “the Wall” by his teammates.", "his teammates"),
    ],
)
def test_the_agent_of_a_reduced_naming_relative_speaks(
    extract: Extract, body: str, speaker: str | None
) -> None:
    """'a man branded "..." by his rivals': the rivals name him so (no title); a place
    after "by" ("by the river") is no one, and a named agent after a title ('a song
    called "Hope" by Tom Okafor') is its author, not one who names it."""
    (q,) = extract(body).quotes
    assert q.speaker == speaker
