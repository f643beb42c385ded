"""Every quotation pattern of the brief: split, multi-paragraph, colon, wire style."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from stream.core.extract.quotes import introduces_title
from tests.unit.extract.tagged import full

Extract = Callable[[str], Extraction]


def test_split_quote_both_halves_attributed(extract: Extract) -> None:
    body = (
        "Attorney General Dana Pruitt announced the reward on Thursday. “The government is "
        "doubling the reward for information leading to his arrest,” Pruitt said. “He will "
        "not escape justice.”"
    )
    qs = full(extract(body))
    assert [q.text for q in qs] == [
        "The government is doubling the reward for information leading to his arrest,",
        "He will not escape justice.",
    ]
    assert {q.speaker for q in qs} == {"Dana Pruitt"}
    assert qs[0].cue == "said"


def test_quote_split_mid_sentence_lowercase_continuation(extract: Extract) -> None:
    body = (
        "The officer, Deborah Carter, spoke to reporters. “I spent 22 years serving this "
        "city,” Carter said outside the courthouse, “and one episode nearly destroyed it.”"
    )
    qs = full(extract(body))
    assert len(qs) == 2
    assert qs[1].text == "and one episode nearly destroyed it."
    assert all(q.speaker == "Deborah Carter" for q in qs)


def test_multi_paragraph_quote_reopens_without_closing(extract: Extract) -> None:
    body = (
        "Judge Anne Walsh addressed the defendant directly.\n\n"
        "“You did not make a mistake. You made a choice, again and again.\n\n"
        "“The victims were teachers and nurses who believed you,” the judge said."
    )
    ex = extract(body)
    qs = full(ex)
    assert len(qs) == 1
    q = qs[0]
    assert q.text == (
        "You did not make a mistake. You made a choice, again and again.\n\n"
        "The victims were teachers and nurses who believed you,"
    )
    assert q.speaker == "the judge"  # the description as written ...
    assert q.speaker_canonical == "Anne Walsh"  # ... linked to the judge named before
    assert body[q.start : q.end].startswith("You did not")
    assert body[q.start : q.end].endswith("believed you,")


def test_colon_introduced_quote(extract: Extract) -> None:
    body = (
        "Tom Okafor, the transport minister, underscored the change of course: “From now "
        "on, every night train gets a sleeping car.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "Tom Okafor"
    assert q.cue == "underscored"


def test_attribution_in_sentence_before_wire_style(extract: Extract) -> None:
    body = 'Mr Smith says the plan will fail. "It is doomed from the start and everyone knows it."'
    (q,) = full(extract(body))
    assert q.speaker == "Smith"
    assert q.cue == "says"


def test_attribution_in_sentence_after(extract: Extract) -> None:
    body = (
        '"The demand for our new chips is insane." That was how chief executive Lena '
        "Ostrova described orders from cloud providers."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Lena Ostrova"


def test_inverted_said_and_description_not_clipped(extract: Extract) -> None:
    body = (
        'The Pentagon declined comment, while a White House rep said that "President '
        'Halvorsen\'s top priority is protecting the homeland." "This is a clean bill that '
        'keeps the government open," said Rep. Ruth Ellery.'
    )
    qs = full(extract(body))
    assert [q.speaker for q in qs] == ["a White House rep", "Ruth Ellery"]
    assert qs[0].speaker_canonical is None
    assert qs[1].speaker_canonical == "Ruth Ellery"


def test_straight_and_curly_marks_and_offsets(extract: Extract) -> None:
    body = 'She left. "We will be back next year," Coach Joe Marrow said.'
    (q,) = full(extract(body))
    assert body[q.start : q.end] == q.text == "We will be back next year,"


def test_bare_one_and_another_borrow_the_group(extract: Extract) -> None:
    body = (
        "The move raised questions among X users, with one asking “will that be "
        "considered aggression towards Bolivia?” Another advocated for a tougher line, "
        "saying “Mexico is a narco state and the cartels run it.”"
    )
    qs = full(extract(body))
    assert [q.speaker for q in qs] == ["one X user", "another X user"]
    assert [q.cue for q in qs] == ["asking", "saying"]


def test_fragments_scare_quotes_titles_nicknames(extract: Extract) -> None:
    body = (
        "The producer of the podcast “Crime Junkie After Dark,” Evan “Ace” Holloway, was "
        "found liable. Critics called the ruling a “dangerous precedent” and whether it "
        "counts as “murder” is unclear. Her approach made her the “mayor whisperer.” "
        "The company described the rules as “a potential turning point for the sector.”"
    )
    ex = extract(body)
    assert ex.quotes, "fragments are reported, marked"
    assert all(q.kind == "partial" for q in ex.quotes)


def test_unbalanced_marks_do_not_invent_quotes(extract: Extract) -> None:
    body = (
        "He said “this never closes and runs on.\n\n"
        "A new paragraph with no quote. Then “a closed one here for sure,” she said."
    )
    qs = extract(body).quotes
    assert [q.text for q in qs] == ["a closed one here for sure,"]


def test_attribution_after_as_message_from(extract: Extract) -> None:
    body = (
        '"We will fight this ruling all the way to the top" — that was the message from '
        "Governor Tom Smith on Friday."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Tom Smith"


def test_nested_single_quote_then_spaced_closer(extract: Extract) -> None:
    body = (
        "\"They tell you to smile and say 'Thank you,' \" Maria Gonzalez said at the hearing. "
        '"Nobody asked what it cost us."'
    )
    qs = [q for q in extract(body).quotes if q.kind == "full"]
    assert [q.text for q in qs] == [
        "They tell you to smile and say 'Thank you,'",
        "Nobody asked what it cost us.",
    ]
    assert [q.speaker for q in qs] == ["Maria Gonzalez", "Maria Gonzalez"]


def test_spaced_mark_without_nested_quote_stays_unusable(extract: Extract) -> None:
    body = 'He typed " and hit enter. "This is the real quote," the clerk said.'
    (q,) = [q for q in extract(body).quotes if q.kind == "full"]
    assert q.text == "This is the real quote,"


def test_triple_apostrophe_closes_nested_and_double_quote(extract: Extract) -> None:
    body = "''I would call the style 'old-fashioned,''' said Gregor Lindqvist, a former envoy."
    (q,) = [q for q in extract(body).quotes if q.kind == "full"]
    assert q.text == "I would call the style 'old-fashioned,'"
    assert q.speaker == "Gregor Lindqvist"


def test_opening_curly_mark_typed_as_closer(extract: Extract) -> None:
    body = "“It's rare,“ said Nora Bellamy, an attorney. “It's a hard case to win.”"
    qs = [q for q in extract(body).quotes if q.kind == "full"]
    assert [q.text for q in qs] == ["It's rare,", "It's a hard case to win."]
    assert [q.speaker for q in qs] == ["Nora Bellamy", "Nora Bellamy"]


@pytest.mark.parametrize(
    ("before", "title"),
    [
        ("The couple ran a bed and breakfast named ", True),
        ("She runs a bed and breakfast called ", True),
        ("The bill was approved by a wide margin and called ", False),
        ("The motion was carried by a large majority or dubbed ", False),
    ],
)
def test_a_conjunction_joins_a_titles_modifiers_but_is_no_noun(before: str, title: bool) -> None:
    """'a bed and breakfast named "X"' announces a title; in 'by a wide margin and
    called' the "and" would be the noun: a second verb, no title."""
    assert introduces_title(before + "“X”", len(before)) is title


@pytest.mark.parametrize(
    "before",
    ["The council approved a program branded ", "She sells a cider labeled ", "a fund labelled "],
)
def test_branded_and_labeled_after_a_thing_announce_a_title(before: str) -> None:
    """'a program branded "X"' names the program, like 'a program called "X"'."""
    assert introduces_title(before + "“X”", len(before))


def test_a_branded_program_has_no_speaker(extract: Extract) -> None:
    (q,) = extract("The council approved a program branded “Green Streets” last year.").quotes
    assert q.speaker is None
