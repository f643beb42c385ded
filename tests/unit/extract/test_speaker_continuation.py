"""Quotes attributed by the paragraph around them rather than by their own sentence:
a signature line under a quote, a scene-setting lead-in before a continued voice.
Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

Extract = Callable[[str], Extraction]


def test_signature_line_under_a_quote_names_its_speaker(extract: Extract) -> None:
    body = (
        "Heard at the fair.\n\n"
        "“The pumpkins are bigger than last year, and so is the queue for pie.”\n\n"
        "— Ruth Okonkwo, Dayton.\n\n"
        "“I drove four hours for the tractor parade and it was worth it.”\n\n"
        "-Mayor Leif Andersen, on the local radio."
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["Ruth Okonkwo", "Mayor Leif Andersen"]


def test_subheading_between_dashes_is_no_signature(extract: Extract) -> None:
    body = (
        "“The harbour will reopen when the divers are done,” Anneke Vos said.\n\n"
        "“Nobody wants the boats stuck here for another week.”\n\n"
        "– A long winter –.\n\n"
        "Shipping resumed on Monday."
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["Anneke Vos", "Anneke Vos"]


def test_lead_in_naming_nobody_continues_the_previous_voice(extract: Extract) -> None:
    body = (
        "“We never promised a tunnel,” Councillor Bram Dekker told the Harbour Gazette in "
        "May.\n\n"
        "Then, two weeks later on the evening news: “The tunnel is the only serious "
        "option.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["Councillor Bram Dekker"] * 2


def test_title_case_sentence_of_its_own_is_a_statement(extract: Extract) -> None:
    body = (
        "“Only two of them have the money and the staff to go the distance,” said Oona "
        "Brady, a strategist in Dublin. “That’s Niall Hegarty and Ciara Lynch.”\n\n"
        "Both declined to comment. Fans of the old show still ask for “The Long Field.”"
    )
    qs = extract(body).quotes
    assert [(q.kind, q.speaker) for q in qs[:2]] == [("full", "Oona Brady")] * 2
    assert qs[2].kind == "partial"


def test_quote_paragraph_after_a_paragraph_about_the_last_speaker(extract: Extract) -> None:
    body = (
        "“The ferry deal is the best thing this island has seen in years,” Halvard "
        "Rasmussen says.\n\n"
        "Rasmussen is hopeful about the vote, since he trusts the mayor to win over both "
        "sides.\n\n"
        "“Nobody else can bring both harbours to the table.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["Halvard Rasmussen"] * 2


def test_no_continuation_when_the_paragraph_is_about_someone_new(extract: Extract) -> None:
    body = (
        "“The ferry deal is the best thing this island has seen in years,” Halvard "
        "Rasmussen says.\n\n"
        "Greta Solheim, the harbour master, is less sure of the timetable.\n\n"
        "“Nobody has shown me the crew rota.”"
    )
    qs = extract(body).quotes
    assert qs[1].speaker != "Halvard Rasmussen"


def test_no_continuation_past_someone_else_named_before_the_quote() -> None:
    # names tagged by hand: another person named (no cue) between the quotes is
    # likelier the next voice than the last speaker, so the voice does not go on
    body = (
        "Petra Lund said, “We will win the vote on Tuesday.” Tomas Okafor, her rival, "
        "shook his head. “We will see who turns up.”"
    )
    tags = [("Petra Lund", "PERSON", "Petra Lund"), ("Tomas Okafor", "PERSON", "Tomas Okafor")]
    qs = attribute(body, tags)
    assert qs[0].speaker == "Petra Lund"
    assert qs[1].speaker != "Petra Lund"  # Okafor, or nobody: not a continuation


@pytest.mark.parametrize(
    "body",
    [
        "“We will not resign,” Ana Lund said, “this day,” Tom Okafor added.",
        "“We will not resign,” Ana Lund said, “this day,” added Tom Okafor.",
        "“We will not resign,” Ana Lund said, “not today,” Tom Okafor told reporters.",
    ],
)
def test_a_fragment_after_a_split_quote_with_its_own_attribution_is_the_new_voice(
    body: str,
) -> None:
    """'"...," A said, "this day," B added': the second fragment is B's, not the rest of
    A's split sentence (spk10)."""
    assert [q.speaker for q in attribute(body, LUND_OKAFOR)] == ["Ana Lund", "Tom Okafor"]


def test_the_rest_of_a_split_sentence_stays_the_first_voice() -> None:
    body = "“We will not resign,” Ana Lund said, “not this year.” Tom Okafor left the room."
    assert [q.speaker for q in attribute(body, LUND_OKAFOR)] == ["Ana Lund", "Ana Lund"]
