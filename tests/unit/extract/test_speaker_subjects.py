"""The subject of a participle or a colon introduction, read from the clause's finite
verb, on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from stream.core.extract import Extraction, speaker_patterns, speaker_resolve, speakers
from tests.unit.extract.tagged import full

Extract = Callable[[str], Extraction]


def test_possessive_description_before_participle(extract: Extract) -> None:
    body = (
        "OSLO (Wire) — After the vote on the harbour levy, the mayor’s chief adviser "
        "phoned council members, saying: “The levy will pass before the winter.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "the mayor’s chief adviser"


def test_present_verb_subject_before_participle(extract: Extract) -> None:
    # no name and no cue before "saying": only the present-tense verb ("waves") marks
    # the description before it as the clause's subject
    body = (
        "In the video, a smiling deckhand waves at the camera, saying, “Every ferry on "
        "this route will run on batteries by next spring.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "a smiling deckhand"


def test_document_introducing_a_quote_with_a_colon(extract: Extract) -> None:
    body = (
        "The committee published its findings on Tuesday. An appendix to the audit makes "
        "the point plainly: “No contract above the threshold was put out to tender.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "An appendix to the audit"


def test_participle_shares_the_subject_of_an_earlier_reporting_verb(extract: Extract) -> None:
    body = (
        "Beside the protest signs, even a veteran union organiser said the strike could "
        "last weeks, adding, “Nobody here is going back without a written offer.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "a veteran union organiser"


def test_relative_clause_cue_does_not_hand_over_its_complement(extract: Extract) -> None:
    body = (
        "Dr. Ilse Varga, who said last month that the trial was stopped because of its "
        "cost, issued a statement Friday saying, “The data were sound and will be "
        "published.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "Ilse Varga"


def test_fragments_take_the_subject_of_their_own_clause(extract: Extract) -> None:
    # (fragments, not titles: a work NER names as one, "adores “Tin Roof Rain”", is no
    # one's words in a clause without a speech verb since spk10)
    body = (
        "The two rivals share a taste in music. The Ohio senator hums “a sad old tune,” "
        "while the former Maine governor adores “a loud brass band.”"
    )
    speakers = [q.speaker for q in extract(body).quotes]
    assert speakers == ["The Ohio senator", "the former Maine governor"]


def test_fragment_after_a_verb_phrase_gets_no_invented_subject(extract: Extract) -> None:
    # the words before "produced" open with a verb form, not a noun phrase: the
    # fragment has no speaker rather than "counting ballots late into the night"
    body = (
        "The vote was close, and counting ballots late into the night produced a "
        "“clear swing” to the left."
    )
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker is None


def test_bracketed_employer_is_no_alias_of_the_name_before_it(extract: Extract) -> None:
    body = (
        "“Martin Kessler (CNN Chairman and CEO) spoke to the league twice, by phone, on "
        "Friday,” CNN said in a statement.\n\n"
        "“We expect the review to end before the summer.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["CNN", "CNN"]


def test_group_named_after_a_person_speaks_as_the_group(extract: Extract) -> None:
    body = (
        "The rally at the docks was loud. Halvorsen supporters interrupted the minister, "
        "shouting “not one more ferry cut!” before the police moved in."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Halvorsen supporters"


def test_source_introduced_by_from(extract: Extract) -> None:
    body = (
        "The audit was released on Monday. From the auditors’ summary: “Three of the "
        "five depots kept no fuel records at all.”\n\n"
        "From Lindqvist’s Facebook post: “I will not stand again for the board.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["the auditors’ summary", "Lindqvist’s Facebook post"]


def test_initials_cut_by_the_sentence_splitter_keep_the_whole_name(extract: Extract) -> None:
    body = (
        "Only last month, J.K. Morrow, deputy editor of The Coastal Ledger, a weekly "
        "paper serving the fishing towns, wrote, “The quota system has emptied our "
        "harbours.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "J.K. Morrow"


def test_mentioned_is_a_reporting_verb_for_the_next_quote(extract: Extract) -> None:
    body = (
        "Ostrowski looked surprised and mentioned that the permit was posted on the city "
        "website for weeks. “Did nobody on the council read it?”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "Ostrowski"


def test_party_and_state_in_brackets_do_not_cut_the_sentence(extract: Extract) -> None:
    body = (
        "Independent candidate Sen. Ola Brandt (I-Vt.) on Monday attacked the fishing "
        "deal, saying the quotas were “far too timid for the coast.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Ola Brandt"


def test_sung_and_alleged_words_have_a_speaker(extract: Extract) -> None:
    body = (
        "In her best-known ballad, Marisol Ferreira sings, “Leave the lantern by the "
        "door.” The lawsuit alleged that the firm “kept two sets of books for a decade.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["Marisol Ferreira", "The lawsuit"]


def test_long_object_before_that_still_governs_the_quote(extract: Extract) -> None:
    body = (
        "Governor Petra Halvorsen is telling the regulars at a crowded little harbourside "
        "cafe on the old fish market square "
        "in Tromsø, Norway, that “I need every one of you on Tuesday.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Petra Halvorsen"


def test_demonstrative_description_speaks(extract: Extract) -> None:
    body = (
        "The man at the podium looked like the senator but sounded nothing like him.\n\n"
        "“Every farmer in this valley deserves a fair price,” this stand-in declared "
        "to the crowd. This morning, Ivo Marek said, “We will hold the vote in June.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == ["this stand-in", "Ivo Marek"]


def test_phrase_set_off_by_commas_qualifies_the_speaker(extract: Extract) -> None:
    body = (
        "Some marchers sang. Others, angered by the six-month delay in the inquiry, "
        "shouted, “Open the files!” at the police line."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Others"


def test_reply_from_and_in_the_words_of(extract: Extract) -> None:
    body = (
        "The council asked whether the ferry would run in winter. “Not this year,” came "
        "the reply from the harbour master’s office.\n\n"
        "The island is, in Ingrid Solberg’s words, “a village that forgot to stop growing.” "
        "It is, to quote the mayor, “ready for a second quay.”"
    )
    qs = extract(body).quotes
    assert [q.speaker for q in qs] == [
        "the harbour master’s office",
        "Ingrid Solberg",
        "the mayor",
    ]


def test_the_one_who_names_a_fragment_is_its_speaker(extract: Extract) -> None:
    body = (
        "Critics piled on after the vote, and Councillor Ines Moreau, for one, called the "
        "plan “a ferry to nowhere.” Supporters pushed the so called “Harbour First” "
        "scheme instead."
    )
    qs = extract(body).quotes
    assert qs[0].speaker == "Councillor Ines Moreau"
    assert qs[1].speaker == "Supporters"  # the subject, not "the so" before "called"


def test_name_after_a_dash_aside_is_the_subject_of_the_cue(extract: Extract) -> None:
    body = (
        "As Elin Dahl tried to raise the port budget — especially where the claims of "
        "councillor Paul Strand are concerned — Marit Holm answered with a line of her "
        "own: “Budgets are not my department.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "Marit Holm"


def test_sentence_opening_word_is_searched_once(
    extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Fundraising was strong." opens many sentences: whether the story also writes the
    # word inside a sentence is one search of the body, not one per sentence (which made
    # a long body of such sentences quadratic)
    compiled: list[str] = []

    class CountingRe:
        def __getattr__(self, name: str) -> object:
            return getattr(re, name)

        def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
            compiled.append(pattern)
            return re.compile(pattern, flags)

    monkeypatch.setattr(speaker_resolve, "re", CountingRe())
    ex = extract("Fundraising was strong. “We won,” she said. " * 200)
    assert len(ex.quotes) == 200
    searched = [p for p in compiled if "Fundraising" in p]
    assert len(searched) == 1, len(searched)


def test_naming_verb_is_read_only_before_a_naming_verb(
    extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NAMING_VERB (which once backtracked for a third of a second on a window of spaces)
    # runs only when a naming verb ("called", "dubbed") ends the window before the quote
    searched: list[int] = []

    class Counting:
        def search(self, *args: object) -> re.Match[str] | None:
            searched.append(1)
            return speaker_patterns.NAMING_VERB.search(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(speakers, "NAMING_VERB", Counting())
    extract(("He wrote" + " " * 140 + "“a b” ") * 5)
    assert searched == []
    ex = extract("Okafor, for one, called it “a rotten deal” on Monday.")
    assert searched and [q.speaker for q in ex.quotes] == ["Okafor"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The mayor, 61, reportedly called the plan “a disaster” at a meeting.", "The mayor"),
        ("Mayor Ana Lund, 61, reportedly called the plan “a disaster” on Monday.", "Ana Lund"),
        ("The mayor, a Democrat, reportedly called the plan “a disaster.”", "The mayor"),
        ("The mayor, 61, reportedly said: “It is a disaster.”", "The mayor"),
    ],
)
def test_an_adverb_after_an_aside_is_no_subject(extract: Extract, body: str, speaker: str) -> None:
    """'X, 61, reportedly called': the adverb belongs to the verb, the aside to X (the
    adverb alone was read as the speaker of the fragment)."""
    (q,) = extract(body).quotes
    assert q.speaker == speaker
