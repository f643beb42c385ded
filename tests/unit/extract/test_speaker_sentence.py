"""Attributions of the whole sentence (``speaker_sentence.py``), on sentences written for
these tests: an attribution closing the sentence after the reporter's own words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def test_closing_cue_then_name_attributes_a_full_quote(extract: Extract) -> None:
    body = (
        "“Nobody expected the bakery to survive the winter on bread alone” in a town "
        "this small, wrote the local paper."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the local paper"
    assert q.cue == "wrote"
    body = (
        "“Half the boats will stay in the harbour until the storm has passed” this week, "
        "the coast guard warned on Sunday."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the coast guard"


def test_closing_cue_then_name_attributes_a_fragment(extract: Extract) -> None:
    body = (
        "The school has spent “far too little” on its library for a decade, says Marta "
        "Wu, a parent on the board."
    )
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker == "Marta Wu"
    assert body[q.speaker_start : q.speaker_end] == "Marta Wu"
    body = "The mill owes the farmers “a small fortune” after the dry summer, the union said."
    (q,) = extract(body).quotes
    assert q.speaker == "the union"


def test_closing_attribution_takes_the_piece_at_the_cue(extract: Extract) -> None:
    body = (
        "The fund took “as much as it could” from farmers, traders, and other lenders, "
        "the regional paper reported."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the regional paper"


def test_auxiliary_before_the_cue_is_no_part_of_the_speaker(extract: Extract) -> None:
    body = (
        "Leaders of the union have long said they would make sure that "
        "“every crane operator gets a fair hearing.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Leaders of the union"
    assert body[q.speaker_start : q.speaker_end] == q.speaker_mention


@pytest.mark.parametrize("name", ["Helen May", "Dana Kelly"])
def test_a_name_ending_like_an_auxiliary_or_adverb_is_kept(extract: Extract, name: str) -> None:
    body = f"“The harbour stays open,” {name} said on Friday."
    (q,) = extract(body).quotes
    assert q.speaker == name


def test_fragment_in_the_next_sentence_continues_the_attribution(extract: Extract) -> None:
    body = (
        "“The ferry was meant to carry forty cars,” Ilse Marek said. Instead, it "
        "“crawls across the bay with twelve.”"
    )
    first, frag = extract(body).quotes
    assert first.speaker == "Ilse Marek"
    assert frag.kind == "partial"
    assert frag.speaker == "Ilse Marek"
    assert frag.speaker_start == first.speaker_start  # the inherited attribution words


def test_fragment_after_a_new_subject_is_no_continuation(extract: Extract) -> None:
    body = (
        "“The ferry was meant to carry forty cars,” Ilse Marek said. The harbour "
        "board, meanwhile, keeps its “long-term view.”"
    )
    _, frag = extract(body).quotes
    assert frag.speaker != "Ilse Marek"


def test_so_called_fragment_is_no_continuation(extract: Extract) -> None:
    body = (
        "“The ferry was meant to carry forty cars,” Ilse Marek said. Then came the "
        "so-called “rescue” timetable."
    )
    _, frag = extract(body).quotes
    assert frag.speaker is None


def test_plural_subject_with_an_aside_before_a_present_cue(extract: Extract) -> None:
    body = "The two wardens, however, argue that “no ferry should sail half empty.”"
    (q,) = extract(body).quotes
    assert q.speaker == "The two wardens"
    assert q.cue == "argue"


def test_long_clause_after_the_cue_introduces_the_quote_with_a_colon(extract: Extract) -> None:
    body = (
        "The coach told the players before kickoff that whatever happened in the first "
        "half, and however loud the away fans became behind the goal, one thing had to "
        "stay the same: “We keep the ball on the ground.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The coach"
    assert q.cue == "told"


def test_according_to_opening_the_sentence_is_its_source(extract: Extract) -> None:
    body = (
        "According to the Lakeside Courier, the two men were wearing jackets that read "
        "“Ferry for all.”"
    )
    (q,) = extract(body).quotes
    # the name as an organization's (its "the" left to the mention, as written)
    assert (q.speaker, q.speaker_mention) == ("Lakeside Courier", "the Lakeside Courier")
    assert q.cue == "according to"


def test_a_cue_word_after_a_determiner_is_a_noun(extract: Extract) -> None:
    body = (
        "Ilse Marek wrote to the board on Monday and said their remarks were a gift "
        "to “every smuggler on the coast.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Ilse Marek"
    assert q.cue == "said"


def test_leading_as_clause_names_are_not_the_subject(extract: Extract) -> None:
    body = (
        "As Ilse Marek attacked the harbour board, the dockers chanted, “Keep the "
        "cranes!” as they had all week."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the dockers"


def test_as_name_put_it_keeps_the_name(extract: Extract) -> None:
    body = "As Ilse Marek, the No. 2 on the board, put it: “This refit will not pass.”"
    (q,) = extract(body).quotes
    assert q.speaker == "Ilse Marek"


def test_parenthetical_cue_takes_the_name_right_before_it(extract: Extract) -> None:
    body = (
        "In those years the mill’s owner, Jonas Berg, Rosa Delgado recalls, kept “a "
        "ledger for every loaf.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Rosa Delgado"
    body = (
        "The bridge, the inspectors wrote, had been “rusting from the inside” and "
        "needed “new cables.”"
    )
    assert [q.speaker for q in extract(body).quotes] == ["the inspectors", "the inspectors"]


def test_parenthetical_appositive_keeps_the_subject(extract: Extract) -> None:
    body = "Tomas Brandt, the harbour master, said, “The port stays open.”"
    (q,) = extract(body).quotes
    assert q.speaker == "Tomas Brandt"


def test_whom_before_a_naming_verb_is_the_object(extract: Extract) -> None:
    body = (
        "Wen Adebayo never lost faith in the young goalkeeper, whom he calls “the calmest "
        "player in the league.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Wen Adebayo"
    assert q.speaker_mention == "he"


def test_second_verb_after_but_and_an_auxiliary_keeps_the_subject(extract: Extract) -> None:
    body = (
        "The bakers stopped talking to the mill, but have said privately that the flour "
        "was “never the problem.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The bakers"


def test_pronoun_after_a_leading_prepositional_phrase_speaks(extract: Extract) -> None:
    body = "A banner hangs over the gate. In large letters it says, “Members only after dark.”"
    (q,) = extract(body).quotes
    assert q.speaker == "A banner"
    assert q.speaker_mention == "it"


def test_past_tense_verb_and_comma_introduce_the_quote(extract: Extract) -> None:
    body = "Late in the second half, Wen Adebayo shrugged, “A draw is fine by me.”"
    (q,) = extract(body).quotes
    assert q.speaker == "Wen Adebayo"
    (q,) = extract("Wen Adebayo grinned, “Not bad for a Tuesday.”").quotes
    assert q.speaker == "Wen Adebayo"


def test_past_tense_verb_with_a_thing_as_subject_gives_nobody(extract: Extract) -> None:
    body = "The new timetable was approved, “We will run the winter ferries twice a day.”"
    (q,) = extract(body).quotes
    assert q.speaker is None


def test_question_put_to_the_subject_is_not_theirs(extract: Extract) -> None:
    body = (
        "Tomas Brandt was asked, “Would you have warned the board about the cranes?” "
        "He answered, “I had no idea.”"
    )
    question, answer = extract(body).quotes
    assert question.speaker is None
    assert answer.speaker == "Tomas Brandt"


def test_parenthetical_description_speaks_for_the_long_rest(extract: Extract) -> None:
    body = (
        "Nothing about the stadium, the architect insists, will be ready before the "
        "autumn rains reach the valley and the last steel beams are lifted into place, "
        "“Not even the car park will open.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the architect"


def test_adverb_before_a_parenthetical_cue_is_no_subject(extract: Extract) -> None:
    body = (
        "Historians agree on it (Tomas Brandt, who mapped the old harbour, once said, "
        "“It silted up many times before the port was built”)."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Tomas Brandt"


def test_according_to_inside_the_sentence_is_its_source(extract: Extract) -> None:
    body = (
        "Other gaps, according to the survey, include age, with Marek far ahead among "
        "“very young” voters."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "the survey"


def test_so_called_is_no_description_subject(extract: Extract) -> None:
    body = "The board met again. The so called “Harbour Initiative” was backed by pilots."
    (q,) = extract(body).quotes
    assert q.speaker is None


@pytest.mark.parametrize(
    "body",
    [
        " ".join(f"It was “word{i}” in town, and more, said Ilse Marek." for i in range(500)),
        "The plan" + ", and more" * 5000 + ", said Ilse Marek “fine” " + ", x" * 5000 + ".",
        " ".join("Brandt was asked, “Why?” He was asked, “Why not?”" for _ in range(500)),
        " ".join(
            f"The board, Ilse Marek said, is “bad{i}” and, the pilot said, “worse.”"
            for i in range(500)
        ),
        "According to" + " the" * 8000 + ", the men wore “shirts”.",
        "Leaders" + " have" * 8000 + " said “no.”",
        " ".join("Marek cracked, “I am done.” Instead, “it is over.”" for _ in range(500)),
    ],
)
def test_sentence_rules_stay_bounded(extract: Extract, body: str) -> None:
    ex = extract(body)
    assert ex.quotes
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(body)
        assert (q.speaker is None) == (q.speaker_start is None)


def test_closing_attribution_after_two_fragments(extract: Extract) -> None:
    body = (
        "Marta Wu runs the night shelter. This year's budget leaves no room for “more "
        "beds” or “more staff”, she told the council."
    )
    quotes = extract(body).quotes
    assert [q.speaker for q in quotes] == ["Marta Wu", "Marta Wu"]


def test_closing_attribution_skips_a_cue_inside_another_fragment(extract: Extract) -> None:
    body = (
        "Ilse Marek praised the pilot, calling him a “steady hand” when asked to "
        "“dock a tanker, read a chart.”"
    )
    first, _ = extract(body).quotes
    assert first.speaker == "Ilse Marek"


def test_dash_signature_in_the_quote_paragraph(extract: Extract) -> None:
    body = "The pilots gathered at dawn.\n\n“We sail at noon.” — Ilse Marek, harbour pilot"
    (q,) = extract(body).quotes
    assert q.speaker == "Ilse Marek"


def test_transcript_label_is_the_person_of_that_surname(extract: Extract) -> None:
    body = (
        "Harbour master Ilse Marek met the pilots on Monday.\n\n"
        "MAREK: “We will rebuild the pier before the winter storms.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Ilse Marek"
    assert q.speaker_mention == "MAREK"


def test_owner_of_a_response_before_a_colon_speaks(extract: Extract) -> None:
    body = "Ilse Marek's response: “We will rebuild the pier before the storms.”"
    (q,) = extract(body).quotes
    assert q.speaker == "Ilse Marek"
