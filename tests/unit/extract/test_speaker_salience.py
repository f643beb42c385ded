"""Who a "he said" continues, and split quotes, on sentences written for these tests:
the named speaker of a reporting verb outranks the clause subject, an object pronoun
with its own antecedent does not rule out the subject, fragments hand their speaker on."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction
from tests.unit.extract.tagged import attribute, full

Extract = Callable[[str], Extraction]


def test_he_said_continues_the_reporting_verbs_speaker(extract: Extract) -> None:
    body = (
        "Governor Tom Brandt will close three rural hospitals, which would hurt families "
        "across the state, Daniel Hartmann said.\n\n"
        "“Nobody voted for longer ambulance rides,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Daniel Hartmann"


def test_inverted_said_name_with_appositive_then_he_said(extract: Extract) -> None:
    body = (
        "Senator Tom Brandt has lost the valley over power bills, said Robert Okafor, a "
        "pollster at the state university.\n\n"
        "“They feel left behind by both parties,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Robert Okafor"


def test_name_after_said_that_starts_a_clause_is_not_the_speaker(extract: Extract) -> None:
    body = (
        "Peter Lindgren, 52, a retired teacher from the north side, said Senator Maria "
        "Costa had lost his vote.\n\n"
        "“I just do not trust her anymore,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Peter Lindgren"


def test_object_pronoun_with_its_own_antecedent_keeps_the_subject(extract: Extract) -> None:
    body = (
        "At a town hall in Dover, Mr. Hartmann went after Mr. Okafor, calling him a coward.\n\n"
        "He says, “Here is a man who has never built anything in his life.”"
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Hartmann"


def test_second_half_of_a_split_sentence_takes_the_first_halfs_speaker(
    extract: Extract,
) -> None:
    # the second fragment follows only "..., Ivo Marek said, but": the same voice, not
    # the subject of the sentence (Halvorsen), which the fragment alone would take
    body = (
        "Greta Halvorsen, who trained in Bergen, was “over the moon” about the offer, her "
        "coach Ivo Marek said, but “she wanted to read the contract before she signed.”"
    )
    qs = extract(body).quotes
    assert [q.kind for q in qs] == ["partial", "partial"]
    assert [q.speaker_canonical for q in qs] == ["Ivo Marek", "Ivo Marek"]


def test_quote_after_a_fragment_with_a_speech_verb_continues_it(extract: Extract) -> None:
    body = (
        "The mayor's office defended the budget.\n\n"
        "Yet, “it is hard to see a way out,” added Robert Okafor, the city treasurer. "
        "“We have cut everything we can cut.”"
    )
    qs = extract(body).quotes
    assert qs[-1].kind == "full"
    assert qs[-1].speaker_canonical == "Robert Okafor"


def test_as_name_said_introduces_the_quote(extract: Extract) -> None:
    body = (
        "The company has grown quickly. As Daniel Hartmann said last week in Berlin, "
        "“We are only at the start of what this factory can do.”"
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Daniel Hartmann"


def test_colon_introduction_with_a_pronoun_subject(extract: Extract) -> None:
    body = (
        "Maria Costa left the stage to loud applause.\n\n"
        "She then turned to the protesters again: “I hear you, and I will not stop "
        "listening.”"
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Maria Costa"


def test_pronoun_after_a_leading_clause_is_the_cue_subject(extract: Extract) -> None:
    body = (
        "Peter Lindgren ran the clinic for twenty years.\n\n"
        "Asked what he thought of the new rules, he said, “They will close half the "
        "clinics in this county.”"
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Peter Lindgren"


def test_a_name_tagged_person_more_often_than_place_stays_a_person() -> None:
    from stream.core.extract.entities import _fix_labels
    from stream.core.extract.mention import Mention

    text = "Okafor spoke. Okafor left. Okafor won. Voters in Okafor cheered."
    starts = [i for i in range(len(text)) if text.startswith("Okafor", i)]
    labels = ["PERSON", "PERSON", "PERSON", "GPE"]
    ms = [Mention(s, s + 6, "Okafor", lab) for s, lab in zip(starts, labels, strict=True)]
    _fix_labels(ms, text)
    assert [m.label for m in ms[:3]] == ["PERSON"] * 3
    # a word tagged a place at least as often as a person is a place ("Georgia")
    text = "Georgia voted. Georgia said no."
    ms = [Mention(0, 7, "Georgia", "GPE"), Mention(15, 22, "Georgia", "PERSON")]
    _fix_labels(ms, text)
    assert ms[1].label == "GPE"


def test_owner_possessive_with_a_common_noun_is_a_description(extract: Extract) -> None:
    body = (
        "The senator met the mayor on Tuesday.\n\n"
        "“The meeting was productive and both sides will meet again,” Brandt’s office "
        "said in a statement."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Brandt’s office"


def test_last_comma_piece_before_the_cue_names_the_speaker(extract: Extract) -> None:
    body = (
        "When reporters noted that the agency did not follow the demand, in the same bill, "
        "that the report list exact sites and prices, Okafor responded, “The law asks "
        "for estimates we do not have yet.”"
    )
    (q,) = full(extract(body))
    assert q.speaker == "Okafor"


def test_name_opening_a_clause_with_an_appositive_is_the_subject(extract: Extract) -> None:
    body = (
        "Robert Okafor is a consultant who once worked for the mayor. Okafor, a longtime "
        "Brandt ally, said he saw the shift in his own family.\n\n"
        "“It is changing how people vote,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Robert Okafor"


def test_split_sentence_after_an_attributed_fragment(extract: Extract) -> None:
    body = (
        "Daniel Hartmann spoke after the vote. The “anger is like nothing I have seen,” "
        "he told a reporter after the hearing, “and I want us to calm it down.”"
    )
    qs = extract(body).quotes
    assert len(qs) == 2
    assert all(q.speaker_canonical == "Daniel Hartmann" for q in qs)


def test_owner_possessive_before_a_name_qualifies_the_name(extract: Extract) -> None:
    body = (
        "The party's base is shrinking, the consultants agree.\n\n"
        "“We are headed for a wipeout that lasts a generation,” said Ohio’s Robert Okafor, a "
        "party consultant."
    )
    (q,) = full(extract(body))
    assert q.speaker == "Robert Okafor"


def test_description_subject_of_a_second_verb(extract: Extract) -> None:
    body = (
        "A spokesman for the water board declined to comment on the report but said in a "
        "statement that “the board followed every rule in place at the time.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "A spokesman for the water board"


def test_split_quote_after_a_description_with_a_name_modifier() -> None:
    # "Brandt" tagged a person by hand (the small model often leaves it untagged, and
    # then nothing is tested): a name that modifies the noun after it names nobody new,
    # so the description's voice goes on
    body = (
        "“Nearly all of the messages went to official addresses,” a Brandt "
        "campaign spokesman said. “That is plain from the records.”"
    )
    qs = attribute(body, [("Brandt", "PERSON", "Tom Brandt")])
    assert [q.speaker for q in qs] == ["a Brandt campaign spokesman"] * 2


def test_quote_paragraph_after_a_paragraph_ending_on_an_attributed_fragment(
    extract: Extract,
) -> None:
    body = (
        "“He has cast Brandt as the champion of that system,” Robert Okafor, a Costa "
        "supporter, told the magazine.\n\n"
        "Okafor later added that the race was “far from over.”\n\n"
        "“Nobody should write the mayor off before the first vote is counted.”"
    )
    qs = full(extract(body))
    assert [q.speaker_canonical for q in qs] == ["Robert Okafor"] * 2
