"""Two clauses, two speakers: a quote a reporting verb introduces belongs to that verb's
subject, not to the clause that follows it ("After the judge said "Enough," the
defendant shouted ..."), and a clause opened after a quote by a dash or a conjunction
has its own subject ('... — and the crowd answered "..."'). Sentences written for
these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

Extract = Callable[[str], Extraction]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        (
            "After the judge said “Enough,” the defendant shouted “I am innocent!”",
            ["the judge", "the defendant"],
        ),
        (
            "When the chairman said “Sit down,” the protester replied “Never.”",
            ["the chairman", "the protester"],
        ),
        (
            "Before the mayor said “No,” the council voted “Yes.”",
            ["the mayor", "the council"],
        ),
        (
            "Once the coach said “We lost,” the captain added “We will be back next season.”",
            ["the coach", "the captain"],
        ),
        ("The defendant left the room after the judge said “Enough.”", ["the judge"]),
    ],
)
def test_a_quote_in_a_subordinate_said_clause_is_that_clauses_subjects(
    extract: Extract, body: str, speakers: list[str]
) -> None:
    assert [q.speaker for q in extract(body).quotes] == speakers


def test_a_named_subject_of_an_after_clause_keeps_its_quote() -> None:
    body = "After Ana Lund said “Enough,” Tom Okafor shouted “I am innocent!”"
    tags = [("Ana Lund", "PERSON", "Ana Lund"), ("Tom Okafor", "PERSON", "Tom Okafor")]
    assert [q.speaker for q in attribute(body, tags)] == ["Ana Lund", "Tom Okafor"]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        (
            "Ana Lund said, “We stay” — and the workers replied “Never!”",
            ["Ana Lund", "the workers"],
        ),
        (
            "Tom Okafor said, “The bridge is safe” — and the engineers answered “It is not.”",
            ["Tom Okafor", "the engineers"],
        ),
        (
            "Ana Lund said, “We will win,” and the crowd answered, “Yes, we will.”",
            ["Ana Lund", "the crowd"],
        ),
        (
            "Ana Lund told reporters, “We are done,” and her rival shouted, “Good riddance.”",
            ["Ana Lund", "her rival"],
        ),
        (
            "The union said in a statement, “We will strike on Monday,” and the company "
            "replied that it was “disappointed.”",
            ["The union", "the company"],
        ),
    ],
)
def test_a_clause_after_a_dash_or_and_has_its_own_speaker(body: str, speakers: list[str]) -> None:
    tags = [
        ("Ana Lund", "PERSON", "Ana Lund"),
        ("Tom Okafor", "PERSON", "Tom Okafor"),
        ("The union", "ORG", "The union"),
    ]
    assert [q.speaker for q in attribute(body, tags)] == speakers


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a closing attribution covers the sentence: the words quoted are its subject's
        (
            "Nothing the mayor said “will calm the residents,” the councillor said.",
            ["the councillor"],
        ),
        # a split quote: the cue between the halves belongs to the first
        ("“We lost,” the coach said, “and we know why.”", ["the coach", "the coach"]),
        # a leading participle's subject comes after the quote
        (
            "Recalling “the long winter of the flood,” the statement urged residents to stay calm.",
            ["the statement"],
        ),
        # a second verb of the same subject, not a new clause
        ("Ana Lund said “we will win” and then added “by a mile.”", ["Ana Lund", "Ana Lund"]),
        # a description subject with an irregular past verb ("said", "sought")
        ("The coach said “we will win” and then added “by a mile.”", ["The coach", "The coach"]),
        (
            "The senator sought to calm the crowd, saying the heckler would “not get hurt” at "
            "the rally.",
            ["The senator"],
        ),
        (
            "The mayor called the plan a “gift,” and said its critics were “cynics” for "
            "opposing it.",
            ["The mayor", "The mayor"],
        ),
    ],
)
def test_one_voice_stays_one_voice(extract: Extract, body: str, speakers: list[str]) -> None:
    assert [q.speaker for q in extract(body).quotes] == speakers


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a relative clause after the subordinator: no "the meeting at which she"
        (
            "The radio said the mayor sent a note after the meeting at which she told staff "
            "she was “sorry for the delay and the confusion it caused.”",
            "The radio",
        ),
        # no subject of its own after the subordinator: no "a clip where it"
        ("The tape was released after a clip where it says “we will come back for more.”", None),
    ],
)
def test_no_clause_fragment_is_made_a_speaker_after_a_subordinator(
    extract: Extract, body: str, speaker: str | None
) -> None:
    (q,) = extract(body).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker", "cue"),
    [
        (
            "“It works” in practice, the engineer, who asked not to be named, said.",
            "the engineer",
            "said",
        ),
        (
            "“The deal is off” for now, a diplomat, who was not authorized to speak publicly, "
            "told reporters.",
            "a diplomat",
            "told",
        ),
        (
            "“We are broke” again, the official, who spoke on condition of anonymity, said on "
            "Monday.",
            "the official",
            "said",
        ),
        # the relative clause's own speech verb is not the attribution
        (
            "“We are broke,” the official, who said the city had no reserves, told the council.",
            "the official",
            "told",
        ),
    ],
)
def test_a_relative_clause_between_a_description_and_its_verb_is_skipped(
    extract: Extract, body: str, speaker: str, cue: str
) -> None:
    (q,) = extract(body).quotes
    assert (q.speaker, q.cue, q.speaker_mention) == (speaker, cue, speaker)


@pytest.mark.parametrize(
    "body",
    [
        "“It works” in the lab, the engineer said.",
        "“It works” for now, said the engineer, who asked not to be named.",
        "“It works,” said the engineer, who told reporters the test had passed.",
    ],
)
def test_a_description_without_a_relative_clause_between_still_speaks(
    extract: Extract, body: str
) -> None:
    (q,) = extract(body).quotes
    assert (q.speaker, q.cue) == ("the engineer", "said")


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        (
            "“We will appeal,” Tom Okafor said, “because the ruling is wrong,” and his lawyer "
            "agreed.",
            ["Tom Okafor", "Tom Okafor"],
        ),
        (
            "The mayor accuses the council of “hiding the bill” and the treasurer says the "
            "books are open.",
            ["The mayor"],
        ),
        (
            "His aide had urged him to sound “calm,” but the senator said he would not.",
            ["His aide"],
        ),
        # a bare attribution after the quote is still read
        ("“We are ready,” the coach said, and the captain nodded.", ["the coach"]),
    ],
)
def test_and_or_but_after_a_closing_mark_opens_a_clause_that_is_no_attribution(
    body: str, speakers: list[str]
) -> None:
    tags = [("Tom Okafor", "PERSON", "Tom Okafor")]
    assert [q.speaker for q in attribute(body, tags)] == speakers


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The paper said Ana Lund released a statement on Monday in which she said "
            "“the matter is closed.”",
            "Ana Lund",
        ),
        (
            "The paper said Ana Lund issued a statement in which she said the matter was "
            "“closed for good.”",
            "Ana Lund",
        ),
        (
            "Tom Okafor sent a letter to the board in which the treasurer said the plan was "
            "“unaffordable.”",
            "the treasurer",
        ),
    ],
)
def test_a_relative_clauses_own_subject_speaks_for_its_cue(body: str, speaker: str) -> None:
    # the nearest introducing verb's subject, not the main clause's ("The paper said")
    tags = [("Ana Lund", "PERSON", "Ana Lund"), ("Tom Okafor", "PERSON", "Tom Okafor")]
    (q,) = attribute(body, tags)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "rest",
    [
        "the crowd chanted, and the police, who had formed a line, said nothing.",
        "the crowd chanted, and the guards, who stood at the gate, said they would wait.",
    ],
)
def test_a_cue_before_a_later_relative_clause_keeps_the_quote(rest: str) -> None:
    # the relative-clause look is for a description alone before its verb, not for a
    # later clause of its own
    (q,) = attribute(f"“We are not afraid,” {rest}", [])
    assert (q.speaker, q.cue) == ("the crowd", "chanted")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The mayor, who called the plan “a disaster,” said nothing at the meeting.", "The mayor"),
        ("Residents, who have long called the plan “a disaster,” packed the hall.", "Residents"),
        ("The mayor, who said the plan was “a disaster,” left early.", "The mayor"),
        ("Ana Lund, who called the plan “a disaster,” said nothing.", "Ana Lund"),
        # a relative clause that neither names nor says anything speaks for no one
        ("The mayor, who lives by the “old mill,” said nothing at the meeting.", None),
    ],
)
def test_a_fragment_in_a_who_clause_is_the_relatives_antecedents(
    body: str, speaker: str | None
) -> None:
    """'The mayor, who called the plan "a disaster," said nothing': the fragment is the
    words of the one "who" stands for, named or described (spk10)."""
    (q,) = attribute(body, LUND_OKAFOR)
    assert (q.kind, q.speaker) == ("partial", speaker)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # "who" stands for the phrase right before its comma, not the clause's subject
        (
            "Prosecutors charged the trader, who had called the scheme “foolproof,” with fraud.",
            "the trader",
        ),
        ("She thanked the nurses, who said the ward was “stretched thin.”", "the nurses"),
        # a name right before the comma, whatever the main clause's subject
        ("Lund criticized Okafor, who had called the tariffs “a necessary evil.”", "Tom Okafor"),
        ("The company hired Ana Lund, who once called the coin “a fraud.”", "Ana Lund"),
        # a verb's described object, whatever the main clause's subject
        (
            "The league suspended the player, who had called the referee “a clown,” for a game.",
            "the player",
        ),
        # an appositive's name stays the speaker ("a retired teacher" is Haas)
        ("“Never,” said Ana Lund, 71, a retired teacher, who called it “biblical.”", "Ana Lund"),
    ],
)
def test_a_who_clauses_fragment_goes_to_the_phrase_before_its_comma(
    body: str, speaker: str
) -> None:
    """The antecedent of "who" is the noun phrase it follows, never a whole clause
    ('Prosecutors charged the trader') (probe10)."""
    q = attribute(body, LUND_OKAFOR)[-1]
    assert (q.kind, q.speaker) == ("partial", speaker)


def test_a_who_clause_after_a_prepositions_phrase_does_not_speak_for_that_phrase() -> None:
    """'Democrats across the country, who ...': "the country" is governed by "across",
    it is no head (a PolNeAR story, reworded) (probe10)."""
    body = (
        "Her attacks were echoed by Democrats across the country, who recalled comments "
        "the developer made saying he “sort of hopes” for a crash."
    )
    (q,) = attribute(body, [])
    assert q.speaker is None


@pytest.mark.parametrize(
    ("body", "speaker", "mention"),
    [
        # "who" is the object of a clause with its own subject
        (
            "Okafor attacked the deal signed by Ana Lund, who he said was “in over her head.”",
            "Tom Okafor",
            "Okafor",
        ),
        # a naming verb in the passive: someone else names her so
        (
            "It is awkward for Ana Lund, who could be celebrating being dubbed the “front-runner.”",
            None,
            None,
        ),
        # the naming verb has its own subject inside the relative clause
        (
            "The praise came from Ana Lund, who forced me to laugh when she called him “a gem.”",
            "Ana Lund",
            "she",
        ),
    ],
)
def test_a_name_before_who_that_names_nothing_is_not_the_fragments_speaker(
    body: str, speaker: str | None, mention: str | None
) -> None:
    """The name right before ", who" speaks only when "who" is the naming verb's own
    subject (probe10, from real-text shapes reworded)."""
    q = attribute(body, LUND_OKAFOR)[-1]
    assert (q.speaker, q.speaker_mention) == (speaker, mention)


def test_a_name_of_a_place_after_a_person_is_not_the_who() -> None:
    """'Sen. Ana Lund of Texas, who called the bill "a scam,"': Lund, not Texas."""
    body = "Critics included Sen. Ana Lund of Texas, who called the bill “a scam,” on Monday."
    q = attribute(body, [*LUND_OKAFOR, ("Texas", "GPE", "Texas")])[-1]
    assert q.speaker == "Ana Lund"
